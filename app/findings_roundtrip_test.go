package app

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
)

const packetPass = "harbour-orange-kite"

// as makes the next calls someone else's, as when the reviewer takes the
// keyboard.
func as(a *App, actor string) { a.Session.actor = actor }

// issuedFinding imports a control matrix and takes one finding through
// review to issue: "tester" prepares, "rita" signs off.
func issuedFinding(t *testing.T, a *App, engID string) findings.Finding {
	t.Helper()
	csv := "Control ID,Title,TSC\nAC-01,Leaver access removal,CC6.2\nAC-09,Monthly account reconciliation,CC6.2\n"
	if _, err := a.Scope.ApplyImport(engID, ImportFile{Kind: "controls", Name: "m.csv", Content: base64.StdEncoding.EncodeToString([]byte(csv))}); err != nil {
		t.Fatal(err)
	}
	f, err := a.Findings.Save(engID, "", accessInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Findings.SetStatus(engID, f.ID, "in_review", ""); err != nil {
		t.Fatal(err)
	}
	as(a, "rita")
	defer as(a, "tester")
	if _, err := a.Findings.SignOff(engID, f.ID); err != nil {
		t.Fatal(err)
	}
	f, err = a.Findings.SetStatus(engID, f.ID, "issued", "")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func accessInput() findings.Input {
	return findings.Input{
		Title:          "Access not removed on termination",
		Condition:      "2 of 25 leavers sampled kept access to the payroll system for more than 10 days.",
		Criteria:       []string{"CC6.2"},
		Cause:          "HR notifications did not reach IT.",
		Effect:         "Former staff could reach payroll data.",
		Recommendation: "Remove access from the HR record of the termination.",
		Controls:       []string{"AC-01"},
		Owner:          "Head of IT",
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential,
			Compensating: []deficiency.Compensating{{Control: "AC-09", Effective: true}}}},
	}
}

