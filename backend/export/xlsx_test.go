package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/controltest"
	"auditroom/backend/export"
	"auditroom/backend/export/exporttest"
	"auditroom/backend/population"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
)

// openWorkbook writes the fixture's workbook and opens it again.
func openWorkbook(t *testing.T) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := export.XLSX(context.Background(), home, fixture.ID, &buf, export.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func value(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// details reads a test sheet's details block: label → value.
func details(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	start := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Workpaper details" })
	if start < 0 {
		t.Fatalf("sheet %s has no workpaper details", sheet)
	}
	for _, r := range rows[start+1:] {
		if len(r) >= 4 {
			out[r[0]] = r[3]
		}
	}
	return out
}

func TestWorkbook(t *testing.T) {
	f := openWorkbook(t)
	if got, want := f.GetSheetList(), []string{"Summary", "AC-01", "CM-03", "Exceptions", "Findings"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "Workpapers: Acme FY26" || !strings.Contains(props.Subject, "Acme Holdings, SOC 2 Type 2") {
		t.Errorf("document properties %+v, %v", props, err)
	}

	// The access test: a frozen banner and header over the grid.
	const sheet = "AC-01"
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 5 || panes.XSplit != 3 || panes.TopLeftCell != "D6" {
		t.Errorf("panes %+v, %v: want rows 1–5 and columns A–C frozen", panes, err)
	}
	if v := value(t, f, sheet, "A2"); !strings.HasPrefix(v, "Conclusion: Exceptions noted: 2 of 25 samples had access removed late (samples 7 and 19).") {
		t.Errorf("conclusion %q", v)
	}
	if v := value(t, f, sheet, "A3"); !strings.HasPrefix(v, "Preparer: tester, ") || !strings.Contains(v, "Reviewer: rita, ") {
		t.Errorf("sign-offs %q", v)
	}
	if v := value(t, f, sheet, "A4"); v != export.Legend {
		t.Errorf("legend %q", v)
	}
	header, _ := f.GetRows(sheet)
	// The grid's columns (the test chose none: the population's defaults,
	// the key aside, which has its own) follow the key, as the grid shows them.
	if got := header[4]; !slices.Equal(got, []string{"Item", "Row", "Key", "Termination date", "Name", "Department",
		"A: Access removed within 3 business days", "B: Removal ticket approved by the manager", "C: HR notification sent to IT",
		"Notes", "Evidence"}) {
		t.Errorf("grid header %q", got)
	}
	item7 := fixture.AccessSample.Items[6]
	leaver := exporttest.Leaver(item7.Index) // Employee ID, Name, Department, Termination date
	for _, c := range []struct{ cell, want string }{
		{"A12", "7"}, {"B12", fmt.Sprint(item7.Row)}, {"C12", item7.Key}, {"C12", leaver[0]},
		{"D12", leaver[3]}, {"E12", leaver[1]}, {"F12", leaver[2]},
		{"G12", export.TickException}, {"H12", export.TickPass}, {"I12", export.TickPass},
		{"I16", export.TickNotApplicable}, // item 11, attribute C
		{"G24", export.TickException},     // item 19
		{"J12", "A: " + exporttest.LateNote},
		{"J24", "A: " + exporttest.HyperlinkNote},
	} {
		if v := value(t, f, sheet, c.cell); v != c.want {
			t.Errorf("%s!%s = %q, want %q", sheet, c.cell, v, c.want)
		}
	}
	// Notes are text, never formulas, however they begin.
	if formula, _ := f.GetCellFormula(sheet, "J24"); formula != "" {
		t.Errorf("the note %q became the formula %q", exporttest.HyperlinkNote, formula)
	}
	if v := value(t, f, sheet, "K12"); !strings.Contains(v, fmt.Sprintf("A: leavers-2026.csv, row %d (SHA-256 %s)", item7.Row, fixture.Leavers.SHA256)) {
		t.Errorf("evidence of item 7: %q", v)
	}
	if wrap := wrapped(t, f, sheet, "J12"); !wrap {
		t.Error("the notes column is not wrapped")
	}
	if w, _ := f.GetColWidth(sheet, "J"); w != 44 {
		t.Errorf("notes column width %v, want 44", w)
	}

	// Result cells take only the tickmarks.
	dvs, err := f.GetDataValidations(sheet)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("data validations %+v, %v", dvs, err)
	}
	if dv := dvs[0]; dv.Sqref != "G6:I30" || dv.Type != "list" || dv.Formula1 != `"✓,X,n/a"` || !dv.AllowBlank || !dv.ShowErrorMessage {
		t.Errorf("data validation %+v: want a list of ✓, X and n/a over G6:I30", dv)
	}

	d := details(t, f, sheet)
	p := fixture.LeaverPopulation
	for label, want := range map[string]string{
		"Control":          "AC-01 Leaver access removal",
		"Criteria":         "CC6.2 " + mustCriterion(t, "CC6.2").Title,
		"Population":       "Leavers 2026",
		"Source SHA-256":   fixture.Leavers.SHA256,
		"Population rows":  "60",
		"Population hash":  p.Hash,
		"Selection method": "random",
		"How the items were chosen": "Random: items drawn one after another with equal chance from the whole population " +
			"(stream \"main\" of auditroom-random-v1); an item drawn again is passed over.",
		"Algorithm version":     selection.Algorithm,
		"Seed":                  "acme-2026",
		"Sample size":           "25",
		"Why this size":         "A multiple-daily control at lower risk: 25 from the frequency table. A test of it is evaluated at 90% confidence and a 9% tolerable rate, what a sample of 25 without deviations supports at lower risk.",
		"Items with exceptions": "2",
		"Sample deviation rate": "8.0%",
		"Upper deviation limit": "20.0%",
		"Tolerable rate":        "9.0%", // the plan's, taken by the test
		"Confidence":            "90.0%",
	} {
		if d[label] != want {
			t.Errorf("details %q = %q, want %q", label, d[label], want)
		}
	}
	for label, prefix := range map[string]string{"Preparer": "tester, ", "Reviewer": "rita, ", "Source file": "leavers-2026.csv (evidence ",
		"Evidence pinned to the control": "leavers-2026.csv, whole file (SHA-256 " + fixture.Leavers.SHA256 + ") — HR's list of leavers"} {
		if !strings.HasPrefix(d[label], prefix) {
			t.Errorf("details %q = %q, want it to begin %q", label, d[label], prefix)
		}
	}
	if !strings.Contains(d["Procedure"], "inspect the removal ticket") || !strings.Contains(d["Attributes"], "A: Access removed within 3 business days (an exception: had access removed late)") {
		t.Errorf("procedure %q, attributes %q", d["Procedure"], d["Attributes"])
	}

	// Merged cells do not grow to their text in Excel: a detail of three
	// lines is given the height of three.
	rows, _ := f.GetRows(sheet)
	attrs := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Attributes" })
	if h, err := f.GetRowHeight(sheet, attrs+1); err != nil || h != 45 {
		t.Errorf("the attributes row is %v points high, %v; want 45 for three lines", h, err)
	}

	// The clean test, signed by the preparer only.
	if v := value(t, f, "CM-03", "A3"); !strings.Contains(v, "Reviewer: not signed") {
		t.Errorf("CM-03 sign-offs %q", v)
	}
	if v := details(t, f, "CM-03")["Selection method"]; v != "systematic" {
		t.Errorf("CM-03 method %q", v)
	}
	cm := details(t, f, "CM-03")
	if v := cm["Population filters"]; v != "only rows where Deployed on between 2026-01-01..2026-06-30 (38 rows of the file left out)" || cm["Population rows"] != "42" {
		t.Errorf("CM-03 population filters %q, rows %q", v, cm["Population rows"])
	}

	// The exceptions and findings sheets, each under a frozen header row.
	for _, s := range []string{export.ExceptionsSheet, export.FindingsSheet} {
		if panes, err := f.GetPanes(s); err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
			t.Errorf("%s panes %+v, %v", s, panes, err)
		}
	}
	ex, _ := f.GetRows(export.ExceptionsSheet)
	if got := strings.Join(ex[0], "|"); got != "Control|Test|Criteria|Sample item|Item key|Attribute|Attribute tested|Note|Evidence|Findings|Test ID" {
		t.Errorf("exceptions header %q", got)
	}
	if ex[1][0] != "AC-01" || ex[1][1] != "Leavers removed on time" || ex[1][10] != fixture.Access.ID {
		t.Errorf("first exception %q, want AC-01, the test's title, and its ID last", ex[1])
	}
	if len(ex) != 3 || ex[1][3] != "7" || ex[1][4] != item7.Key || ex[1][7] != exporttest.LateNote || ex[2][3] != "19" || ex[1][9] != "F-001" {
		t.Errorf("exceptions sheet %q", ex)
	}
	fs, _ := f.GetRows(export.FindingsSheet)
	if len(fs) != 3 || fs[1][0] != "F-001" || fs[1][6] != exporttest.FindingOwner || fs[1][7] != "agree" || fs[1][8] != exporttest.CorrectiveAction ||
		fs[1][10] != "2026-09-30" || fs[2][0] != "F-002" || fs[2][5] != "draft" || fs[2][7] != "pending" {
		t.Errorf("findings sheet %q", fs)
	}
	if fs[1][2] != fixture.Answered.Classification.Label() {
		t.Errorf("F-001 classification %q, want %q", fs[1][2], fixture.Answered.Classification.Label())
	}

	// The summary indexes the test sheets.
	sum, _ := f.GetRows(export.SummarySheet)
	i := slices.IndexFunc(sum, func(r []string) bool { return len(r) > 0 && r[0] == "AC-01" })
	if i < 0 || sum[i][3] != "25" || sum[i][5] != "2" || sum[i][6] != "20.0%" || sum[i][7] != "no" {
		t.Errorf("summary %q", sum)
	}
}

func wrapped(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Alignment != nil && s.Alignment.WrapText
}

func mustCriterion(t *testing.T, id string) scope.Criterion {
	t.Helper()
	c, ok := scope.Lookup(id)
	if !ok {
		t.Fatalf("no criterion %s", id)
	}
	return c
}

// A grid too big for excelize to hold in memory by default (over 16 MB of
// sheet XML) is still written without a temporary file: the notes come
// from evidence and must never sit on disk in plain text.
func TestWorkbookWritesNoTemporaryFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20,000-item grid; skipped with -short")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	note := strings.Repeat("confidential evidence text ", 8)

	// The check sees a spill: plain excelize writes one while it zips.
	plain := excelize.NewFile()
	sw, err := plain.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 20000; r++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", r), []any{r, note, note, note}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	probe := &dirProbe{dir: tmp}
	if _, err := plain.WriteTo(probe); err != nil {
		t.Fatal(err)
	}
	plain.Close()
	if len(probe.seen) == 0 {
		t.Fatal("plain excelize left no temporary file while writing: the probe cannot tell")
	}

	d := bigData(20000, note)
	probe = &dirProbe{dir: tmp}
	start := time.Now()
	if err := export.WriteXLSX(context.Background(), d, probe, nil); err != nil {
		t.Fatal(err)
	}
	if len(probe.seen) != 0 {
		t.Errorf("writing the workbook put %v in the temporary folder", probe.seen)
	}
	if probe.n < 1<<20 {
		t.Errorf("the workbook is %d bytes: the grid was not written", probe.n)
	}
	t.Logf("20,000-item grid: %d bytes in %v", probe.n, time.Since(start))
}

