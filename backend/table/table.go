// Package table reads tables: CSV and TSV files in any of the encodings
// Detect knows, and XLSX workbooks. It is the one reader behind the scope
// import (control matrix, PBC list), populations, pack manifests and the
// extractor, so that a file's rows, and their numbers, are the same
// wherever it is read. Row numbers are the ones a spreadsheet program
// shows: the citations of a hit, a population row or an import error
// depend on them.
package table

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
)

// Formats a table is read in.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// DefaultInflate is how far a workbook may inflate when Options leave it
// open. Worksheets are inflated in memory, never into temporary files, so
// that no evidence lands on disk in clear.
const DefaultInflate = 1 << 30

// Options say what is known of a table before it is opened.
type Options struct {
	// Type is the evidence type when known: "csv", "tsv" or "xlsx"; ""
	// detects the format from the bytes.
	Type string
	// Sheet names the worksheet of a workbook to read; "" is the first.
	Sheet string
	// Displayed reads workbook cells as a spreadsheet shows them (dates
	// formatted, numbers rounded); otherwise as stored, a date being its
	// serial number.
	Displayed bool
	// MaxWorkbook bounds a workbook's bytes (read whole: a zip needs random
	// access) and MaxInflate what it inflates to; 0 means 512 MiB and
	// DefaultInflate.
	MaxWorkbook, MaxInflate int64
}

// Row is one record of a table.
type Row struct {
	// Num is the row a spreadsheet shows the record on: blank lines count,
	// the line breaks inside a quoted cell do not.
	Num int
	// Line is the line of a text file the record starts on; Num in a
	// workbook.
	Line  int
	Cells []string
}

// Reader yields a table's rows in order.
type Reader struct {
	Name      string   // the file's name, for messages
	Format    string   // CSV or XLSX
	Encoding  string   // of a text file, as Detect names it
	Delimiter string   // of a text file: ",", ";", "tab" or "|"
	Sheet     string   // of a workbook, the one being read
	Sheets    []string // of a workbook, all of them

	csv    *csv.Reader
	breaks int // line breaks inside the quoted cells read so far

	book *excelize.File
	rows *excelize.Rows
	n    int
	opt  Options
}

// Open starts reading a table named name (for messages and the format)
// from its bytes. Errors are EINVALID and name the file and the reason.
func Open(name string, data []byte, opt Options) (*Reader, error) {
	if k := kind(name, data, opt); k != "text" {
		return openKind(name, k, data, opt)
	}
	return Stream(name, bytes.NewReader(data), opt)
}

// Stream is Open for a file too large to hold: a text file is read as a
// stream, a workbook whole (a zip needs random access), up to MaxWorkbook.
func Stream(name string, r io.Reader, opt Options) (*Reader, error) {
	br := bufio.NewReaderSize(r, streamSniff)
	magic, _ := br.Peek(8)
	switch k := kind(name, magic, opt); k {
	case XLSX:
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, io.LimitReader(br, maxWorkbook(opt)+1)); err != nil {
			return nil, audit.Wrap(audit.EINTERNAL, err, "read %s", name)
		}
		return openKind(name, k, buf.Bytes(), opt)
	case "text":
	default:
		return openKind(name, k, nil, opt)
	}
	if opt.Sheet != "" {
		return nil, audit.Errorf(audit.EINVALID, "%s is a CSV file: it has no sheet %q", name, opt.Sheet)
	}
	return openText(name, br, opt)
}

// kind tells a table's format from the options, the name and its first
// bytes: XLSX, "ods", "xls" or "text".
func kind(name string, head []byte, opt Options) string {
	switch {
	case opt.Type == "ods", opt.Type == "" && strings.EqualFold(path.Ext(name), ".ods"):
		return "ods"
	case opt.Type == XLSX, opt.Type == "" && bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "xls"
	}
	return "text"
}

// openKind opens what is not a text file.
func openKind(name, kind string, data []byte, opt Options) (*Reader, error) {
	switch kind {
	case "ods":
		return nil, odsError(name)
	case "xls":
		return nil, audit.Errorf(audit.EINVALID, "%s is an old binary Excel file (.xls): save it as .xlsx or CSV and import that", name)
	}
	return openBook(name, data, opt)
}

