package app

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/scope"
	"auditroom/backend/view"
	"auditroom/backend/view/pdftest"
)

// A place picked in the viewer of a JSON or NDJSON file is pinned as its
// record and line, to a control, a test cell and a finding, and the
// workbook and the report cite it so.
func TestViewerPinsJSONRecords(t *testing.T) {
	a, e := unlocked(t)
	// NDJSON: a blank line after every fifth record, so records and lines part ways.
	var nd strings.Builder
	ndLine, line := 0, 0
	for r := 1; r <= 30; r++ {
		line++
		fmt.Fprintf(&nd, `{"user":"u%03d","action":"login","ok":true}`+"\n", r)
		if r == 12 {
			ndLine = line
		}
		if r%5 == 0 {
			nd.WriteString("\n")
			line++
		}
	}
	// A JSON array, pretty-printed: each record spans four lines.
	var js strings.Builder
	js.WriteString("[\n")
	jsLine := 0
	for r := 1; r <= 20; r++ {
		if r == 7 {
			jsLine = strings.Count(js.String(), "\n") + 1
		}
		sep := ","
		if r == 20 {
			sep = ""
		}
		fmt.Fprintf(&js, "  {\n    \"role\": \"r%03d\",\n    \"granted_by\": \"admin\"\n  }%s\n", r, sep)
	}
	js.WriteString("]\n")
	// CloudTrail on one line: every record starts on line 1.
	var trail []string
	for r := 1; r <= 300; r++ {
		trail = append(trail, fmt.Sprintf(`{"eventID":"evt%03d","eventName":"ConsoleLogin","userName":"admin"}`, r))
	}
	var csv strings.Builder
	csv.WriteString("User,Removed on\n")
	for i := range 20 {
		fmt.Fprintf(&csv, "u%03d,2026-03-%02d\n", i+1, i+1)
	}
	files := importFiles(t, a, e.ID, map[string][]byte{
		"logins.ndjson": []byte(nd.String()), "roles.json": []byte(js.String()), "leavers.csv": []byte(csv.String()),
		"cloudtrail.json": []byte(`{"Records":[` + strings.Join(trail, ",") + "]}")})
	logins, roles := files["logins.ndjson"], files["roles.json"]
	if logins.Type != "ndjson" || roles.Type != "json" || ndLine != 14 || jsLine != 26 {
		t.Fatalf("imported %s as %s, %s as %s; record 12 on line %d, record 7 on line %d", logins.Name, logins.Type, roles.Name, roles.Type, ndLine, jsLine)
	}

	// The viewer's line of a match names its record, as the search does.
	picked := func(ev audit.Evidence, query string) audit.Locator {
		t.Helper()
		hits, err := a.Viewer.Hits(e.ID, ev.ID, query)
		if err != nil || len(hits) != 1 {
			t.Fatalf("hits of %q in %s: %+v, %v", query, ev.Name, hits, err)
		}
		page, err := a.Viewer.TextLines(e.ID, ev.ID, LinesQuery{Line: hits[0].Line, Record: hits[0].Record, Query: query}) // as the viewer asks
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range page.Lines {
			if len(l.Marks) > 0 {
				if l.N != hits[0].Line || l.Record != hits[0].Record {
					t.Errorf("%s: the marked line is %+v, the hit %+v", ev.Name, l, hits[0])
				}
				return audit.Locator{Line: l.N, Record: l.Record} // what the viewer sends with a pin
			}
		}
		t.Fatalf("%s: no line of %+v marks %q", ev.Name, page, query)
		return audit.Locator{}
	}
	loginAt, roleAt := picked(logins, "u012"), picked(roles, "r007")
	if loginAt != (audit.Locator{Record: 12, Line: 14}) || loginAt.String() != "record 12, line 14" {
		t.Errorf("the NDJSON login of u012 is at %+v (%s), want record 12, line 14", loginAt, loginAt)
	}
	if roleAt != (audit.Locator{Record: 7, Line: 26}) {
		t.Errorf("the JSON role r007 is at %+v (%s), want record 7, line 26", roleAt, roleAt)
	}
	// All on line 1, a CloudTrail record is found by its number, pages on.
	if at := picked(files["cloudtrail.json"], "evt250"); at != (audit.Locator{Record: 250, Line: 1}) {
		t.Errorf("CloudTrail event evt250 is at %+v (%s), want record 250, line 1", at, at)
	}
	if page, err := a.Viewer.TextLines(e.ID, files["cloudtrail.json"].ID, LinesQuery{Line: 1, Record: 250}); err != nil || page.Offset == 0 ||
		!slices.ContainsFunc(page.Lines, func(l view.Line) bool { return l.Record == 250 && l.Text == "eventID: evt250" }) {
		t.Errorf("the page of record 250 starts at %d and holds no evt250: %v", page.Offset, err)
	}
	// A CSV row picked carries the line it starts on, as its hit cites it.
	rows, err := a.Viewer.SheetRows(e.ID, files["leavers.csv"].ID, SheetQuery{Row: 6})
	if err != nil || len(rows.Rows) == 0 {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	if r := rows.Rows[5]; r.N != 6 || r.Line != 6 || r.Cells[0].Text != "u005" {
		t.Errorf("row 6 of leavers.csv: %+v, want row 6, line 6, u005", r)
	}
	if hits, err := a.Viewer.Hits(e.ID, files["leavers.csv"].ID, "u005"); err != nil || len(hits) != 1 || hits[0] != (view.Location{Part: hits[0].Part, Row: 6, Line: 6}) {
		t.Errorf("hits of u005 in leavers.csv: %+v, %v", hits, err)
	}

	// Pinned to a control, a test cell and a finding.
	if _, err := a.Scope.SaveControl(e.ID, scope.Control{ID: "AC-07", Title: "Logins reviewed", Criteria: []string{"CC6.1"}}, true); err != nil {
		t.Fatal(err)
	}
	pin, err := a.Evidence.Pin(e.ID, audit.Pin{EvidenceID: logins.ID, Locator: loginAt, Target: audit.PinControl, TargetID: "AC-07"})
	if err != nil {
		t.Fatal(err)
	}
	if pins, err := a.Evidence.PinsTo(e.ID, audit.PinControl, "AC-07"); err != nil || len(pins) != 1 || pins[0].ID != pin.ID ||
		pins[0].Locator != (audit.Locator{Record: 12, Line: 14}) {
		t.Fatalf("pins to AC-07: %+v, %v", pins, err)
	}
	_, _, v := sampledTest(t, a, e.ID, population.Options{EvidenceID: files["leavers.csv"].ID, Key: "User", Date: "Removed on"}, SampleInput{Size: 3, Seed: "json"},
		controltest.Input{Control: "AC-07", Title: "Logins reviewed", Attributes: []controltest.Attribute{{Description: "Role granted by an admin"}}})
	if v, err = a.Testing.PinToCell(e.ID, v.Test.ID, 1, "A", controltest.Pin{EvidenceID: roles.ID, Locator: roleAt}); err != nil {
		t.Fatal(err)
	}
	if got := v.Grid[0].Cells[0].Pins; len(got) != 1 || got[0].Locator != (audit.Locator{Record: 7, Line: 26}) {
		t.Errorf("cell 1/A pins %+v, want roles.json record 7, line 26", got)
	}
	f, err := a.Findings.Save(e.ID, "", findings.Input{Title: "Logins not reviewed", Condition: "u012 logged in without review.",
		Criteria: []string{"CC6.1"}, Controls: []string{"AC-07"}})
	if err != nil {
		t.Fatal(err)
	}
	if f, err = a.Findings.Cite(e.ID, f.ID, findings.EvidenceRef{EvidenceID: logins.ID, Locator: loginAt}); err != nil {
		t.Fatal(err)
	}
	if len(f.Evidence) != 1 || f.Evidence[0].Locator != (audit.Locator{Record: 12, Line: 14}) {
		t.Errorf("finding evidence %+v", f.Evidence)
	}

	// The workbook cites each where the reviewer looks: the cell's evidence
	// and the control's pinned evidence on the test sheet.
	grid := exportedSheet(t, a, e.ID, "AC-07")
	if len(grid) < 6 {
		t.Fatalf("sheet AC-07: %q", grid)
	}
	head, item1 := grid[4], grid[5]
	if evidence := item1[len(head)-1]; head[len(head)-1] != "Evidence" ||
		evidence != "A: roles.json, record 7, line 26 (SHA-256 "+roles.SHA256+")" {
		t.Errorf("item 1's evidence %q under %q", evidence, head[len(head)-1])
	}
	if !sheetHas(grid, "Evidence pinned to the control", "logins.ndjson, record 12, line 14 (SHA-256 "+logins.SHA256+")") {
		t.Errorf("the test sheet does not cite the control's pin at record 12, line 14: %q", grid)
	}

	// The report lists the finding's evidence at its record and line.
	report := filepath.Join(t.TempDir(), "report.pdf")
	if job, err := a.Reports.Generate(e.ID, ReportInput{Path: report, PreparedBy: "Example LLP", Date: "2027-01-31"}); err != nil || finished(t, a, job.ID).State != JobDone {
		t.Fatalf("report: %+v, %v", job, err)
	}
	pdf, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if text, err := pdftest.Words(pdf); err != nil || !strings.Contains(text, "logins.ndjson record 12, line 14") {
		t.Errorf("the report does not cite logins.ndjson at record 12, line 14 (%v):\n%s", err, text)
	}
}

// sheetHas reports whether a row of the sheet begins with label and holds value.
func sheetHas(rows [][]string, label, value string) bool {
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			for _, c := range r[1:] {
				if c == value {
					return true
				}
			}
		}
	}
	return false
}
