package population

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"auditroom/backend/audit"
)

var fy26 = Period{Start: "2026-01-01", End: "2026-12-31"}

// read reads a population and the rows it emits.
func read(t testing.TB, name, typ string, data []byte, opt Options) (Population, []Row, error) {
	t.Helper()
	var rows []Row
	p, err := Read(context.Background(), Source{Name: name, Type: typ, Size: int64(len(data)), Reader: bytes.NewReader(data)},
		opt, fy26, func(r Row) error { rows = append(rows, r); return nil }, nil)
	return p, rows, err
}

func check(p Population, id string) Check {
	for _, c := range p.Checks.Items {
		if c.ID == id {
			return c
		}
	}
	return Check{ID: "missing " + id}
}

const tickets = `Ticket export, generated 2027-01-05
ticket,opened,amount,team,summary
CHG-1,2026-01-02,"1,200.00",ops,Patch web servers
CHG-2,2026-01-03,50,ops,Rotate keys
CHG-3,2025-12-30,75.5,dev,Late from last year
CHG-2,2026-01-04,20,dev,Duplicate key
,2026-01-05,10,dev,No key
CHG-6,someday,x,ops,Bad date and amount
,,,,
CHG-7,2026-12-31,(5.00),dev,Credit note
`

func TestReadCSV(t *testing.T) {
	stated := 9
	opt := Options{EvidenceID: "ev", HeaderRow: 2, Key: "Ticket", Date: "opened", Amount: "C", Stratum: "team", StatedCount: &stated}
	p, rows, err := read(t, "tickets.csv", "csv", []byte(tickets), opt)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows != 7 || len(rows) != 7 || p.Checks.BlankRows != 1 || p.Format != CSV || p.Delimiter != "," || p.Encoding != "utf-8" {
		t.Fatalf("read %d rows (%d emitted, %d blank), format %s %q %s; want 7 rows, 1 blank, csv , utf-8", p.Rows, len(rows), p.Checks.BlankRows, p.Format, p.Delimiter, p.Encoding)
	}
	if p.Key != (Column{0, "A", "ticket"}) || p.Date.Letter != "B" || p.Amount.Header != "amount" || p.Stratum.Index != 3 || p.Name != "tickets.csv" {
		t.Errorf("columns key %+v date %+v amount %+v stratum %+v", p.Key, p.Date, p.Amount, p.Stratum)
	}
	first := rows[0]
	if first.Index != 0 || first.Row != 3 || first.Key != "CHG-1" || first.Date != "2026-01-02" || first.Amount.String() != "1200.00" || first.Stratum != "ops" {
		t.Errorf("first row %+v", first)
	}
	if rows[6].Row != 10 || rows[6].Amount.String() != "-5.00" {
		t.Errorf("last row %+v, want line 10 with -5.00", rows[6])
	}
	// The row hash is SHA-256 over length-prefixed cells.
	var canon bytes.Buffer
	for _, c := range []string{"CHG-1", "2026-01-02", "1,200.00", "ops", "Patch web servers"} {
		canon.Write([]byte{0, 0, 0, byte(len(c))})
		canon.WriteString(c)
	}
	if sum := sha256.Sum256(canon.Bytes()); first.Hash != hex.EncodeToString(sum[:]) {
		t.Errorf("row hash %s, want %x", first.Hash, sum)
	}
	var hashes [][32]byte
	for _, r := range rows {
		h, _ := hex.DecodeString(r.Hash)
		hashes = append(hashes, [32]byte(h))
	}
	if p.Hash != Hash(hashes) {
		t.Errorf("population hash %s, want %s over the row hashes", p.Hash, Hash(hashes))
	}

	for _, tc := range []struct {
		id       string
		ok       bool
		count    int
		message  string
		examples string
	}{
		{CheckCount, false, 7, "7 rows, 2 fewer than the 9 the client stated", ""},
		{CheckPeriod, false, 1, "1 row is dated outside the period 2026-01-01 to 2026-12-31", "5:CHG-3:2025-12-30"},
		{CheckDuplicates, false, 1, "1 key appears more than once: 1 row repeat", "6:CHG-2:first 4"},
		{CheckBlankKeys, false, 1, "1 row has no key", "7::"},
		{CheckDates, false, 1, "1 row has no date that can be read", "8:CHG-6:someday (not a date)"},
		{CheckAmounts, false, 1, "1 row has no amount that can be read", "8:CHG-6:x (it has no digits)"},
		{CheckGaps, false, 2, "360 of the 365 days in the period have no rows, in 2 gaps; the longest runs from 2026-01-06 to 2026-12-30 (359 days)", "2026-01-06..2026-12-30/359 2026-01-01..2026-01-01/1"},
	} {
		c := check(p, tc.id)
		var ex []string
		for _, e := range c.Examples {
			switch {
			case e.Days > 0:
				ex = append(ex, fmt.Sprintf("%s..%s/%d", e.From, e.To, e.Days))
			case e.FirstRow > 0:
				ex = append(ex, fmt.Sprintf("%d:%s:first %d", e.Row, e.Key, e.FirstRow))
			case e.Reason != "":
				ex = append(ex, fmt.Sprintf("%d:%s:%s (%s)", e.Row, e.Key, e.Value, e.Reason))
			default:
				ex = append(ex, fmt.Sprintf("%d:%s:%s", e.Row, e.Key, e.Value))
			}
		}
		if c.OK != tc.ok || c.Count != tc.count || !strings.HasPrefix(c.Message, tc.message) || strings.Join(ex, " ") != tc.examples {
			t.Errorf("check %s: ok %v, count %d, %q, examples %q\nwant ok %v, count %d, %q, %q", tc.id, c.OK, c.Count, c.Message, strings.Join(ex, " "), tc.ok, tc.count, tc.message, tc.examples)
		}
	}
	if p.Checks.FirstDate != "2025-12-30" || p.Checks.LastDate != "2026-12-31" || p.Checks.AmountTotal.String() != "1350.50" {
		t.Errorf("dates %s to %s, total %s", p.Checks.FirstDate, p.Checks.LastDate, p.Checks.AmountTotal)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	text := "id;name;date\r\n1;Zoë;05/03/2026\r\n2;Ünal;25/03/2026\r\n"
	latin, _ := charmap.Windows1252.NewEncoder().String(text)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	for _, tc := range []struct {
		name, data, enc string
	}{
		{"utf-8", text, "utf-8"},
		{"bom", "\xef\xbb\xbf" + text, "utf-8-bom"},
		{"windows-1252", latin, "windows-1252"},
		{"utf-16", u16, "utf-16le"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, rows, err := read(t, "people.csv", "csv", []byte(tc.data), Options{EvidenceID: "e", Key: "id", Date: "date"})
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != tc.enc || p.Delimiter != ";" || len(rows) != 2 || rows[0].Cells[1] != "Zoë" || rows[1].Cells[1] != "Ünal" ||
				rows[0].Date != "2026-03-05" || p.DateOrder != OrderDMY || p.Headers[0] != "id" {
				t.Errorf("%s %q order %s headers %q rows %+v", p.Encoding, p.Delimiter, p.DateOrder, p.Headers, rows)
			}
		})
	}
	// The same rows hash the same whatever the encoding.
	_, a, _ := read(t, "a.csv", "csv", []byte(text), Options{EvidenceID: "e", Key: "id", Date: "date"})
	_, b, _ := read(t, "b.csv", "csv", []byte(latin), Options{EvidenceID: "e", Key: "id", Date: "date"})
	if a[0].Hash != b[0].Hash {
		t.Errorf("the same row hashes %s in UTF-8 and %s in Windows-1252", a[0].Hash, b[0].Hash)
	}
}

