package scope

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"auditroom/backend/audit"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// prepare runs Prepare and fails on a file-level error.
func prepare(t testing.TB, kind ImportKind, name string, data []byte, opt Options, st State) Parsed {
	t.Helper()
	p, err := Prepare(kind, name, data, opt, st)
	if err != nil {
		t.Fatalf("Prepare(%s, %s): %v", kind, name, err)
	}
	return p
}

func mapped(p Parsed) map[string]string {
	m := map[string]string{}
	for _, f := range p.Mapping {
		if f.Column >= 0 {
			m[f.Name] = p.Columns[f.Column].Header
		}
	}
	return m
}

func errorsText(p Parsed) string {
	var s []string
	for _, e := range p.Errors {
		s = append(s, e.Message)
	}
	return strings.Join(s, "\n")
}

const matrixCSV = `Control ID,Control,Description,Owner,Frequency,Type,Key,TSC
AC-01,Access reviews,"Quarterly review of user access, signed off",IT Security,Quarterly,Manual / Detective,Yes,"CC6.1, CC6.2; CC6.3"
AC-02,MFA,Multi-factor authentication on all remote access,IT,Continuous,Automated,No,"CC6.1
CC6.6"
CM-01,Change approval,Changes approved before release,Engineering,As needed,Manual,Y,CC8.1
`

func TestImportControlsCSV(t *testing.T) {
	p := prepare(t, ControlsImport, "matrix.csv", []byte(matrixCSV), Options{}, State{})
	if !p.OK() {
		t.Fatalf("errors: %s", errorsText(p))
	}
	want := map[string]string{"id": "Control ID", "title": "Control", "description": "Description", "owner": "Owner",
		"frequency": "Frequency", "nature": "Type", "key": "Key", "criteria": "TSC"}
	if got := mapped(p); !equalMaps(got, want) {
		t.Errorf("mapping %v, want %v", got, want)
	}
	if len(p.Controls) != 3 {
		t.Fatalf("read %d controls, want 3", len(p.Controls))
	}
	ac1 := p.Controls[0]
	if ac1.ID != "AC-01" || ac1.Frequency != Quarterly || ac1.Nature != Manual || ac1.Kind != Detective || !ac1.Key ||
		!slices.Equal(ac1.Criteria, []string{"CC6.1", "CC6.2", "CC6.3"}) {
		t.Errorf("AC-01 read as %+v", ac1)
	}
	if c := p.Controls[1]; c.Frequency != MultipleDaily || c.Nature != Automated || c.Key || !slices.Equal(c.Criteria, []string{"CC6.1", "CC6.6"}) {
		t.Errorf("AC-02 read as %+v", c)
	}
	if !slices.Equal(p.Diff.Added, []string{"AC-01", "AC-02", "CM-01"}) {
		t.Errorf("diff %+v, want three added", p.Diff)
	}
	if p.HeaderRow != 1 || p.Total != 3 || len(p.Rows) != 3 || p.Rows[0].Values["id"] != "AC-01" {
		t.Errorf("header row %d, total %d, rows %+v", p.HeaderRow, p.Total, p.Rows)
	}
}

