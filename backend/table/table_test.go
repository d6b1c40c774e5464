package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"auditroom/backend/audit"
)

// readAll opens data and returns its rows as "num/line: cells|cells".
func readAll(t *testing.T, name string, data []byte, opt Options) (*Reader, []string) {
	t.Helper()
	r, err := Open(name, data, opt)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { r.Close() })
	var out []string
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r, out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, fmt.Sprintf("%d/%d: %s", row.Num, row.Line, strings.Join(row.Cells, "|")))
	}
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A title row, blank lines and a quoted cell over two lines: Num is the row
// a spreadsheet shows, Line the line the record starts on.
func TestCSVRowNumbers(t *testing.T) {
	text := "Access review Q1\n\nid,name,note\n1,Ann,\"two\nlines\"\n\n2,Bob,ok\n"
	r, rows := readAll(t, "review.csv", []byte(text), Options{})
	same(t, "rows", rows, []string{
		"1/1: Access review Q1",
		"3/3: id|name|note",
		"4/4: 1|Ann|two\nlines",
		"6/7: 2|Bob|ok",
	})
	if r.Format != CSV || r.Encoding != UTF8 || r.Delimiter != "," {
		t.Errorf("format %s, encoding %s, delimiter %q", r.Format, r.Encoding, r.Delimiter)
	}
	// Streamed, the same rows.
	s, err := Stream("review.csv", bytes.NewReader([]byte(text)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var streamed []string
	for {
		row, err := s.Next()
		if err != nil {
			break
		}
		streamed = append(streamed, fmt.Sprintf("%d/%d: %s", row.Num, row.Line, strings.Join(row.Cells, "|")))
	}
	same(t, "streamed", streamed, rows)
}

func TestEncodings(t *testing.T) {
	cp1252, err := charmap.Windows1252.NewEncoder().String("Ref;Owner\nAC-01;Müller – IT\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		data       []byte
		enc, delim string
		second     string
	}{
		{"utf-16le bom, tabs", "roster.txt", utf16le(t, "Name\tDept\nZoë\tFinance\n", true), UTF16LE, "tab", "2/2: Zoë|Finance"},
		{"utf-16be bom", "roster.csv", append([]byte{0xFE, 0xFF}, utf16be("Name,Dept\nŁukasz,Ops\n")...), UTF16BE, ",", "2/2: Łukasz|Ops"},
		{"utf-8 bom", "roster.csv", []byte("\xef\xbb\xbfName,Dept\nAnn,Ops\n"), UTF8BOM, ",", "2/2: Ann|Ops"},
		{"windows-1252, semicolons", "matrix.csv", []byte(cp1252), Windows1252, ";", "2/2: AC-01|Müller – IT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, rows := readAll(t, tc.file, tc.data, Options{})
			if r.Encoding != tc.enc || r.Delimiter != tc.delim {
				t.Errorf("encoding %s, delimiter %q; want %s, %q", r.Encoding, r.Delimiter, tc.enc, tc.delim)
			}
			if len(rows) != 2 || rows[1] != tc.second {
				t.Errorf("rows %q, want the second %q", rows, tc.second)
			}
		})
	}
}

func utf16be(s string) []byte {
	var b []byte
	for _, r := range s { // the test strings are in the BMP
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// Bytes that are neither UTF-8, UTF-16 nor Windows-1252 text are refused
// with the file's name and the byte, not read as garbage.
func TestNotText(t *testing.T) {
	for _, data := range [][]byte{
		[]byte("id,name\n1,caf\xc3\n2,\x81x\n"), // invalid UTF-8, and 0x81 is no Windows-1252 letter
		[]byte("id,name\n1,\xe9\x00\x01\x02\n"), // binary
	} {
		_, err := Open("tickets.csv", data, Options{})
		if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), "tickets.csv is not text in UTF-8, UTF-16 or Windows-1252") {
			t.Errorf("Open(%q) = %v, want EINVALID naming tickets.csv", data, err)
		}
	}
	// A Windows-1252 letter is text.
	if _, rows := readAll(t, "tickets.csv", []byte("id,name\n1,caf\xe9\n"), Options{}); len(rows) != 2 || rows[1] != "2/2: 1|café" {
		t.Errorf("rows %q", rows)
	}
}

func TestDelimiters(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"comma", "a.csv", "a,b,c\n1,2,3\n", ","},
		{"semicolon with decimal commas", "a.csv", "a;b;c\n1;2,5;3\n4;5;6\n", ";"},
		{"bar", "a.csv", "a|b\n1|2\n", "|"},
		{"tab", "a.csv", "a\tb\n1\t2\n", "tab"},
		{"commas inside quotes over lines", "a.csv", "a;b\n\"x, y,\nz, w\";2\n\"p,q\";3\n", ";"},
		{"title rows narrower than the table", "a.csv", "Control matrix;;\n\nRef;Name;Owner;Criteria\nAC-01;Review;IT;CC6.1\n", ";"},
		{"one column, a .tsv name", "a.tsv", "id\n1\n2\n", "tab"},
		{"one column", "a.csv", "id\n1\n2\n", ","},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := readAll(t, tc.file, []byte(tc.text), Options{})
			if r.Delimiter != tc.want {
				t.Errorf("delimiter %q, want %q", r.Delimiter, tc.want)
			}
		})
	}
}

