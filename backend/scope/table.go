package scope

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"auditroom/backend/audit"
)

// Limits on what an import reads, so that a hostile file stays small.
const (
	MaxFileSize = 5 << 20 // bytes of the file as given
	maxRows     = 10000   // rows of one sheet
	maxColumns  = 200     // columns of one row
	maxCell     = 32767   // characters of one cell, Excel's own limit
	maxSheets   = 50
)

// sheet is one grid of cells: a CSV file, or one worksheet of a workbook.
type sheet struct {
	name string
	rows [][]string
}

// readSheets reads a CSV, XLSX or YAML file into grids of text. The format
// is told by content (an XLSX is a zip) and, for YAML, by the file name.
func readSheets(name string, data []byte) ([]sheet, error) {
	if len(data) > MaxFileSize {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: a control matrix or request list should be far smaller", name, MaxFileSize>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(name, data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, audit.Errorf(audit.EINVALID, "%s is an old binary Excel file (.xls): save it as .xlsx or CSV and import that", name)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "%s cannot be read as text", name)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		rows, err := yamlRows(text)
		if err != nil {
			return nil, audit.Wrap(audit.EINVALID, err, "%s is not YAML this import understands", name)
		}
		return []sheet{{name: "", rows: rows}}, nil
	}
	rows, err := csvRows(text)
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "%s is not a CSV file this import understands", name)
	}
	return []sheet{{name: "", rows: rows}}, nil
}

// decodeText turns a file's bytes into UTF-8: a UTF-8 or UTF-16 byte order
// mark is honoured and dropped, valid UTF-8 is kept, and anything else is
// read as Windows-1252 (a superset of Latin-1 for printable text), the
// encoding spreadsheet programs on Windows save CSV in.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		return string(out), err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
	return string(out), err
}

// sniffDelimiter picks comma, semicolon or tab: the one most common outside
// quotes in the first lines. European spreadsheet programs write semicolons.
func sniffDelimiter(text string) rune {
	counts := map[rune]int{}
	inQuote, lines := false, 0
	for _, r := range text {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			lines++
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
		if lines >= 20 {
			break
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func csvRows(text string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	next := 1 // the line the next record starts on if no blank lines come first
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		// encoding/csv skips blank lines; a spreadsheet counts them as rows,
		// and row numbers in errors must match what the user sees.
		line, _ := r.FieldPos(0)
		for ; next < line && len(rows) < maxRows; next++ {
			rows = append(rows, nil)
		}
		if len(rows) >= maxRows {
			return nil, audit.Errorf(audit.EINVALID, "more than %d rows", maxRows)
		}
		next = line + 1
		for _, f := range rec {
			next += strings.Count(f, "\n")
		}
		rows = append(rows, clip(rec))
	}
	return rows, nil
}

// clip bounds a row's width and its cells' length.
func clip(rec []string) []string {
	if len(rec) > maxColumns {
		rec = rec[:maxColumns]
	}
	for i, c := range rec {
		if len(c) > maxCell*4 {
			c = c[:maxCell*4]
		}
		rec[i] = strings.ToValidUTF8(c, "\uFFFD")
	}
	return rec
}

func readXLSX(name string, data []byte) ([]sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    200 << 20,
		UnzipXMLSizeLimit: 64 << 20,
	})
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "%s is not a workbook this import can read", name)
	}
	defer f.Close()
	var out []sheet
	for i, sn := range f.GetSheetList() {
		if i >= maxSheets {
			break
		}
		// Raw values: dates stay serial numbers, read as dates where a date is due.
		rows, err := f.GetRows(sn, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, audit.Wrap(audit.EINVALID, err, "sheet %q of %s cannot be read", sn, name)
		}
		if len(rows) > maxRows {
			rows = rows[:maxRows]
		}
		for j := range rows {
			rows[j] = clip(rows[j])
		}
		// A merged cell holds its value in the top-left cell only; spread it
		// over the range, so a header merged across columns names them all.
		merged, err := f.GetMergeCells(sn)
		if err == nil {
			for _, m := range merged {
				rows = spreadMerge(rows, m.GetStartAxis(), m.GetEndAxis(), m.GetCellValue())
			}
		}
		out = append(out, sheet{name: sn, rows: rows})
	}
	if len(out) == 0 {
		return nil, audit.Errorf(audit.EINVALID, "%s has no sheets", name)
	}
	return out, nil
}

func spreadMerge(rows [][]string, start, end, value string) [][]string {
	c1, r1, err1 := excelize.CellNameToCoordinates(start)
	c2, r2, err2 := excelize.CellNameToCoordinates(end)
	if err1 != nil || err2 != nil || r2 > maxRows || c2 > maxColumns || r1 > r2 || c1 > c2 {
		return rows
	}
	for len(rows) < r2 {
		rows = append(rows, nil)
	}
	for r := r1 - 1; r < r2; r++ {
		for len(rows[r]) < c2 {
			rows[r] = append(rows[r], "")
		}
		for c := c1 - 1; c < c2; c++ {
			if rows[r][c] == "" {
				rows[r][c] = value
			}
		}
	}
	return rows
}

// columnName is a column's spreadsheet letter: 0 is "A", 27 is "AB".
func columnName(i int) string {
	s, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return "?"
	}
	return s
}

// blank reports whether every cell of a row is empty or space.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}