func TestImportControlsMessy(t *testing.T) {
	latin1 := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	semicolons := "\n;;;\nACME Corp control matrix FY26;;;\n\nRef;Name;Activity;Owner;TSC / Criteria\n\n" +
		"AC-01;Zugriffsprüfung;Quartalsweise Prüfung – signiert;Müller;\"CC6.1, CC6.2; CC6.3\"\n;;;\nAC-02;Geräte;Verschlüsselung;Ó Briain;CC6.7\n"
	tests := []struct {
		name  string
		file  string
		data  []byte
		title string // title of the first control
		owner string // owner of the second control
	}{
		{"bom", "m.csv", append([]byte("\xEF\xBB\xBF"), matrixCSV...), "Access reviews", "IT"},
		{"windows-1252 with semicolons, title rows and blank rows", "m.csv", latin1(semicolons), "Zugriffsprüfung", "Ó Briain"},
		{"utf-8 with semicolons", "m.csv", []byte(semicolons), "Zugriffsprüfung", "Ó Briain"},
		{"tabs", "m.tsv", []byte(strings.ReplaceAll("ID\tTitle\tCriteria\nX-1\tFirst\tCC1.1\nX-2\tSecond\tCC1.2\n", "", "")), "First", ""},
		{"crlf", "m.csv", []byte(strings.ReplaceAll(matrixCSV, "\n", "\r\n")), "Access reviews", "IT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := prepare(t, ControlsImport, tt.file, tt.data, Options{}, State{})
			if !p.OK() {
				t.Fatalf("errors: %s (mapping %v)", errorsText(p), mapped(p))
			}
			if len(p.Controls) < 2 || p.Controls[0].Title != tt.title || p.Controls[1].Owner != tt.owner {
				t.Fatalf("read %+v, want first title %q and second owner %q", p.Controls, tt.title, tt.owner)
			}
			if strings.Contains(tt.name, "semicolons") {
				if p.HeaderRow != 5 || !slices.Equal(p.Controls[0].Criteria, []string{"CC6.1", "CC6.2", "CC6.3"}) {
					t.Errorf("header row %d, criteria %v; want 5 and CC6.1–CC6.3", p.HeaderRow, p.Controls[0].Criteria)
				}
			}
		})
	}
}

func TestImportControlsRefusesBadRows(t *testing.T) {
	csv := "Control ID,Title,Frequency,Criteria\n" +
		"AC-01,One,Quarterly,CC6.1\n" +
		",Blank,Monthly,CC6.1\n" +
		"AC-01,Again,Monthly,CC6.2\n" +
		"AC-03,Three,Fortnightly,CC6.1\n" +
		"AC-04,Four,Daily,CC6.1; CC99.1\n" +
		"AC-05,Five,Daily,P1.1\n"
	p := prepare(t, ControlsImport, "bad.csv", []byte(csv), Options{}, State{})
	want := []string{
		"row 3: the control ID is blank",
		"row 4: duplicate control ID AC-01 (also on row 2)",
		`row 5: frequency "Fortnightly" of AC-03 is not annual`,
		`row 6: AC-04 maps to unknown criterion "CC99.1"`,
	}
	got := errorsText(p)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors\n%s\nwant one containing %q", got, w)
		}
	}
	if len(p.Errors) != len(want) || p.OK() {
		t.Errorf("%d errors, want %d", len(p.Errors), len(want))
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Message, "P1.1, outside the engagement's categories") {
		t.Errorf("warnings %+v, want one about P1.1 out of scope", p.Warnings)
	}
	if len(p.Diff.Added) != 0 {
		t.Errorf("a refused file has a diff: %+v", p.Diff)
	}
}

func TestImportControlsReimportDiff(t *testing.T) {
	first := prepare(t, ControlsImport, "m.csv", []byte(matrixCSV), Options{}, State{})
	changed := strings.Replace(matrixCSV, "IT Security,Quarterly", "GRC,Monthly", 1)
	changed = strings.Replace(changed, "CM-01,Change approval", "CM-02,Change approval", 1)
	p := prepare(t, ControlsImport, "m.csv", []byte(changed), Options{}, State{Controls: first.Controls})
	if !slices.Equal(p.Diff.Added, []string{"CM-02"}) || !slices.Equal(p.Diff.Unchanged, []string{"AC-02"}) ||
		!slices.Equal(p.Diff.NotInFile, []string{"CM-01"}) || len(p.Diff.Changed) != 1 {
		t.Fatalf("diff %+v", p.Diff)
	}
	ch := p.Diff.Changed[0]
	want := []FieldChange{{"owner", "IT Security", "GRC"}, {"frequency", "quarterly", "monthly"}}
	if ch.ID != "AC-01" || !slices.Equal(ch.Fields, want) {
		t.Errorf("changed %+v, want AC-01 %+v", ch, want)
	}
}

