package packet

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

const pass = "orange-kite-harbour"

func TestMain(m *testing.M) {
	// Cheap scrypt for tests; the format is the same at any work factor.
	WorkFactor = 10
	os.Exit(m.Run())
}

func sealed(t *testing.T, v any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.age")
	if _, err := seal(path, pass, v); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefuses(t *testing.T) {
	good := sealed(t, header(KindFindings, "fnd_1", "eng_aaaaaaaaaaaa", "ana"))
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(b []byte) string {
		p := filepath.Join(t.TempDir(), "bad.age")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flip := func(i int) []byte {
		b := bytes.Clone(data)
		b[i] ^= 1
		return b
	}
	bodyAt := bytes.Index(data, []byte("\n---")) + 48 // past the header's MAC line
	var other bytes.Buffer
	r, _ := age.NewScryptRecipient(pass)
	r.SetWorkFactor(10)
	w, _ := age.Encrypt(&other, r)
	w.Write([]byte(`{"format":"something-else"}`))
	w.Close()
	newer := header(KindFindings, "fnd_1", "eng_aaaaaaaaaaaa", "ana")
	newer.Version = 2
	steep := bytes.Replace(data, []byte(" 10\n"), []byte(" 30\n"), 1)

	for _, tc := range []struct {
		name, path, pass, code, msg string
	}{
		{"wrong passphrase", good, "not-the-passphrase", audit.EPASSPHRASE, "the passphrase does not open packet p.age"},
		{"empty passphrase", good, "", audit.EPASSPHRASE, "give the passphrase of packet p.age"},
		{"payload altered", write(flip(len(data) - 20)), pass, audit.EINVALID, "is not an intact packet"},
		{"first payload byte altered", write(flip(bodyAt + 20)), pass, audit.EINVALID, "is not an intact packet"},
		{"header altered", write(bytes.Replace(data, []byte("scrypt"), []byte("scryPt"), 1)), pass, audit.EINVALID, "is not an intact packet"},
		{"cut short", write(data[:len(data)-5]), pass, audit.EINVALID, "is not an intact packet"},
		{"bytes appended", write(append(bytes.Clone(data), 'x')), pass, audit.EINVALID, "is not an intact packet"},
		{"asks for too much work", write(steep), pass, audit.EINVALID, "is not an intact packet"},
		{"not age at all", write([]byte("PK\x03\x04 a zip, say")), pass, audit.EINVALID, "is not an intact packet"},
		{"age but not ours", write(other.Bytes()), pass, audit.EINVALID, "bad.age is not an Audit Room packet"},
		{"newer version", sealed(t, newer), pass, audit.EINVALID, "p.age is a version 2 packet; this Audit Room reads version 1"},
		{"missing file", filepath.Join(t.TempDir(), "none.age"), pass, audit.EINVALID, "cannot read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := open(tc.path, tc.pass)
			if audit.ErrorCode(err) != tc.code || !strings.Contains(audit.ErrorMessage(err), tc.msg) {
				t.Errorf("open = %v (%s), want %s containing %q", err, audit.ErrorCode(err), tc.code, tc.msg)
			}
		})
	}
	o, err := open(good, pass)
	if err != nil || o.ID != "fnd_1" || o.Kind != KindFindings || len(o.fileSHA256) != 64 {
		t.Fatalf("open good = %+v, %v", o.Header, err)
	}
	if err := decode(o, KindResponse, &Response{}); err == nil || !strings.Contains(err.Error(), "p.age is a findings packet, not a response packet") {
		t.Errorf("wrong kind: %v", err)
	}
}

func TestSealRefuses(t *testing.T) {
	dir := t.TempDir()
	if _, err := seal(filepath.Join(dir, "p.age"), "short", header(KindFindings, "x", "y", "z")); audit.ErrorCode(err) != audit.EINVALID ||
		!strings.Contains(err.Error(), "at least 8 characters") {
		t.Errorf("short passphrase: %v", err)
	}
	existing := filepath.Join(dir, "keep.pdf")
	os.WriteFile(existing, []byte("the auditor's own file"), 0o600)
	if _, err := seal(existing, pass, header(KindFindings, "x", "y", "z")); audit.ErrorCode(err) != audit.ECONFLICT {
		t.Errorf("over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "the auditor's own file" {
		t.Error("an existing file was overwritten")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind %d files, want only keep.pdf", len(entries))
	}
}

// auditor is an engagement with one control, two findings (one issued,
// one draft) and the data folder they live in.
func auditor(t *testing.T) (*store.Home, audit.Engagement, findings.Finding) {
	t.Helper()
	ctx := context.Background()
	h, err := store.Create(ctx, t.TempDir(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	e, err := h.CreateEngagement(ctx, "ana", audit.Engagement{Name: "Acme FY26 (internal: tough year)", Client: "Acme Holdings",
		Type: audit.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.PutControl(ctx, e.ID, "ana", scope.Control{ID: "AC-01", Title: "Leaver access removal", Criteria: []string{"CC6.2"}}, true); err != nil {
		t.Fatal(err)
	}
	in := findings.Input{Title: "Access not removed on termination", Condition: "2 of 25 leavers kept access.",
		Criteria: []string{"CC6.2"}, Recommendation: "Remove access on the day.", Controls: []string{"AC-01"},
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}}}
	f, err := h.CreateFinding(ctx, e.ID, "ana", in)
	if err != nil {
		t.Fatal(err)
	}
	h.MoveFinding(ctx, e.ID, "ana", f.ID, findings.InReview, "")
	h.SignOffFinding(ctx, e.ID, "ben", f.ID)
	if f, err = h.MoveFinding(ctx, e.ID, "ben", f.ID, findings.Issued, ""); err != nil {
		t.Fatal(err)
	}
	in.Title = "Draft: secret working theory"
	if _, err := h.CreateFinding(ctx, e.ID, "ana", in); err != nil {
		t.Fatal(err)
	}
	return h, e, f
}

func TestFindingsPacketHoldsOnlyIssuedFindings(t *testing.T) {
	h, e, f := auditor(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "findings.age")
	out, err := ExportFindings(ctx, h, e.ID, "ana", path, pass)
	if err != nil || len(out.Findings) != 1 || out.Findings[0] != (store.FindingVersion{ID: f.ID, Version: f.Version}) {
		t.Fatalf("export = %+v, %v", out, err)
	}
	o, err := open(path, pass)
	if err != nil {
		t.Fatal(err)
	}
	text := string(o.plain)
	for _, secret := range []string{"secret working theory", "internal: tough year", "evaluation", "rationale", "AC-01", "ben"} {
		if strings.Contains(text, secret) {
			t.Errorf("the packet holds %q: %s", secret, text)
		}
	}
	var p Findings
	if err := decode(o, KindFindings, &p); err != nil {
		t.Fatal(err)
	}
	if p.Engagement != e.ID || p.Client != "Acme Holdings" || len(p.Criteria) != 1 || p.Criteria[0].ID != "CC6.2" ||
		p.Findings[0].Classification != deficiency.SignificantDeficiency {
		t.Errorf("packet %+v", p)
	}
	packets, _ := h.Packets(ctx, e.ID)
	if len(packets) != 1 || packets[0].Direction != "exported" || packets[0].FileSHA256 != out.SHA256 {
		t.Errorf("packet records %+v", packets)
	}

	// Edited after issue, the finding stays out until issued again.
	in := findings.Input{Title: f.Title, Condition: "3 of 25 leavers kept access.", Criteria: f.Criteria,
		Recommendation: f.Recommendation, Controls: f.Controls, Evaluation: &f.Evaluation.Input}
	if _, err := h.UpdateFinding(ctx, e.ID, "ana", f.ID, in); err != nil {
		t.Fatal(err)
	}
	_, err = ExportFindings(ctx, h, e.ID, "ana", filepath.Join(t.TempDir(), "again.age"), pass)
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), "has no issued findings to send") {
		t.Errorf("export with only a changed finding: %v", err)
	}
}

func TestResponsePacketForAnotherEngagement(t *testing.T) {
	h, e, f := auditor(t)
	ctx := context.Background()
	findingsPath := filepath.Join(t.TempDir(), "findings.age")
	if _, err := ExportFindings(ctx, h, e.ID, "ana", findingsPath, pass); err != nil {
		t.Fatal(err)
	}
	lead, err := store.Create(ctx, t.TempDir(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer lead.Close()
	re, err := OpenFindings(ctx, lead, "dana", findingsPath, pass)
	if err != nil || re.Role != audit.Responder || re.Origin != e.ID || re.Name != "Findings for Acme Holdings" {
		t.Fatalf("open = %+v, %v", re, err)
	}
	a := findings.Answer{FindingID: f.ID, Position: findings.Disagree, Text: "The two leavers were on garden leave with access suspended.", Responder: "Dana Ruiz"}
	if _, err := Respond(ctx, lead, re.ID, a, nil, Importer{Actor: "dana"}); err != nil {
		t.Fatal(err)
	}
	responsePath := filepath.Join(t.TempDir(), "response.age")
	if _, err := ExportResponse(ctx, lead, re.ID, "dana", responsePath, pass); err != nil {
		t.Fatal(err)
	}
	other, err := h.CreateEngagement(ctx, "ana", audit.Engagement{Name: "Other", Client: "Other Ltd", Type: audit.Type1, PeriodStart: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ImportResponse(ctx, h, other.ID, responsePath, pass, nil, Importer{Actor: "ana"})
	want := "response.age answers engagement " + e.ID + ", not " + other.ID + "; nothing was imported"
	if audit.ErrorCode(err) != audit.EINVALID || audit.ErrorMessage(err) != want {
		t.Errorf("import into another engagement: %v, want %q", err, want)
	}
	_, err = ImportResponse(ctx, h, e.ID, findingsPath, pass, nil, Importer{Actor: "ana"})
	if err == nil || !strings.Contains(err.Error(), "findings.age is a findings packet, not a response packet") {
		t.Errorf("a findings packet imported as a response: %v", err)
	}
	res, err := ImportResponse(ctx, h, e.ID, responsePath, pass, nil, Importer{Actor: "ana"})
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	got, r, _ := h.Finding(ctx, e.ID, f.ID)
	if got.Status != findings.ResponseReceived || r == nil || r.Position != findings.Disagree {
		t.Errorf("after import: %s, %+v", got.Status, r)
	}
}
