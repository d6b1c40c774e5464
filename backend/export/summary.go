package export

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeSummary writes the lead sheet: the engagement, the basis of the
// evaluation, the legend, and a line per test sheet.
func writeSummary(f *excelize.File, st styles, d *Data, names []string) error {
	sw, err := f.NewStreamWriter(SummarySheet)
	if err != nil {
		return err
	}
	cols := []column{
		{"Sheet", 14, false}, {"Control", 30, true}, {"Test", 30, true}, {"Sample size", 10, false},
		{"Exceptions", 11, false}, {"Items with exceptions", 12, false}, {"Upper deviation limit", 12, false},
		{"Within tolerable rate", 12, false}, {"Conclusion", 60, true}, {"Preparer", 26, false}, {"Reviewer", 26, false},
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	e := d.Engagement
	var cats []string
	for _, c := range e.Categories {
		cats = append(cats, words(string(c)))
	}
	lines := [][2]string{
		{"Client", e.Client},
		{"Engagement", e.Name + " (" + e.ID + ")"},
		{"Report", "SOC 2 " + reportType(e.Type)},
		{"Period", e.PeriodStart + " to " + e.PeriodEnd},
		{"Categories", strings.Join(cats, ", ")},
		{"Data as of", stamp(d.Modified)},
		{"Evaluation", fmt.Sprintf("Each sample is evaluated at %s confidence against a tolerable rate of %s.", d.Confidence.Percent(), d.Tolerable.Percent())},
		{"Tickmarks", Legend},
	}
	row := 1
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: "Workpapers: " + e.Name}}, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	for _, l := range lines {
		row++
		if err := sw.SetRow(cell(1, row), []any{excelize.Cell{StyleID: st.label, Value: l[0]}, excelize.Cell{StyleID: st.text, Value: l[1]}}); err != nil {
			return err
		}
		if err := sw.MergeCell(cell(2, row), cell(len(cols), row)); err != nil {
			return err
		}
	}
	row += 2
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow(cell(1, row), head, excelize.RowOpts{Height: 32}); err != nil {
		return err
	}
	for i, t := range d.Tests {
		row++
		size, udl, within := any(""), any(""), ""
		if ev := t.Evaluation; ev != nil {
			size, udl = ev.SampleSize, fmt.Sprintf("%.1f%%", ev.UpperDeviationLimit*100)
			if ev.SupportsReliance != nil {
				within = map[bool]string{true: "yes", false: "no"}[*ev.SupportsReliance]
			}
		}
		values := []any{names[i], joinNonEmpty(" ", t.Control.ID, t.Control.Title), t.Name(), size,
			t.Summary.Exceptions, t.Summary.Deviations, udl, within, t.Summary.Conclusion, signOff(t.Preparer), signOff(t.Reviewer)}
		cells := make([]any, len(values))
		for j, v := range values {
			style := st.text
			if cols[j].Wrap {
				style = st.wrap
			}
			cells[j] = excelize.Cell{StyleID: style, Value: v}
		}
		if err := sw.SetRow(cell(1, row), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}