func TestImportMappingOverride(t *testing.T) {
	csv := "Control ID,Title,Notes,Criteria (old)\nAC-01,One,\"CC6.1, CC6.2\",CC1.1\n"
	p := prepare(t, ControlsImport, "m.csv", []byte(csv), Options{}, State{})
	if p.Controls[0].Criteria[0] != "CC1.1" {
		t.Fatalf("auto mapping read criteria %v", p.Controls[0].Criteria)
	}
	p = prepare(t, ControlsImport, "m.csv", []byte(csv), Options{Mapping: map[string]int{"criteria": 2}}, State{})
	if !slices.Equal(p.Controls[0].Criteria, []string{"CC6.1", "CC6.2"}) {
		t.Errorf("with criteria from column C: %v", p.Controls[0].Criteria)
	}
	for _, f := range p.Mapping {
		if f.Name == "criteria" && (f.Auto || f.Column != 2) {
			t.Errorf("criteria mapping %+v, want column 2 chosen by the user", f)
		}
	}
	p = prepare(t, ControlsImport, "m.csv", []byte(csv), Options{Mapping: map[string]int{"id": -1}}, State{})
	if p.OK() || !strings.Contains(errorsText(p), "no column holds the Control ID") {
		t.Errorf("unmapping the ID: errors %q", errorsText(p))
	}
	if _, err := Prepare(ControlsImport, "m.csv", []byte(csv), Options{Mapping: map[string]int{"id": 9}}, State{}); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("a column past the end: %v, want EINVALID", err)
	}
}

