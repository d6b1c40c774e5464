package population

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
	"auditroom/backend/extract/textenc"
)

// Formats a population is read from.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// maxWorkbook bounds a workbook, which unlike a CSV file is read whole:
// a zip needs random access, and its worksheets are inflated in memory,
// never into temporary files, so that no evidence lands on disk in clear.
const maxWorkbook = 512 << 20

// Source is an evidence file to read a population from.
type Source struct {
	Name   string    // the file's name, for messages
	Type   string    // the evidence type the import detected: csv, tsv or xlsx
	Size   int64     // in bytes, for progress
	Reader io.Reader // the file's bytes
}

// Format is the format a population is read in for an evidence type, or
// an EINVALID error naming what the file is.
func Format(name, evidenceType string) (string, error) {
	switch evidenceType {
	case "csv", "tsv":
		return CSV, nil
	case "xlsx":
		return XLSX, nil
	}
	return "", audit.Errorf(audit.EINVALID, "%s is %s, not a CSV or XLSX file: a population is read from a table", name, article(evidenceType))
}

func article(t string) string {
	if t == "" {
		return "of unknown type"
	}
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an " + t
	}
	return "a " + t
}

// records yields a table's rows one by one.
type records interface {
	// next returns the next row's cells and its number in the file (for a
	// CSV file, the line it starts on), or io.EOF after the last.
	next() ([]string, int, error)
	close() error
}

// table is an open source: its rows and how they were read.
type table struct {
	records
	format, encoding, delimiter, sheet string
	sheets                             []string
}

// open starts reading a source; for a workbook, sheet names the worksheet
// ("" for the first).
func open(src Source, sheet string) (*table, error) {
	format, err := Format(src.Name, src.Type)
	if err != nil {
		return nil, err
	}
	if format == XLSX {
		return openXLSX(src, sheet)
	}
	if sheet != "" {
		return nil, audit.Errorf(audit.EINVALID, "%s is a CSV file: it has no sheet %q", src.Name, sheet)
	}
	return openCSV(src)
}

func openCSV(src Source) (*table, error) {
	r, enc, err := textenc.NewReader(src.Reader)
	if err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read %s", src.Name)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	delim := textenc.Delimiter(textenc.Lines(string(head), 20))
	if delim == 0 {
		delim = ','
		if src.Type == "tsv" {
			delim = '\t'
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	names := map[rune]string{',': ",", ';': ";", '\t': "tab", '|': "|"}
	return &table{records: &csvRecords{r: cr, name: src.Name}, format: CSV, encoding: enc, delimiter: names[delim]}, nil
}

type csvRecords struct {
	r    *csv.Reader
	name string
}

func (c *csvRecords) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, audit.Wrap(audit.EINVALID, err, "%s line %d is not CSV this reader understands", c.name, pe.StartLine)
		}
		return nil, 0, audit.Wrap(audit.EINTERNAL, err, "read %s", c.name)
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

func (c *csvRecords) close() error { return nil }

func openXLSX(src Source, sheet string) (*table, error) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(src.Reader, maxWorkbook+1)); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read %s", src.Name)
	}
	if buf.Len() > maxWorkbook {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: export the sheet as CSV, which is read as a stream", src.Name, maxWorkbook>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()), excelize.Options{
		UnzipSizeLimit:    maxWorkbook * 2,
		UnzipXMLSizeLimit: maxWorkbook * 2, // keep worksheets in memory, never in temp files
	})
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "%s is not a workbook that can be read", src.Name)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, audit.Errorf(audit.EINVALID, "%s has no sheets", src.Name)
	}
	if sheet == "" {
		sheet = sheets[0]
	}
	found := false
	for _, s := range sheets {
		found = found || s == sheet
	}
	if !found {
		f.Close()
		return nil, audit.Errorf(audit.EINVALID, "%s has no sheet %q (sheets: %s)", src.Name, sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, audit.Wrap(audit.EINVALID, err, "sheet %q of %s cannot be read", sheet, src.Name)
	}
	return &table{records: &xlsxRecords{f: f, rows: rows, name: src.Name, sheet: sheet}, format: XLSX, sheet: sheet, sheets: sheets}, nil
}

// xlsxRecords streams a worksheet's rows with excelize's row iterator.
// Cells are the stored values, not as displayed: a date is its serial
// number and a number is not rounded to its display format.
type xlsxRecords struct {
	f           *excelize.File
	rows        *excelize.Rows
	name, sheet string
	n           int
}

func (x *xlsxRecords) next() ([]string, int, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, x.n, audit.Wrap(audit.EINVALID, err, "sheet %q of %s cannot be read after row %d", x.sheet, x.name, x.n)
		}
		return nil, 0, io.EOF
	}
	x.n++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.n, audit.Wrap(audit.EINVALID, err, "row %d of sheet %q of %s cannot be read", x.n, x.sheet, x.name)
	}
	return cells, x.n, nil
}

func (x *xlsxRecords) close() error {
	x.rows.Close()
	return x.f.Close()
}