// dirProbe is a writer that notes what a folder holds while it is written to.
type dirProbe struct {
	dir  string
	seen []string
	n    int
}

func (p *dirProbe) Write(b []byte) (int, error) {
	if p.n == 0 {
		entries, _ := os.ReadDir(p.dir)
		for _, e := range entries {
			p.seen = append(p.seen, e.Name())
		}
	}
	p.n += len(b)
	return len(b), nil
}

// bigData is an engagement with one test over a sample of n items.
func bigData(n int, note string) *export.Data {
	s := &selection.Sample{ID: "smp_big", PopulationID: "pop_big", Draw: selection.Draw{Method: selection.Random, Algorithm: selection.Algorithm, Seed: "big", Sizes: []int{n}}}
	test := export.Test{Test: controltest.Test{ID: "tst_big", Control: "OP-01", Procedure: "Inspect.", SampleID: s.ID, Cells: map[string]controltest.Cell{}},
		Control: scope.Control{ID: "OP-01", Title: "Operations"}, Sample: s, Population: &population.Population{ID: "pop_big", Name: "Big", Rows: n}}
	for i := range 8 {
		test.Attributes = append(test.Attributes, controltest.Attribute{ID: controltest.Letter(i), Description: "Attribute " + controltest.Letter(i)})
	}
	for i := 1; i <= n; i++ {
		s.Items = append(s.Items, selection.Item{Number: i, Index: i - 1, Row: i + 1, Key: fmt.Sprintf("K%06d", i)})
		for _, a := range test.Attributes {
			test.Cells[controltest.CellKey(i, a.ID)] = controltest.Cell{Result: controltest.Pass, Note: note}
		}
	}
	test.Summary = test.Test.Summary(n)
	d := &export.Data{Engagement: fixture.Engagement, Tests: []export.Test{test}, Evidence: map[string]export.Evidence{},
		Confidence: export.DefaultConfidence, Tolerable: export.DefaultTolerable}
	return d
}

