package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
)

// readCSV writes one of the fixture's tables and parses it back.
func readCSV(t *testing.T, kind export.Kind) (raw string, records [][]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := export.CSV(context.Background(), home, fixture.ID, kind, &buf, export.Options{}); err != nil {
		t.Fatal(err)
	}
	raw = buf.String()
	if !strings.HasPrefix(raw, export.BOM) {
		t.Fatalf("%s.csv does not start with the UTF-8 byte order mark: %q", kind, raw[:min(len(raw), 20)])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, export.BOM)))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s.csv does not parse back: %v", kind, err)
	}
	return raw, records
}

func TestExceptionsCSV(t *testing.T) {
	raw, rec := readCSV(t, export.Exceptions)
	if len(rec) != 3 {
		t.Fatalf("%d records, want a header and 2 exceptions: %q", len(rec), rec)
	}
	if got := strings.Join(rec[0], "|"); got != "Control|Test|Criteria|Sample item|Item key|Attribute|Attribute tested|Note|Evidence|Findings|Test ID" {
		t.Errorf("header %q", got)
	}
	item7 := fixture.AccessSample.Items[6]
	x := rec[1]
	// The control and the test's title lead; the tst_ ID is last, for lookups.
	if x[0] != "AC-01" || x[1] != "Leavers removed on time" || x[2] != "CC6.2" || x[3] != "7" || x[4] != item7.Key || x[5] != "A" ||
		x[9] != "F-001" || x[10] != fixture.Access.ID {
		t.Errorf("first exception %q", x)
	}
	if strings.Contains(strings.Join(x[:10], "|"), "tst_") {
		t.Errorf("a test ID outside the Test ID column: %q", x)
	}
	// Notes that begin like formulas are defused, and their accents survive.
	if x[7] != "'"+exporttest.LateNote || !strings.Contains(x[7], "Zoë Müller") {
		t.Errorf("note %q, want %q behind a single quote", x[7], exporttest.LateNote)
	}
	if rec[2][7] != "'"+exporttest.HyperlinkNote {
		t.Errorf("note %q, want the HYPERLINK formula defused", rec[2][7])
	}
	if !strings.HasPrefix(x[8], "leavers-2026.csv, row ") || !strings.Contains(x[8], fixture.Leavers.SHA256) {
		t.Errorf("evidence %q", x[8])
	}
	// RFC 4180: every record ends in CRLF.
	if strings.Count(raw, "\r\n") != 3 || strings.Count(raw, "\n") != 3 {
		t.Errorf("line ends: %d CRLF and %d LF in %q", strings.Count(raw, "\r\n"), strings.Count(raw, "\n"), raw)
	}
}

func TestFindingsCSV(t *testing.T) {
	raw, rec := readCSV(t, export.Findings)
	if len(rec) != 3 {
		t.Fatalf("%d records, want a header and 2 findings: %q", len(rec), rec)
	}
	f := rec[1]
	if f[0] != "F-001" || f[1] != "Access not removed on termination" || f[3] != "CC6.2" || f[5] != "response received" ||
		f[7] != "agree" || f[9] != "Head of IT" || f[10] != "2026-09-30" || f[11] != exporttest.Responder {
		t.Errorf("F-001 %q", f)
	}
	// The exceptions it cites read by control and test title, not tst_ IDs.
	if want := "AC-01 Leavers removed on time, item 7/A\nAC-01 Leavers removed on time, item 19/A"; f[12] != want {
		t.Errorf("F-001 exceptions %q, want %q", f[12], want)
	}
	if f[6] != "'"+exporttest.FindingOwner || f[8] != "'"+exporttest.CorrectiveAction {
		t.Errorf("owner %q and corrective action %q, want them defused", f[6], f[8])
	}
	// The corrective action's line break stays inside its quoted field
	// (written CRLF, as encoding/csv writes every line break with UseCRLF).
	if !strings.Contains(raw, "\"'- Automate the HR leaver feed to the IT queue\r\n- Reconcile") {
		t.Errorf("the multi-line field is not quoted whole: %q", raw)
	}
	if g := rec[2]; g[0] != "F-002" || g[5] != "draft" || g[7] != "pending" || g[10] != "" {
		t.Errorf("F-002 %q", g)
	}
}

func TestDefuse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-2", "'-2"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"a=b", "a=b"},
		{"Zoë", "Zoë"},
		{"", ""},
	} {
		if got := export.Defuse(tc.in); got != tc.want {
			t.Errorf("Defuse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCSVKind(t *testing.T) {
	err := export.WriteCSV(gather(t), export.POAM, &bytes.Buffer{})
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), "must be findings or exceptions") {
		t.Errorf("WriteCSV(poam): %v", err)
	}
	if _, err := export.ParseKind("csv", "risks"); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("ParseKind(csv, risks): %v", err)
	}
	if k, err := export.ParseKind("oscal", "poam"); err != nil || k != export.POAM {
		t.Errorf("ParseKind(oscal, poam) = %q, %v", k, err)
	}
}
