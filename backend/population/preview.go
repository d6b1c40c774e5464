package population

import (
	"errors"
	"fmt"
	"io"
	"regexp"

	"auditroom/backend/table"
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
	// DateColumn is the date column proposed from the columns' names and
	// how many of the rows shown they date; nil when none reads as dates.
	DateColumn *DateChoice `json:"date_column,omitempty"`
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
	defer t.Close()
	p := Preview{Format: t.Format, Encoding: t.Encoding, Delimiter: t.Delimiter, Sheets: t.Sheets, Sheet: t.Sheet,
		Rows: []Line{}, Columns: []Column{}, HeaderRow: headerRow}
	width := 0
	for len(p.Rows) < previewRows {
		r, err := t.Next()
		cells, line := r.Cells, r.Num
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
		p.Columns = append(p.Columns, Column{Index: i, Letter: table.ColumnLetter(i), Header: cell(headers, i)})
	}
	p.DateColumn = suggestDate(p)
	return p, nil
}

// DateChoice is the date column a preview proposes, and why, for the user
// to confirm or change before freezing.
type DateChoice struct {
	Column
	Dated  int    `json:"dated"`  // preview rows whose cell reads as a date
	Rows   int    `json:"rows"`   // preview rows below the header
	Reason string `json:"reason"` // e.g. "Deployed On: 19 of 19 rows are dates"
}

// Date column names, by preference: when a control operated (deployed,
// closed, completed …) before when its item was begun (approved, created …).
var (
	operatedName = regexp.MustCompile(`(?i)deploy|clos|complet|resolv|perform|execut|done|terminat|remov|review`)
	begunName    = regexp.MustCompile(`(?i)approv|creat|open|request|submit|start`)
	dateName     = regexp.MustCompile(`(?i)date|time|when|\bon$|\bat$`)
)

// mostlyFilled is the share of dated rows a column needs to be proposed on
// its name: a mostly blank column dates few rows, whatever it is called.
const mostlyFilled = 0.8

// suggestDate proposes the date column: among the columns whose preview
// cells mostly read as dates, an "operated" name first, then any other,
// then a "begun" name, the best filled first within each; failing that, the
// best filled column with any dates. Nil when no cell reads as a date.
func suggestDate(p Preview) *DateChoice {
	if len(p.Rows) < 2 {
		return nil
	}
	body := p.Rows[1:]
	var best *DateChoice
	rank := func(c DateChoice) int {
		filled := float64(c.Dated) >= mostlyFilled*float64(c.Rows)
		switch {
		case !filled:
			return 0
		case operatedName.MatchString(c.Header):
			return 3
		case begunName.MatchString(c.Header):
			return 1
		}
		return 2
	}
	for _, col := range p.Columns {
		c := DateChoice{Column: col, Rows: len(body)}
		for _, r := range body {
			for _, order := range []string{OrderDMY, OrderMDY} {
				d := table.Dates{Order: order, Serial: p.Format == XLSX}
				if v, _ := d.Parse(cell(r.Cells, col.Index)); v != "" {
					c.Dated++
					break
				}
			}
		}
		if c.Dated == 0 || (p.Format == XLSX && !dateName.MatchString(col.Header) && !operatedName.MatchString(col.Header) && !begunName.MatchString(col.Header)) {
			continue // a workbook's numbers read as serial dates: only dated names count there
		}
		if best == nil || rank(c) > rank(*best) || (rank(c) == rank(*best) && c.Dated > best.Dated) {
			b := c
			best = &b
		}
	}
	if best == nil {
		return nil
	}
	name := best.Header
	if name == "" {
		name = "column " + best.Letter
	}
	best.Reason = fmt.Sprintf("%s: %d of the first %d rows are dates", name, best.Dated, best.Rows)
	if rank(*best) == 0 {
		best.Reason += "; no column is mostly filled with dates, so check it"
	}
	return best
}