func maxWorkbook(opt Options) int64 {
	if opt.MaxWorkbook > 0 {
		return opt.MaxWorkbook
	}
	return 512 << 20
}

func odsError(name string) error {
	return audit.Errorf(audit.EINVALID, "%s is an OpenDocument spreadsheet (.ods), which is not supported: save it as .xlsx or CSV", name)
}

// delimiterNames are the names Reader.Delimiter gives.
var delimiterNames = map[rune]string{',': ",", ';': ";", '\t': "tab", '|': "|"}

func openText(name string, br *bufio.Reader, opt Options) (*Reader, error) {
	head, err := br.Peek(streamSniff)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read %s", name)
	}
	if err := checkText(name, head); err != nil {
		return nil, err
	}
	r, enc, err := NewReader(br)
	if err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read %s", name)
	}
	tr := bufio.NewReaderSize(r, streamSniff)
	text, _ := tr.Peek(streamSniff)
	delim := guessDelimiter(string(text))
	if delim == 0 {
		delim = ','
		if ext := strings.ToLower(path.Ext(name)); opt.Type == "tsv" || opt.Type == "" && (ext == ".tsv" || ext == ".tab") {
			delim = '\t'
		}
	}
	cr := csv.NewReader(tr)
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	return &Reader{Name: name, Format: CSV, Encoding: enc, Delimiter: delimiterNames[delim], csv: cr, opt: opt}, nil
}

// checkText refuses a file whose head is neither UTF-8, UTF-16 nor
// Windows-1252 text: NUL bytes, control characters (but for tab, line
// endings, form feed and the escape of terminal colours) or the bytes
// Windows-1252 leaves undefined, where Detect would fall back to it. Such a
// file is binary, or in an encoding that would read as garbage.
func checkText(name string, head []byte) error {
	if Detect(head) != Windows1252 {
		return nil
	}
	for i, c := range head {
		if c == 0 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b ||
			c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D {
			return audit.Errorf(audit.EINVALID, "%s is not text in UTF-8, UTF-16 or Windows-1252 (byte 0x%02X at offset %d): save it as UTF-8 CSV", name, c, i)
		}
	}
	return nil
}

func openBook(name string, data []byte, opt Options) (*Reader, error) {
	if int64(len(data)) > maxWorkbook(opt) {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: export the sheet as CSV, which is read as a stream", name, maxWorkbook(opt)>>20)
	}
	maxInflate := opt.MaxInflate
	if maxInflate <= 0 {
		maxInflate = DefaultInflate
	}
	if isODS(data) {
		return nil, odsError(name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxInflate,
		UnzipXMLSizeLimit: maxInflate, // keep worksheets in memory, never in temp files
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, audit.Wrap(audit.EINVALID, err, "%s is not a workbook that can be read", name)
	}
	t := &Reader{Name: name, Format: XLSX, Sheets: f.GetSheetList(), book: f, opt: opt}
	if len(t.Sheets) == 0 {
		_ = f.Close()
		return nil, audit.Errorf(audit.EINVALID, "%s has no sheets", name)
	}
	sheet := opt.Sheet
	if sheet == "" {
		sheet = t.Sheets[0]
	}
	if err := t.Select(sheet); err != nil {
		_ = f.Close()
		return nil, err
	}
	return t, nil
}

// isODS reports whether a zip is an OpenDocument spreadsheet, by the
// mimetype entry the format puts first.
func isODS(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "mimetype" || f.UncompressedSize64 > 100 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		m, _ := io.ReadAll(rc)
		rc.Close()
		return strings.HasPrefix(string(m), "application/vnd.oasis.opendocument.spreadsheet")
	}
	return false
}

