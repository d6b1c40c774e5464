package export

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
)

// Tickmarks: what a result cell of the grid holds, and the legend that
// says so.
const (
	TickPass          = "✓"
	TickException     = "X"
	TickNotApplicable = "n/a"
	Legend            = "Legend: ✓ pass · X exception · n/a not applicable · blank: not yet recorded"
)

// Sheet names besides the tests'.
const (
	SummarySheet    = "Summary"
	ExceptionsSheet = "Exceptions"
	FindingsSheet   = "Findings"
)

// noTempFiles is the folder excelize may spill a large sheet into. It
// holds a NUL byte, so creating a file there always fails, and excelize
// then keeps the sheet in memory: the grid's notes come from confidential
// evidence and must never sit in a plain temporary file.
const noTempFiles = "\x00auditroom: no temporary files"

// WriteXLSX writes the workbook: a summary, a sheet per test, the
// exceptions and the findings. Every sheet is streamed, so a grid of
// thousands of items is written row by row.
func WriteXLSX(ctx context.Context, d *Data, w io.Writer, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	f := excelize.NewFile(excelize.Options{TmpDir: noTempFiles})
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return xlsxError(err)
	}
	names := testSheetNames(d.Tests)
	total := len(d.Tests) + 3
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return xlsxError(err)
	}
	for _, n := range append(names, ExceptionsSheet, FindingsSheet) {
		if _, err := f.NewSheet(n); err != nil {
			return xlsxError(err)
		}
	}
	if err := writeSummary(f, st, d, names); err != nil {
		return xlsxError(err)
	}
	progress(StageWrite, 1, total)
	for i, t := range d.Tests {
		if err := canceled(ctx); err != nil {
			return err
		}
		if err := writeTestSheet(f, st, d, t, names[i]); err != nil {
			return xlsxError(err)
		}
		progress(StageWrite, i+2, total)
	}
	if err := writeTable(f, st, ExceptionsSheet, exceptionTable(d)); err != nil {
		return xlsxError(err)
	}
	if err := writeTable(f, st, FindingsSheet, findingTable(d)); err != nil {
		return xlsxError(err)
	}
	progress(StageWrite, total, total)
	e := d.Engagement
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "Workpapers: " + e.Name,
		Subject:  e.Client + ", SOC 2 " + reportType(e.Type) + ", " + e.PeriodStart + " to " + e.PeriodEnd,
		Creator:  "Audit Room",
		Keywords: "SOC 2; workpapers; " + e.ID,
		Created:  d.Modified.UTC().Format(time.RFC3339),
		Modified: d.Modified.UTC().Format(time.RFC3339),
	}); err != nil {
		return xlsxError(err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return audit.Wrap(audit.EINVALID, err, "write the workbook")
	}
	return nil
}

// styles are the workbook's cell styles.
type styles struct {
	title, label, header, wrap, text, pass, exception, na, percent int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	centre := &excelize.Alignment{Horizontal: "center", Vertical: "top"}
	pct := "0.0%"
	for _, x := range []struct {
		id *int
		s  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: top}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}}},
		{&s.wrap, excelize.Style{Alignment: wrapTop}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.pass, excelize.Style{Alignment: centre, Font: &excelize.Font{Color: "2E7D32"}}},
		{&s.exception, excelize.Style{Alignment: centre, Font: &excelize.Font{Bold: true, Color: "C00000"}}},
		{&s.na, excelize.Style{Alignment: centre, Font: &excelize.Font{Color: "7F7F7F"}}},
		{&s.percent, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}, CustomNumFmt: &pct}},
	} {
		id, err := f.NewStyle(&x.s)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

// writeTable writes a table under a frozen header row.
func writeTable(f *excelize.File, st styles, sheet string, t table) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	for r, row := range t.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			style := st.text
			if t.Columns[i].Wrap {
				style = st.wrap
			}
			cells[i] = excelize.Cell{StyleID: style, Value: v}
		}
		if err := sw.SetRow(cell(1, r+2), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// testSheetNames names each test's sheet after its control: "AC-01", and
// "AC-01 (2)" for a second test of it. Excel allows 31 characters and no
// []:*?/\ in a name, and compares names without case.
func testSheetNames(tests []Test) []string {
	used := map[string]bool{strings.ToLower(SummarySheet): true, strings.ToLower(ExceptionsSheet): true, strings.ToLower(FindingsSheet): true}
	names := make([]string, len(tests))
	for i, t := range tests {
		base := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) || r < ' ' {
				return '_'
			}
			return r
		}, t.Control.ID)
		base = strings.Trim(base, "' ")
		if base == "" {
			base = "Test"
		}
		if r := []rune(base); len(r) > 24 {
			base = string(r[:24])
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// cell names a cell by column and row, both from 1.
func cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // columns and rows here are always within Excel's limits
	}
	return name
}

func reportType(t audit.ReportType) string {
	if t == audit.Type1 {
		return "Type 1"
	}
	return "Type 2"
}

func xlsxError(err error) error {
	if audit.ErrorCode(err) != audit.EINTERNAL {
		return err
	}
	return audit.Wrap(audit.EINTERNAL, err, "build the workbook")
}
