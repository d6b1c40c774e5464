package population

import (
	"errors"
	"io"
)

// previewRows is how many rows a preview shows.
const previewRows = 20

// Preview is the top of a file, for choosing the sheet, header row and
// columns before reading a population.
type Preview struct {
	Format    string   `json:"format"`
	Encoding  string   `json:"encoding,omitempty"`
	Delimiter string   `json:"delimiter,omitempty"`
	Sheets    []string `json:"sheets,omitempty"` // of a workbook
	Sheet     string   `json:"sheet,omitempty"`  // the one shown
	Rows      []Line   `json:"rows"`             // the first rows, header row included
	Columns   []Column `json:"columns"`          // lettered, headed by the header row
	HeaderRow int      `json:"header_row"`
}

// Line is one row of a preview.
type Line struct {
	Row   int      `json:"row"`
	Cells []string `json:"cells"`
}

// ReadPreview reads the first rows of a source from its header row on
// (headerRow 0 means 1), and names its columns.
func ReadPreview(src Source, sheet string, headerRow int) (Preview, error) {
	if headerRow < 1 {
		headerRow = 1
	}
	t, err := open(src, sheet)
	if err != nil {
		return Preview{}, err
	}
	defer t.close()
	p := Preview{Format: t.format, Encoding: t.encoding, Delimiter: t.delimiter, Sheets: t.sheets, Sheet: t.sheet,
		Rows: []Line{}, Columns: []Column{}, HeaderRow: headerRow}
	width := 0
	for len(p.Rows) < previewRows {
		cells, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		if line < headerRow {
			continue
		}
		cells = trimRow(cells)
		width = max(width, len(cells))
		p.Rows = append(p.Rows, Line{Row: line, Cells: cells})
	}
	var headers []string
	if len(p.Rows) > 0 && p.Rows[0].Row == headerRow {
		headers = p.Rows[0].Cells
	}
	for i := range min(width, 200) {
		p.Columns = append(p.Columns, Column{Index: i, Letter: ColumnLetter(i), Header: cell(headers, i)})
	}
	return p, nil
}