// A workbook's rows are its own row numbers: empty rows are yielded with no
// cells, and a sheet other than the first is chosen by name.
func TestWorkbookRows(t *testing.T) {
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Cover"))
	must(f.SetCellValue("Cover", "A1", "Quarterly access review"))
	_, err := f.NewSheet("Q1")
	must(err)
	must(f.SetCellValue("Q1", "A1", "Q1 2026 review"))
	must(f.SetSheetRow("Q1", "A3", &[]any{"User", "Role", "Reviewed"}))
	must(f.MergeCell("Q1", "B3", "C3")) // keeps B3, drops C3
	must(f.SetSheetRow("Q1", "A4", &[]any{"ann", "admin", 46086}))
	must(f.SetSheetRow("Q1", "A7", &[]any{"bob", "viewer", 46087}))
	var buf bytes.Buffer
	must(f.Write(&buf))

	r, rows := readAll(t, "review.xlsx", buf.Bytes(), Options{Sheet: "Q1"})
	same(t, "Q1", rows, []string{
		"1/1: Q1 2026 review",
		"2/2: ",
		"3/3: User|Role",
		"4/4: ann|admin|46086",
		"5/5: ",
		"6/6: ",
		"7/7: bob|viewer|46087",
	})
	if r.Format != XLSX || r.Sheet != "Q1" || strings.Join(r.Sheets, ",") != "Cover,Q1" {
		t.Errorf("format %s, sheet %s of %v", r.Format, r.Sheet, r.Sheets)
	}
	if m := r.Merged(); len(m) != 1 || m[0] != (Range{FirstRow: 3, LastRow: 3, FirstCol: 1, LastCol: 2, Value: "Role"}) {
		t.Errorf("merged %+v", m)
	}
	if err := r.Select("Q2"); audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), `review.xlsx has no sheet "Q2" (sheets: Cover, Q1)`) {
		t.Errorf("Select(Q2) = %v", err)
	}
	// Found by content, without a type or an .xlsx name.
	if r, err := Open("export.bin", buf.Bytes(), Options{}); err != nil || r.Format != XLSX || r.Sheet != "Cover" {
		t.Errorf("by content: %v, %+v", err, r)
	}
}

func TestNotSupported(t *testing.T) {
	var ods bytes.Buffer
	zw := zip.NewWriter(&ods)
	w, _ := zw.Create("mimetype")
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	zw.Close()
	for _, tc := range []struct {
		file string
		data []byte
		want string
	}{
		{"budget.ods", ods.Bytes(), "budget.ods is an OpenDocument spreadsheet (.ods), which is not supported"},
		{"budget.zip", ods.Bytes(), "budget.zip is an OpenDocument spreadsheet (.ods), which is not supported"},
		{"old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "old.xls is an old binary Excel file (.xls)"},
		{"broken.xlsx", []byte("PK\x03\x04 not really"), "broken.xlsx is not a workbook that can be read"},
		{"people.csv", []byte("a,b\n"), `people.csv is a CSV file: it has no sheet "Q1"`},
	} {
		_, err := Open(tc.file, tc.data, Options{Sheet: map[bool]string{true: "Q1"}[tc.file == "people.csv"]})
		if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%s) = %v, want EINVALID %q", tc.file, err, tc.want)
		}
	}
}

func TestFindHeader(t *testing.T) {
	rows := [][]string{{"ACME control matrix FY26"}, nil, {"Prepared by", "J. Doe"}, {"Ref", "Control", "Owner"}, {"AC-01", "Review", "IT"}}
	known := map[string]bool{"ref": true, "control": true, "owner": true}
	score := func(row []string) int {
		n := 0
		for _, c := range row {
			if known[strings.ToLower(c)] {
				n++
			}
		}
		return n
	}
	if got := FindHeader(rows, score); got != 3 {
		t.Errorf("FindHeader = %d, want 3 (row 4)", got)
	}
	if got := FindHeader(rows[:3], score); got != -1 {
		t.Errorf("FindHeader without a header = %d, want -1", got)
	}
}

func TestColumnLetters(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %s, want %s", i, got, want)
		}
		if back, ok := ColumnIndex(want); !ok || back != i {
			t.Errorf("ColumnIndex(%s) = %d, %v; want %d", want, back, ok, i)
		}
	}
	for _, bad := range []string{"", "A1", "XFE", "ABCD", "é"} {
		if _, ok := ColumnIndex(bad); ok {
			t.Errorf("ColumnIndex(%q) accepted", bad)
		}
	}
}
