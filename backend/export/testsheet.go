package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/controltest"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
)

// Rows of a test sheet above the grid; the grid's header is the last of
// them and stays frozen with them.
const (
	rowTitle = 1 + iota
	rowConclusion
	rowSignOffs
	rowLegend
	rowGridHeader
)

// gridColumns are the grid's leading columns, before the attributes: item,
// row and key, the stratum or the reason for selection, and the population
// columns the test's grid shows (positions in Test.Columns).
type gridColumns struct {
	stratum, reason bool
	values          []int
}

func (g gridColumns) count() int {
	n := 3 + len(g.values) // item, row, key, the population's columns
	if g.stratum {
		n++
	}
	if g.reason {
		n++
	}
	return n
}

// valueColumns are the positions in t.Columns a test sheet shows beside
// each item: the grid's columns less the key, which has a column of its own.
func valueColumns(t Test) []int {
	var out []int
	for i, c := range t.Columns {
		if t.Population == nil || c.Index != t.Population.Key.Index {
			out = append(out, i)
		}
	}
	return out
}

// writeTestSheet writes one test as a workpaper: a frozen banner (control,
// conclusion, sign-offs, legend) over the grid of sample items ×
// attributes with their notes and evidence, then the details a reviewer
// checks: control, procedure, population, sample, evaluation.
func writeTestSheet(f *excelize.File, st styles, d *Data, t Test, sheet string) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	var items []selection.Item
	lead := gridColumns{}
	if t.Sample != nil {
		items = t.Sample.Items
		spec, _ := selection.Lookup(t.Sample.Method)
		lead = gridColumns{stratum: spec.Takes(selection.ParamStratum), reason: spec.Takes(selection.ParamPicks),
			values: valueColumns(t)}
	}
	first := lead.count() + 1 // first attribute column
	notesCol := first + len(t.Attributes)
	last := notesCol + 1 // evidence
	widths := []float64{7, 8, 18}
	if lead.stratum {
		widths = append(widths, 14)
	}
	if lead.reason {
		widths = append(widths, 30)
	}
	for range lead.values {
		widths = append(widths, 16)
	}
	for range t.Attributes {
		widths = append(widths, 16)
	}
	widths = append(widths, 44, 56)
	var all, values float64 // widths of the banner (A to the end) and of a detail's value (D to the end)
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
		all += w
		if i >= 3 {
			values += w
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: rowGridHeader,
		TopLeftCell: cell(4, rowGridHeader+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}

	banner := func(row int, style int, text string, height float64) error {
		if err := sw.SetRow(cell(1, row), []any{excelize.Cell{StyleID: style, Value: text}}, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		return sw.MergeCell(cell(1, row), cell(last, row))
	}
	title := t.Control.ID
	if t.Control.Title != "" {
		title += " " + t.Control.Title
	}
	title += " — " + t.Name()
	for _, b := range []struct {
		row    int
		style  int
		text   string
		height float64
	}{
		{rowTitle, st.title, title, 22},
		{rowConclusion, st.wrap, "Conclusion: " + t.Summary.Conclusion, textHeight("Conclusion: "+t.Summary.Conclusion, all)},
		{rowSignOffs, st.text, "Preparer: " + signOff(t.Preparer) + " · Reviewer: " + signOff(t.Reviewer), 16},
		{rowLegend, st.text, Legend, 16},
	} {
		if err := banner(b.row, b.style, b.text, b.height); err != nil {
			return err
		}
	}

	head := []any{excelize.Cell{StyleID: st.header, Value: "Item"}, excelize.Cell{StyleID: st.header, Value: "Row"},
		excelize.Cell{StyleID: st.header, Value: "Key"}}
	if lead.stratum {
		head = append(head, excelize.Cell{StyleID: st.header, Value: "Stratum"})
	}
	if lead.reason {
		head = append(head, excelize.Cell{StyleID: st.header, Value: "Reason for selection"})
	}
	for _, i := range lead.values {
		c := t.Columns[i]
		name := c.Header
		if name == "" {
			name = "Column " + c.Letter
		}
		head = append(head, excelize.Cell{StyleID: st.header, Value: name})
	}
	for _, a := range t.Attributes {
		head = append(head, excelize.Cell{StyleID: st.header, Value: a.ID + ": " + a.Description})
	}
	head = append(head, excelize.Cell{StyleID: st.header, Value: "Notes"}, excelize.Cell{StyleID: st.header, Value: "Evidence"})
	if err := sw.SetRow(cell(1, rowGridHeader), head, excelize.RowOpts{Height: 48}); err != nil {
		return err
	}

	for i, it := range items {
		row := []any{it.Number, it.Row, excelize.Cell{StyleID: st.text, Value: it.Key}}
		if lead.stratum {
			row = append(row, excelize.Cell{StyleID: st.text, Value: it.Stratum})
		}
		if lead.reason {
			row = append(row, excelize.Cell{StyleID: st.wrap, Value: it.Reason})
		}
		for _, c := range lead.values {
			var v string
			if i < len(t.Values) {
				v = t.Values[i][c]
			}
			row = append(row, excelize.Cell{StyleID: st.text, Value: v})
		}
		var notes, cites []string
		for _, a := range t.Attributes {
			c := t.Cells[controltest.CellKey(it.Number, a.ID)]
			row = append(row, resultCell(st, c.Result))
			if c.Note != "" {
				notes = append(notes, a.ID+": "+c.Note)
			}
			for _, p := range c.Pins {
				cites = append(cites, a.ID+": "+d.Cite(p.EvidenceID, p.Locator))
			}
		}
		row = append(row, excelize.Cell{StyleID: st.wrap, Value: strings.Join(notes, "\n")},
			excelize.Cell{StyleID: st.wrap, Value: strings.Join(cites, "\n")})
		if err := sw.SetRow(cell(1, rowGridHeader+1+i), row); err != nil {
			return err
		}
	}
	if len(items) > 0 && len(t.Attributes) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(first, rowGridHeader+1) + ":" + cell(notesCol-1, rowGridHeader+len(items))
		if err := dv.SetDropList([]string{TickPass, TickException, TickNotApplicable}); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Result", "Enter ✓ (pass), X (exception) or n/a (not applicable), or leave it blank.")
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}

	// The details, two rows below the grid: a label over columns A–C and
	// its value over the rest.
	row := rowGridHeader + len(items) + 2
	if err := sw.SetRow(cell(1, row), []any{excelize.Cell{StyleID: st.title, Value: "Workpaper details"}}); err != nil {
		return err
	}
	for _, kv := range testDetails(d, t) {
		row++
		style, height := st.wrap, 0.0
		switch v := kv.value.(type) {
		case float64:
			style = st.percent
		case string:
			height = textHeight(v, values)
		}
		if err := sw.SetRow(cell(1, row), []any{excelize.Cell{StyleID: st.label, Value: kv.label}, nil, nil,
			excelize.Cell{StyleID: style, Value: kv.value}}, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		if err := sw.MergeCell(cell(1, row), cell(3, row)); err != nil {
			return err
		}
		if err := sw.MergeCell(cell(4, row), cell(last, row)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// detail is one line of a test's details.
type detail struct {
	label string
	value any // string, int or float64 (a rate, shown as a percent)
}

// testDetails are the facts a reviewer checks, in workpaper order.
func testDetails(d *Data, t Test) []detail {
	e := d.Engagement
	c := t.Control
	var crit []string
	for _, id := range c.Criteria {
		if cr, ok := scope.Lookup(id); ok {
			crit = append(crit, cr.ID+" "+cr.Title)
		} else {
			crit = append(crit, id)
		}
	}
	var attrs []string
	for _, a := range t.Attributes {
		s := a.ID + ": " + a.Description
		if a.Exception != "" {
			s += " (an exception: " + a.Exception + ")"
		}
		attrs = append(attrs, s)
	}
	out := []detail{
		{"Engagement", fmt.Sprintf("%s: %s, SOC 2 %s, %s to %s", e.Name, e.Client, reportType(e.Type), e.PeriodStart, e.PeriodEnd)},
		{"Control", joinNonEmpty(" ", c.ID, c.Title)},
		{"Control description", c.Description},
		{"Control owner", c.Owner},
		{"Frequency", words(string(c.Frequency))},
		{"Criteria", strings.Join(crit, "\n")},
		{"Test", t.Name()},
		{"Test ID", t.ID},
		{"Procedure", t.Procedure},
		{"Attributes", strings.Join(attrs, "\n")},
	}
	if p := t.Population; p != nil {
		where := p.File
		if p.Sheet != "" {
			where += ", sheet " + p.Sheet
		}
		out = append(out,
			detail{"Population", p.Name},
			detail{"Source file", fmt.Sprintf("%s (evidence %s, header row %d)", where, p.EvidenceID, p.HeaderRow)},
			detail{"Source SHA-256", p.SourceSHA256},
			detail{"Population rows", p.Rows},
			detail{"Population hash", p.Hash},
		)
		if f := populationFilters(*p); f != "" {
			out = append(out, detail{"Population filters", f})
		}
	}
	if s := t.Sample; s != nil {
		size := strconv.Itoa(len(s.Items))
		if len(s.Sizes) > 1 {
			size += fmt.Sprintf(" (drawn in %d rounds of %s)", len(s.Sizes), strings.Trim(fmt.Sprint(s.Sizes), "[]"))
		}
		out = append(out,
			detail{"Sample", s.ID},
			detail{"Selection method", string(s.Method)},
			detail{"How the items were chosen", howChosen(s.Draw)},
			detail{"Algorithm version", s.Algorithm},
			detail{"Seed", s.Seed},
			detail{"Sample size", size},
			detail{"Why this size", sizeRationale(s)},
			detail{"Population hash when drawn", s.PopulationHash},
		)
	}
	if ev := t.Evaluation; ev != nil {
		conf, tol := t.Read.Confidence, t.Read.Tolerable
		out = append(out,
			detail{"Items with exceptions", ev.Deviations},
			detail{"Sample deviation rate", ev.SampleDeviationRate},
			detail{"Upper deviation limit", ev.UpperDeviationLimit},
			detail{"Tolerable rate", tol.Float64()},
			detail{"Confidence", conf.Float64()},
			detail{"Evaluation", ev.Conclusion},
		)
	}
	var pins []string
	for _, p := range t.Pins {
		pins = append(pins, joinNonEmpty(" — ", d.Cite(p.EvidenceID, p.Locator), p.Note))
	}
	out = append(out,
		detail{"Evidence pinned to the control", strings.Join(pins, "\n")},
		detail{"Conclusion", t.Summary.Conclusion},
		detail{"Preparer", signOff(t.Preparer)},
		detail{"Reviewer", signOff(t.Reviewer)},
	)
	return out
}

// howChosen is the method's workpaper text and how this draw was laid out.
func howChosen(d selection.Draw) string {
	spec, _ := selection.Lookup(d.Method)
	if line := selection.Summary(d); line != "" {
		return spec.Workpaper + " This sample: " + line + "."
	}
	return spec.Workpaper
}

// textHeight is the height in points a wrapped text needs in merged cells
// width characters wide: Excel fits the height of a row to its wrapped
// text, but not across merged cells, where the text would be cut to one
// line. Zero leaves a one-line row as it is.
func textHeight(text string, width float64) float64 {
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		// 1.1: proportional text runs a little wider than the column's
		// character count.
		lines += max(1, int(math.Ceil(float64(utf8.RuneCountInString(para))*1.1/width)))
	}
	if lines <= 1 {
		return 0
	}
	return min(409, 15*float64(lines)) // 15 points a line at 11 points; 409 is Excel's most
}

// resultCell is a grid cell: the tickmark of a result, styled.
func resultCell(st styles, result string) excelize.Cell {
	switch result {
	case controltest.Pass:
		return excelize.Cell{StyleID: st.pass, Value: TickPass}
	case controltest.Exception:
		return excelize.Cell{StyleID: st.exception, Value: TickException}
	case controltest.NotApplicable:
		return excelize.Cell{StyleID: st.na, Value: TickNotApplicable}
	}
	return excelize.Cell{StyleID: st.pass, Value: ""}
}

// signOff is who signed and when, or that nobody has.
func signOff(s *controltest.SignOff) string {
	if s == nil {
		return "not signed"
	}
	return s.Actor + ", " + stamp(s.At)
}

// stamp writes a time as the workbook shows times.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