// Select starts reading the named worksheet of a workbook from its first
// row.
func (t *Reader) Select(sheet string) error {
	if t.book == nil {
		return audit.Errorf(audit.EINVALID, "%s is a CSV file: it has no sheet %q", t.Name, sheet)
	}
	found := false
	for _, s := range t.Sheets {
		found = found || s == sheet
	}
	if !found {
		return audit.Errorf(audit.EINVALID, "%s has no sheet %q (sheets: %s)", t.Name, sheet, strings.Join(t.Sheets, ", "))
	}
	if t.rows != nil {
		_ = t.rows.Close()
	}
	rows, err := t.book.Rows(sheet)
	if err != nil {
		return audit.Wrap(audit.EINVALID, err, "sheet %q of %s cannot be read", sheet, t.Name)
	}
	t.rows, t.Sheet, t.n = rows, sheet, 0
	return nil
}

// Next returns the next row, or io.EOF after the last. A workbook yields
// every row up to its last, empty ones with no cells; a text file skips
// blank lines (they still count in Num). A text file's malformed record
// is an EINVALID error wrapping the *csv.ParseError; reading may go on
// after it.
func (t *Reader) Next() (Row, error) {
	if t.book != nil {
		return t.nextSheetRow()
	}
	rec, err := t.csv.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Row{Num: pe.StartLine - t.breaks, Line: pe.StartLine}, audit.Wrap(audit.EINVALID, err, "%s line %d is not CSV this reader understands", t.Name, pe.StartLine)
		}
		return Row{}, audit.Wrap(audit.EINTERNAL, err, "read %s", t.Name)
	}
	line, _ := t.csv.FieldPos(0)
	row := Row{Num: line - t.breaks, Line: line, Cells: rec}
	for _, f := range rec {
		t.breaks += strings.Count(f, "\n")
	}
	return row, nil
}

func (t *Reader) nextSheetRow() (Row, error) {
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return Row{Num: t.n, Line: t.n}, audit.Wrap(audit.EINVALID, err, "sheet %q of %s cannot be read after row %d", t.Sheet, t.Name, t.n)
		}
		return Row{}, io.EOF
	}
	t.n++
	cells, err := t.rows.Columns(excelize.Options{RawCellValue: !t.opt.Displayed})
	if err != nil {
		return Row{Num: t.n, Line: t.n}, audit.Wrap(audit.EINVALID, err, "row %d of sheet %q of %s cannot be read", t.n, t.Sheet, t.Name)
	}
	return Row{Num: t.n, Line: t.n, Cells: cells}, nil
}

// Merged lists the merged ranges of the current worksheet; nil for a text
// file.
func (t *Reader) Merged() []Range {
	if t.book == nil {
		return nil
	}
	cells, err := t.book.GetMergeCells(t.Sheet)
	if err != nil {
		return nil
	}
	var out []Range
	for _, m := range cells {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 == nil && err2 == nil && r1 <= r2 && c1 <= c2 {
			out = append(out, Range{FirstRow: r1, LastRow: r2, FirstCol: c1 - 1, LastCol: c2 - 1, Value: m.GetCellValue()})
		}
	}
	return out
}

// Range is a merged range of cells: rows as Row.Num counts them, columns
// from 0, and the value its top-left cell holds.
type Range struct {
	FirstRow, LastRow, FirstCol, LastCol int
	Value                                string
}

// Close releases the workbook.
func (t *Reader) Close() error {
	if t.book == nil {
		return nil
	}
	if t.rows != nil {
		_ = t.rows.Close()
	}
	return t.book.Close()
}

// FindHeader returns the index of the header row among the first 30 rows:
// the one score rates highest (the first of equals), so that title rows
// above a table's header are passed over; -1 when none scores above 0.
func FindHeader(rows [][]string, score func(row []string) int) int {
	best, at := 0, -1
	for i, row := range rows {
		if i >= 30 {
			break
		}
		if s := score(row); s > best {
			best, at = s, i
		}
	}
	return at
}

// MaxColumns is Excel's limit of columns, XFD.
const MaxColumns = 16384

// ColumnLetter is a column's spreadsheet letter: 0 is "A", 27 is "AB".
func ColumnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// ColumnIndex reads a column letter (A … XFD, any case) as a 0-based
// index; false for anything else.
func ColumnIndex(s string) (int, bool) {
	if s == "" || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
		n = n*26 + int(r-'A'+1)
	}
	if n > MaxColumns {
		return 0, false
	}
	return n - 1, true
}