// The whole exchange, in two data folders: the auditor issues a finding
// and exports it; the compliance lead opens it, responds with a new
// evidence file and exports the response; the auditor imports it.
func TestResponsePacketRoundTrip(t *testing.T) {
	a, e := unlocked(t)
	f := issuedFinding(t, a, e.ID)
	if f.Classification != deficiency.ControlDeficiency {
		t.Fatalf("with AC-09 compensating, F-001 is %s, want a control deficiency:\n%s", f.Classification, f.Rationale)
	}
	findingsPacket := filepath.Join(t.TempDir(), "acme-findings.age")
	out, err := a.Findings.ExportPacket(e.ID, findingsPacket, packetPass)
	if err != nil || out.PacketID == "" || len(out.Findings) != 1 {
		t.Fatalf("export = %+v, %v", out, err)
	}

	// The compliance lead, in a data folder of their own.
	b := New(Options{DataDir: t.TempDir(), Actor: "dana"})
	t.Cleanup(b.Close)
	if _, err := b.Session.Create("another passphrase entirely"); err != nil {
		t.Fatal(err)
	}
	re, err := b.Findings.OpenResponderPacket(findingsPacket, packetPass)
	if err != nil || re.Role != audit.Responder || re.Origin != e.ID {
		t.Fatalf("open = %+v, %v", re, err)
	}
	page, err := b.Findings.List(re.ID, FindingFilter{})
	if err != nil || page.Total != 1 || page.Findings[0].Status != findings.Issued || page.Findings[0].Title != f.Title {
		t.Fatalf("responder list = %+v, %v", page, err)
	}
	restore := filepath.Join(t.TempDir(), "hr-feed-change.txt")
	os.WriteFile(restore, []byte("Change CHG-4471: the HR system now sends leaver notices to the Quokkadesk queue.\n"), 0o600)
	r, err := b.Findings.Respond(re.ID, f.ID, ResponseInput{Position: findings.Agree, Text: "We agree with the finding.",
		CorrectiveAction: "Automated leaver feed from HR to IT.", Owner: "Head of IT", TargetDate: "2026-09-30",
		Responder: "Dana Ruiz", Files: []string{restore}})
	if err != nil || len(r.Evidence) != 1 || r.FindingVersion != f.Version {
		t.Fatalf("respond = %+v, %v", r, err)
	}
	responsePacket := filepath.Join(t.TempDir(), "acme-response.age")
	if _, err := b.Findings.ExportResponse(re.ID, responsePacket, packetPass); err != nil {
		t.Fatal(err)
	}

	// A tampered packet and a wrong passphrase are refused and change nothing.
	data, _ := os.ReadFile(responsePacket)
	data[len(data)-30] ^= 0x40
	tampered := filepath.Join(t.TempDir(), "tampered.age")
	os.WriteFile(tampered, data, 0o600)
	// The store's bytes and the index's documents, before and after.
	state := func() string {
		ix, err := a.Session.index(t.Context(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		n, err := ix.Count()
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s, %d documents", folderHash(t, a.Session.dir), n)
	}
	before := state()
	_, err = a.Findings.ImportPacket(e.ID, tampered, packetPass, nil)
	wantUIError(t, err, audit.EINVALID, "tampered.age is not an intact packet: it is damaged, cut short or was altered after it was made; nothing was taken from it")
	_, err = a.Findings.ImportPacket(e.ID, responsePacket, "not the passphrase", nil)
	wantUIError(t, err, audit.EPASSPHRASE, "the passphrase does not open packet acme-response.age")
	if after := state(); after != before {
		t.Fatal("a refused packet changed the data folder")
	}

	res, err := a.Findings.ImportPacket(e.ID, responsePacket, packetPass, nil)
	if err != nil || !slices.Equal(res.Applied, []string{f.ID}) || res.Evidence != 1 || len(res.Conflicts) != 0 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	d, err := a.Findings.Get(e.ID, f.ID)
	if err != nil || d.Finding.Status != findings.ResponseReceived || d.Response == nil || d.Response.Text != "We agree with the finding." ||
		d.Response.Responder != "Dana Ruiz" || d.Stale {
		t.Fatalf("after import: %+v, %v", d, err)
	}
	if len(d.Evidence) != 1 || d.Evidence[0].Evidence.Name != "hr-feed-change.txt" || len(d.Evidence[0].Provenance) != 1 ||
		d.Evidence[0].Provenance[0].Source != "provided by management" || d.Evidence[0].Evidence.Status != audit.Extracted {
		t.Fatalf("response evidence %+v", d.Evidence)
	}
	hits, err := a.Search.Run(e.ID, "Quokkadesk", 0, 10)
	if err != nil || hits.Total != 1 {
		t.Errorf("the evidence sent with the response is not searchable: %+v, %v", hits, err)
	}

	// The same packet again changes nothing (where the first import did).
	if state() == before {
		t.Fatal("the data folder looks the same after an import: the comparison sees nothing")
	}
	before = state()
	res, err = a.Findings.ImportPacket(e.ID, responsePacket, packetPass, nil)
	if err != nil || !slices.Equal(res.Unchanged, []string{f.ID}) || len(res.Applied) != 0 {
		t.Fatalf("import again = %+v, %v", res, err)
	}
	if after := state(); after != before {
		t.Fatal("importing the same packet again changed the data folder")
	}

	// A finding edited after issue: a response to the issued version is
	// flagged, not merged, until the auditor confirms it.
	in := accessInput()
	in.Recommendation = "Remove access within one hour of the termination."
	if _, err := a.Findings.Save(e.ID, f.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Findings.Respond(re.ID, f.ID, ResponseInput{Position: findings.PartiallyAgree, Text: "Within one business day.",
		CorrectiveAction: "Automated leaver feed.", Owner: "Head of IT", TargetDate: "2026-09-30", Responder: "Dana Ruiz",
		Evidence: []string{r.Evidence[0].EvidenceID}}); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "acme-response-2.age")
	if _, err := b.Findings.ExportResponse(re.ID, second, packetPass); err != nil {
		t.Fatal(err)
	}
	before = state()
	res, err = a.Findings.ImportPacket(e.ID, second, packetPass, nil)
	if err != nil || len(res.Applied) != 0 || len(res.Conflicts) != 1 || res.Conflicts[0].FindingID != f.ID ||
		res.Conflicts[0].Reason != "F-001 changed since the version the response answers" || res.Conflicts[0].Answered != f.Version {
		t.Fatalf("import of a response to a changed finding = %+v, %v", res, err)
	}
	if after := state(); after != before {
		t.Fatal("a flagged response changed the data folder")
	}
	res, err = a.Findings.ImportPacket(e.ID, second, packetPass, []string{f.ID})
	if err != nil || !slices.Equal(res.Confirmed, []string{f.ID}) {
		t.Fatalf("confirmed import = %+v, %v", res, err)
	}
	if d, _ := a.Findings.Get(e.ID, f.ID); d.Response.Position != findings.PartiallyAgree || d.Response.Confirmed == nil || !d.Stale {
		t.Fatalf("confirmed response %+v, stale %v", d.Response, d.Stale)
	}
	// Nothing of the response's file is readable on either disk, once
	// the stores are closed (open, Badger keeps gigabyte sparse files).
	a.Close()
	b.Close()
	for _, dir := range []string{a.Session.dir, b.Session.dir, filepath.Dir(responsePacket)} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("Quokkadesk")) {
					t.Errorf("%s holds the evidence text in plain bytes", path)
				}
			}
			return err
		})
	}
}