// Sheet names follow Excel's rules, and the grid shows a stratified
// sample's strata and a judgmental sample's reasons.
func TestTestSheets(t *testing.T) {
	strat := bigData(3, "")
	strat.Tests[0].Control.ID = "AC/01"
	strat.Tests[0].Sample.Method = selection.Stratified
	for i := range strat.Tests[0].Sample.Items {
		strat.Tests[0].Sample.Items[i].Stratum = []string{"eng", "sales", "eng"}[i]
	}
	judged := bigData(2, "")
	judged.Tests[0].Control.ID = "AC/01"
	judged.Tests[0].Sample.Method = selection.Judgmental
	judged.Tests[0].Sample.Items[1].Reason = "Largest change of the year"
	long := bigData(1, "")
	long.Tests[0].Control.ID = "CONTROL-WITH-A-VERY-LONG-IDENTIFIER"
	d := strat
	d.Tests = append(d.Tests, judged.Tests[0], long.Tests[0])

	var buf bytes.Buffer
	if err := export.WriteXLSX(context.Background(), d, &buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "AC_01", "AC_01 (2)", "CONTROL-WITH-A-VERY-LONG", "Exceptions", "Findings"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if v := value(t, f, "AC_01", "D5"); v != "Stratum" {
		t.Errorf("stratified grid header D5 = %q", v)
	}
	if v := value(t, f, "AC_01", "D7"); v != "sales" {
		t.Errorf("stratum of item 2 = %q", v)
	}
	if v := value(t, f, "AC_01 (2)", "D7"); v != "Largest change of the year" {
		t.Errorf("reason of item 2 = %q", v)
	}
	if dvs, _ := f.GetDataValidations("AC_01"); len(dvs) != 1 || dvs[0].Sqref != "E6:L8" {
		t.Errorf("stratified grid validation %+v: the results start after the stratum column", dvs)
	}
}