func TestReadRefusals(t *testing.T) {
	ok := Options{EvidenceID: "e", Key: "ticket", Date: "opened"}
	for _, tc := range []struct {
		name, typ, data string
		opt             Options
		want            string
	}{
		{"pdf", "pdf", "%PDF", ok, "x.pdf is a pdf, not a CSV or XLSX file"},
		{"no key", "csv", tickets, Options{EvidenceID: "e", Date: "opened"}, "key column is required"},
		{"unknown column", "csv", "a,b\n1,2\n", ok, `x.pdf has no column "ticket" for the key (columns: a, b)`},
		{"blank header", "csv", "\n\na,b\n", Options{EvidenceID: "e", Key: "a", Date: "b", HeaderRow: 1}, "row 1 of x.pdf is blank"},
		{"no rows", "csv", "ticket,opened\n", ok, "has no rows below the header row 1"},
		{"short file", "csv", "ticket,opened\n", Options{EvidenceID: "e", Key: "a", Date: "b", HeaderRow: 5}, "ends before row 5"},
		{"two same headers", "csv", "ticket,ticket,opened\n1,2,2026-01-01\n", ok, `two columns headed "ticket" (A and B)`},
		{"mixed date orders", "csv", "ticket,opened\n1,13/01/2026\n2,01/13/2026\n", ok, "written both day first (row 2: 13/01/2026) and month first (row 3: 01/13/2026)"},
		{"sheet of a csv", "csv", "ticket,opened\n", Options{EvidenceID: "e", Key: "a", Date: "b", Sheet: "S"}, `is a CSV file: it has no sheet "S"`},
		{"bad order", "csv", tickets, Options{EvidenceID: "e", Key: "a", Date: "b", DateOrder: "ymd"}, "date order \"ymd\" must be dmy or mdy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := read(t, "x.pdf", tc.typ, []byte(tc.data), tc.opt)
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
				t.Errorf("err = %v (%s), want EINVALID with %q", err, audit.ErrorCode(err), tc.want)
			}
		})
	}
}

func TestReadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var data strings.Builder
	data.WriteString("ticket,opened\n")
	for i := range 5000 {
		fmt.Fprintf(&data, "T-%d,2026-01-01\n", i)
	}
	_, err := Read(ctx, Source{Name: "t.csv", Type: "csv", Reader: strings.NewReader(data.String())},
		Options{EvidenceID: "e", Key: "ticket", Date: "opened"}, fy26, func(Row) error { return nil }, nil)
	if audit.ErrorCode(err) != audit.ECANCELED {
		t.Errorf("err = %v, want ECANCELED", err)
	}
}

func workbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Readme")
	f.SetCellValue("Readme", "A1", "Users removed in FY26")
	f.NewSheet("Leavers")
	rows := [][]any{
		{"Employee", "Left on", "Salary", "Dept"},
		{"E-100", 46023.0, 52000.5, "Sales"}, // 2026-01-01 as a serial number
		{"E-101", "2026-02-14", "61,000", "IT"},
		{},
		{"E-102", 46387.0, 1e3, "IT"}, // 2026-12-31
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow("Leavers", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // shown as a date
	f.SetCellStyle("Leavers", "B4", "B7", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	// A workbook's sheets are inflated in memory, never into temporary files.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func() {
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("reading a workbook left %d files in the temporary folder", len(left))
		}
	}()
	data := workbook(t)
	p, rows, err := read(t, "leavers.xlsx", "xlsx", data, Options{EvidenceID: "e", Sheet: "Leavers", HeaderRow: 3, Key: "employee", Date: "left on", Amount: "salary", Stratum: "D"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != XLSX || p.Sheet != "Leavers" || p.Rows != 3 || p.Checks.BlankRows != 1 {
		t.Fatalf("format %s sheet %q rows %d blank %d", p.Format, p.Sheet, p.Rows, p.Checks.BlankRows)
	}
	got := fmt.Sprintf("%d %s %s %s %s | %d %s %s %s | %d %s %s", rows[0].Row, rows[0].Key, rows[0].Date, rows[0].Amount, rows[0].Stratum,
		rows[1].Row, rows[1].Key, rows[1].Date, rows[1].Amount, rows[2].Row, rows[2].Date, rows[2].Amount)
	want := "4 E-100 2026-01-01 52000.50 Sales | 5 E-101 2026-02-14 61000.00 | 7 2026-12-31 1000.00"
	if got != want {
		t.Errorf("rows %s\nwant %s", got, want)
	}
	if rows[0].Cells[1] != "46023" {
		t.Errorf("a date cell is stored as %q, want its serial number", rows[0].Cells[1])
	}

	_, _, err = read(t, "leavers.xlsx", "xlsx", data, Options{EvidenceID: "e", Sheet: "Nope", Key: "a", Date: "b"})
	if !strings.Contains(audit.ErrorMessage(err), `has no sheet "Nope" (sheets: Readme, Leavers)`) {
		t.Errorf("missing sheet: %v", err)
	}
	pv, err := ReadPreview(Source{Name: "leavers.xlsx", Type: "xlsx", Reader: bytes.NewReader(data)}, "Leavers", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Sheets) != 2 || pv.Sheet != "Leavers" || len(pv.Rows) != 5 || len(pv.Columns) != 4 || pv.Columns[1].Header != "Left on" || pv.Rows[0].Row != 3 {
		t.Errorf("preview %+v", pv)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(tickets), 2)
	f.Add([]byte("a,b\n\"x\ny\",2026-01-01\n"), 1)
	f.Add([]byte("\xff\xfea\x00,\x00b\x00\n\x001\x00"), 1)
	f.Fuzz(func(t *testing.T, data []byte, header int) {
		header = header%5 + 1
		n := 0
		p, err := Read(context.Background(), Source{Name: "f.csv", Type: "csv", Reader: bytes.NewReader(data)},
			Options{EvidenceID: "e", Key: "A", Date: "B", HeaderRow: header}, fy26,
			func(r Row) error {
				if r.Index != n {
					t.Fatalf("row %d emitted as index %d", n, r.Index)
				}
				n++
				return nil
			}, nil)
		if err != nil {
			if audit.ErrorCode(err) == audit.EINTERNAL {
				t.Fatalf("internal error on outside input: %v", err)
			}
			return
		}
		if p.Rows != n || p.Rows == 0 || len(p.Hash) != 64 {
			t.Errorf("%d rows read, %d emitted, hash %q", p.Rows, n, p.Hash)
		}
	})
}