// messyWorkbook builds an XLSX like the ones clients send: a merged title
// row, a blank row, a header merged over two rows, a second sheet of notes.
func messyWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Notes")
	f.SetCellValue("Notes", "A1", "Read me first")
	f.NewSheet("Matrix")
	set := func(cellName string, v any) {
		if err := f.SetCellValue("Matrix", cellName, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Acme control matrix — FY2026")
	if err := f.MergeCell("Matrix", "A1", "F1"); err != nil {
		t.Fatal(err)
	}
	for i, h := range []string{"Control ID", "Control Description", "Owner", "Frequency", "TSC Mapping", "Key Control?"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(c, h)
	}
	// "Owner" merged down over rows 3–4, as a two-row header does.
	if err := f.MergeCell("Matrix", "C3", "C4"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"AC-01", "Quarterly user access review", "IT", "Quarterly", "CC6.1, CC6.2; CC6.3", "Yes"},
		{"AC-02", "MFA enforced", "IT", "Multiple times a day", "CC6.1\nCC6.6", "No"},
		{"IR-01", "Incident response plan tested", "Security", "Annually", "CC7.3-CC7.5", "Yes"},
	}
	for r, row := range rows {
		for c, v := range row {
			name, _ := excelize.CoordinatesToCellName(c+1, r+6)
			set(name, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportControlsXLSX(t *testing.T) {
	p := prepare(t, ControlsImport, "matrix.xlsx", messyWorkbook(t), Options{}, State{})
	if !p.OK() {
		t.Fatalf("errors: %s (mapping %v)", errorsText(p), mapped(p))
	}
	if p.Sheet != "Matrix" || !slices.Equal(p.Sheets, []string{"Notes", "Matrix"}) || p.HeaderRow != 3 {
		t.Errorf("sheet %q of %v, header row %d; want Matrix and row 3", p.Sheet, p.Sheets, p.HeaderRow)
	}
	if len(p.Controls) != 3 {
		t.Fatalf("read %d controls, want 3: %+v", len(p.Controls), p.Controls)
	}
	if c := p.Controls[2]; !slices.Equal(c.Criteria, []string{"CC7.3", "CC7.4", "CC7.5"}) || c.Frequency != Annual || !c.Key {
		t.Errorf("IR-01 read as %+v", c)
	}
	if c := p.Controls[1]; !slices.Equal(c.Criteria, []string{"CC6.1", "CC6.6"}) || c.Frequency != MultipleDaily {
		t.Errorf("AC-02 read as %+v", c)
	}
	p = prepare(t, ControlsImport, "matrix.xlsx", messyWorkbook(t), Options{Sheet: "Notes"}, State{})
	if p.OK() || p.Sheet != "Notes" {
		t.Errorf("the notes sheet imported: %+v", p.Preview)
	}
}

func TestImportRequests(t *testing.T) {
	controls := []Control{{ID: "AC-01"}, {ID: "AC-02"}, {ID: "CM-01"}}
	csv := "PBC #,Request,Related controls,Assigned to,Due date\n" +
		"PBC-1,User listing as of period end,\"AC-01, ac-02\",Jane,2026-02-15\n" +
		"PBC-2,Change tickets,CM-01,Raj,15/03/2026\n" +
		"PBC-3,Policies,XX-99,Raj,soon\n"
	p := prepare(t, RequestsImport, "pbc.csv", []byte(csv), Options{}, State{Controls: controls})
	got := errorsText(p)
	for _, w := range []string{`row 4: PBC-3 names control "XX-99", which is not in the control matrix`, `row 4: due date of PBC-3: "soon" is not a date`} {
		if !strings.Contains(got, w) {
			t.Errorf("errors\n%s\nwant %q", got, w)
		}
	}
	p = prepare(t, RequestsImport, "pbc.csv", []byte(strings.Split(csv, "PBC-3")[0]), Options{}, State{Controls: controls})
	if !p.OK() || len(p.Requests) != 2 {
		t.Fatalf("errors %s; requests %+v", errorsText(p), p.Requests)
	}
	r := p.Requests[0]
	if r.ID != "PBC-1" || !slices.Equal(r.Controls, []string{"AC-01", "AC-02"}) || r.Owner != "Jane" || r.Due != "2026-02-15" || r.Status != Open {
		t.Errorf("PBC-1 read as %+v", r)
	}
	if p.Requests[1].Due != "2026-03-15" {
		t.Errorf("PBC-2 due %q", p.Requests[1].Due)
	}
}

func TestImportCriteriaTexts(t *testing.T) {
	yml := `criteria:
  - id: CC6.1
    title: My own title
    text: The entity does the thing.
    points_of_focus:
      - First point
      - Second point
  - id: cc 6.2
    text: Another.
`
	p := prepare(t, CriteriaImport, "tsc.yaml", []byte(yml), Options{}, State{})
	if !p.OK() || len(p.Texts) != 2 {
		t.Fatalf("errors %s, texts %+v", errorsText(p), p.Texts)
	}
	if tx := p.Texts[0]; tx.ID != "CC6.1" || tx.PointsOfFocus != "First point\nSecond point" || tx.Title != "My own title" {
		t.Errorf("CC6.1 read as %+v", tx)
	}
	if p.Texts[1].ID != "CC6.2" {
		t.Errorf("second id %q", p.Texts[1].ID)
	}
	byID := "CC1.1:\n  text: One\nCC1.2: Two\n"
	p = prepare(t, CriteriaImport, "tsc.yml", []byte(byID), Options{}, State{})
	if !p.OK() || len(p.Texts) != 2 || p.Texts[1].Text != "Two" {
		t.Errorf("mapping by ID: errors %s, texts %+v", errorsText(p), p.Texts)
	}
	csv := "Criterion,Text,Points of focus\nCC1.1,Text one,\"a\nb\"\nZZ1.1,Bad,\n"
	p = prepare(t, CriteriaImport, "tsc.csv", []byte(csv), Options{}, State{})
	if p.OK() || !strings.Contains(errorsText(p), `row 3: "ZZ1.1" is not a 2017 Trust Services Criteria ID`) {
		t.Errorf("errors %q", errorsText(p))
	}
}

func TestImportUnreadable(t *testing.T) {
	for name, data := range map[string][]byte{
		"old.xls":     {0xD0, 0xCF, 0x11, 0xE0, 0, 0},
		"broken.xlsx": []byte("PK\x03\x04garbage"),
		"big.csv":     bytes.Repeat([]byte("a"), MaxFileSize+1),
		"bad.yaml":    []byte("a: [b"),
	} {
		if _, err := Prepare(ControlsImport, name, data, Options{}, State{}); audit.ErrorCode(err) != audit.EINVALID {
			t.Errorf("Prepare(%s) = %v, want EINVALID", name, err)
		}
	}
	p := prepare(t, ControlsImport, "empty.csv", nil, Options{}, State{})
	if p.OK() {
		t.Error("an empty file is OK")
	}
}

// corpus is the shared corpus of real files, when this checkout has it.
const corpus = "../../../shared/corpus"

func TestImportCorpusControlSpreadsheets(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpus, "soc2-starter-kit", "controls", "*.xlsx"))
	if len(files) == 0 {
		t.Skipf("no control spreadsheets under %s/soc2-starter-kit/controls: the shared corpus is not present", corpus)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			// The "<framework> to SOC2 Mapping" sheet is a matrix: the framework's
			// controls, each mapped to SOC 2 criteria ("CC6.1, CC6.2").
			p := prepare(t, ControlsImport, filepath.Base(file), data, Options{}, State{})
			var matrix string
			for _, s := range p.Sheets {
				if strings.HasSuffix(s, "to SOC2 Mapping") {
					matrix = s
				}
			}
			if matrix == "" {
				t.Fatalf("no '… to SOC2 Mapping' sheet among %v", p.Sheets)
			}
			p = prepare(t, ControlsImport, filepath.Base(file), data, Options{Sheet: matrix}, State{})
			m := mapped(p)
			if !strings.HasSuffix(m["id"], "_Control") || m["criteria"] != "SOC2_Control" {
				t.Errorf("mapping %v, want the framework's control as ID and SOC2_Control as criteria", m)
			}
			if !p.OK() {
				t.Fatalf("errors: %s", errorsText(p))
			}
			if len(p.Controls) < 5 {
				t.Fatalf("read %d controls", len(p.Controls))
			}
			multi := 0
			for _, c := range p.Controls {
				if len(c.Criteria) == 0 {
					t.Errorf("%s has no criteria", c.ID)
				}
				if len(c.Criteria) > 1 {
					multi++
				}
			}
			if multi == 0 {
				t.Error("no control read more than one criterion from a list cell")
			}
			t.Logf("%s/%s: %d controls, mapping %v", filepath.Base(file), matrix, len(p.Controls), m)

			// The first sheet lists criteria against the framework, one row
			// per pair: reading it as a matrix must be refused row by row,
			// never half-imported.
			first := prepare(t, ControlsImport, filepath.Base(file), data, Options{Sheet: p.Sheets[0]}, State{})
			if first.OK() {
				t.Logf("%s: sheet %s reads as %d controls", filepath.Base(file), p.Sheets[0], len(first.Controls))
			} else if len(first.Diff.Added) != 0 {
				t.Errorf("a refused sheet has a diff")
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(matrixCSV))
	f.Add([]byte("\xEF\xBB\xBFRef;Name;TSC\nA;B;CC6.1, CC6.2; CC6.3\n"))
	f.Add([]byte("ID,Criteria\n\"unterminated,CC1.1\n"))
	f.Add([]byte("Control ID,TSC\nX,CC1.1-CC1.5\n,,\n\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range []ImportKind{ControlsImport, RequestsImport, CriteriaImport} {
			p, err := Prepare(kind, "fuzz.csv", data, Options{}, State{Controls: []Control{{ID: "A"}}})
			if err != nil {
				if audit.ErrorCode(err) != audit.EINVALID {
					t.Fatalf("Prepare(%q) error %v, want EINVALID", data, err)
				}
				continue
			}
			if p.OK() {
				for _, c := range p.Controls {
					if err := c.Validate(); err != nil {
						t.Fatalf("accepted an invalid control %+v: %v", c, err)
					}
				}
				for _, r := range p.Requests {
					if err := r.Validate(); err != nil {
						t.Fatalf("accepted an invalid request %+v: %v", r, err)
					}
				}
			}
		}
	})
}
