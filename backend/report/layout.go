package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/breakline"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"auditroom/backend/audit"
)

// Page geometry, in millimetres, on A4 (210 × 297).
const (
	marginX      = 20.0
	marginTop    = 18.0
	marginBottom = 10.0
	footerHeight = 10.0
	pageWidth    = 210.0
	pageHeight   = 297.0
	grid         = 24 // maroto's column grid, finer than its default 12 for table columns
	// maxChunk bounds the runes of one text row: maroto cannot split a row
	// across pages, so a long paragraph is laid out as several rows.
	maxChunk = 900
	maxCell  = 600 // the same for a table cell, which is narrower
)

// The palette: ink for text, one accent, greys for rules and fills. Colour
// never carries meaning alone: every coloured thing also says it in words.
var (
	ink       = &props.Color{Red: 26, Green: 32, Blue: 44}
	muted     = &props.Color{Red: 90, Green: 100, Blue: 115}
	accent    = &props.Color{Red: 31, Green: 58, Blue: 95}
	ruleColor = &props.Color{Red: 200, Green: 207, Blue: 216}
	headFill  = &props.Color{Red: 231, Green: 236, Blue: 242}
	boxFill   = &props.Color{Red: 244, Green: 246, Blue: 249}
	pendFill  = &props.Color{Red: 255, Green: 249, Blue: 235}
	pendInk   = &props.Color{Red: 146, Green: 84, Blue: 0}
	draftInk  = &props.Color{Red: 180, Green: 35, Blue: 24} // the stamp's colour
	classInk  = map[Classification]*props.Color{
		MaterialWeakness:      {Red: 155, Green: 28, Blue: 28},
		SignificantDeficiency: {Red: 168, Green: 83, Blue: 0},
		ControlDeficiency:     {Red: 31, Green: 78, Blue: 121},
		Unevaluated:           pendInk,
	}
)

// ts is a text style.
type ts struct {
	size                     float64
	bold                     bool
	color                    *props.Color
	align                    align.Type
	top, bottom, left, right float64
}

var (
	body    = ts{size: 9.5, color: ink, bottom: 1.2}
	small   = ts{size: 8, color: muted}
	label   = ts{size: 8, bold: true, color: muted}
	h1      = ts{size: 17, bold: true, color: accent, bottom: 4}
	h2      = ts{size: 11.5, bold: true, color: accent, top: 4, bottom: 1.5}
	h3      = ts{size: 9.5, bold: true, color: accent, top: 2, bottom: 1}
	cellTS  = ts{size: 8, color: ink, top: 1.3, bottom: 1.3, left: 1.2, right: 1.2}
	headTS  = ts{size: 8, bold: true, color: accent, top: 1.5, bottom: 1.5, left: 1.2, right: 1.2}
	contTS  = ts{size: 7.5, color: muted, bottom: 1}
	footTS  = ts{size: 7.5, color: muted, top: 3}
	boxPadX = 4.0
)

// item is one row of the document flow with what the paginator must know.
type item struct {
	row     core.Row
	h       float64    // measured height
	newPage bool       // the row begins a new page
	keep    int        // keep this row on one page with the next keep rows, when they fit on one
	repeat  []core.Row // a table's caption and header, repeated when a page breaks before this row
	repeatH float64
	anchor  string // the outline and contents key of a section that starts here
}

// builder lays out the report as a flow of measured rows.
type builder struct {
	r       *Report
	cfg     *entity.Config
	meas    core.Maroto // measures rows: maroto caches a row's height once computed
	mt      *metrics
	width   float64 // of the text area
	usable  float64 // height of the text area above the footer
	items   []item
	missing map[string]bool // where characters the font lacks were replaced
	where   string          // the part being laid out, for missing
}

func newBuilder(r *Report) *builder {
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(marginX).WithRightMargin(marginX).
		WithTopMargin(marginTop).WithBottomMargin(marginBottom).
		WithCustomFonts(customFonts()).
		WithDefaultFont(&props.Font{Family: family, Style: fontstyle.Normal, Size: body.size, Color: ink}).
		WithCompression(true).
		WithMaxGridSize(grid).
		Build()
	return &builder{
		r:       r,
		cfg:     cfg,
		meas:    maroto.New(cfg),
		mt:      newMetrics(),
		width:   pageWidth - 2*marginX,
		usable:  pageHeight - marginTop - marginBottom - footerHeight,
		missing: map[string]bool{},
	}
}

// text is a text component: cleaned, its long words broken to fit colWidth.
func (b *builder) text(s string, st ts, colWidth float64) core.Component {
	s, miss := clean(s)
	if miss {
		b.missing[b.where] = true
	}
	s = strings.TrimSpace(s)
	if s == "" {
		s = "—" // maroto measures an empty text as negative height
	}
	s = b.mt.fit(s, st.bold, st.size, colWidth-st.left-st.right)
	style := fontstyle.Normal
	if st.bold {
		style = fontstyle.Bold
	}
	a := st.align
	if a == "" {
		a = align.Left
	}
	return text.New(s, props.Text{
		Family: family, Style: style, Size: st.size, Color: st.color, Align: a,
		Top: st.top, Bottom: st.bottom, Left: st.left, Right: st.right,
		BreakLineStrategy: breakline.EmptySpaceStrategy, VerticalPadding: lineGap(st),
	})
}

// cell is a column of size grid units holding s.
func (b *builder) cell(size int, s string, st ts) core.Col {
	return col.New(size).Add(b.text(s, st, b.width*float64(size)/grid))
}

// line is a one-row text across the full width.
func (b *builder) line(s string, st ts) core.Row {
	return row.New().Add(b.cell(grid, s, st))
}

// add appends r to the flow, measuring it.
func (b *builder) add(r core.Row, it item) {
	b.meas.AddRows(r)
	it.row = r
	// maroto computed and cached the height while adding; a row's height
	// never needs the provider again once known.
	it.h = r.GetHeight(nil, nil)
	b.items = append(b.items, it)
}

// space appends vertical space.
func (b *builder) space(h float64) {
	b.add(row.New(h), item{})
}

// rule appends a thin horizontal line.
func (b *builder) rule(c *props.Color, thickness float64) {
	b.add(row.New(3).Add(col.New(grid).Add(line.New(props.Line{Color: c, Thickness: thickness, OffsetPercent: 50, SizePercent: 100}))), item{})
}

// heading appends a heading kept with what follows it.
func (b *builder) heading(s string, st ts, it item) {
	it.keep = max(it.keep, 1)
	b.add(b.line(s, st), it)
}

// paragraphs appends s as text rows: one per line, long lines in chunks.
func (b *builder) paragraphs(s string, st ts) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, ln := range lines {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			continue
		}
		lst := st
		if i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "" {
			lst.bottom += 1.6 // a blank line, or the end of the text, ends a paragraph
		}
		cs := chunks(ln, maxChunk)
		for k, c := range cs {
			b.add(b.line(c, seam(lst, k, len(cs))), item{})
		}
	}
}

// seam styles chunk k of n of one text so that the rows read as one block:
// no padding where two chunks meet, only the gap between two lines.
func seam(st ts, k, n int) ts {
	if k > 0 {
		st.top = 0
	}
	if k < n-1 {
		st.bottom = lineGap(st)
	}
	return st
}

// lineGap is the extra space maroto leaves between two lines of a text.
func lineGap(st ts) float64 { return st.size * 0.12 }

// chunks splits s into pieces of at most n runes, at spaces where it can.
func chunks(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		rs := []rune(s)
		cut := n
		for j := n; j > n*2/3; j-- {
			if rs[j] == ' ' {
				cut = j
				break
			}
		}
		out = append(out, string(rs[:cut]))
		s = strings.TrimLeft(string(rs[cut:]), " ")
	}
	return append(out, s)
}

// column is one table column.
type column struct {
	title string
	size  int
	align align.Type
}

// table appends a table whose caption and header repeat on every page it
// spans (maroto does not repeat them itself). cont is the caption the
// continuation pages show.
func (b *builder) table(cols []column, rows [][]string, cont string) {
	head := row.New().WithStyle(&props.Cell{BackgroundColor: headFill})
	for _, c := range cols {
		st := headTS
		st.align = c.align
		head.Add(b.cell(c.size, c.title, st))
	}
	b.add(head, item{keep: 1})
	contRow := b.line(cont, contTS)
	b.meas.AddRows(contRow)
	repeatH := contRow.GetHeight(nil, nil) + head.GetHeight(nil, nil)
	rule := &props.Cell{BorderType: border.Bottom, BorderColor: ruleColor, BorderThickness: 0.2}
	for _, cells := range rows {
		// A cell too long for one row goes on in rows below it, the
		// other columns left blank there.
		parts := make([][]string, len(cols))
		n := 1
		for i := range cols {
			parts[i] = chunks(strings.TrimSpace(cells[i]), maxCell)
			n = max(n, len(parts[i]))
		}
		for k := range n {
			r := row.New()
			if k == n-1 {
				r.WithStyle(rule)
			}
			for i, c := range cols {
				st := seam(cellTS, k, n)
				st.align = c.align
				switch {
				case k < len(parts[i]):
					r.Add(b.cell(c.size, parts[i][k], st))
				default:
					r.Add(col.New(c.size))
				}
			}
			b.add(r, item{repeat: []core.Row{contRow, head}, repeatH: repeatH})
		}
	}
	if len(rows) >= 3 {
		b.keepLast(2) // no last row alone on a page
	}
	b.space(1.5)
}

// keepLast makes the last n items stay together on one page.
func (b *builder) keepLast(n int) {
	if n > 1 && n <= len(b.items) {
		it := &b.items[len(b.items)-n]
		it.keep = max(it.keep, n-1)
	}
}

// paginate assigns the flow to pages and returns each page's rows and the
// page (1-based) each anchor starts on.
func (b *builder) paginate() ([][]core.Row, map[string]int, error) {
	var pages [][]core.Row
	var cur []core.Row
	var curH float64
	anchors := map[string]int{}
	fresh := true // nothing but repeated headers on the current page
	flush := func() {
		pages = append(pages, b.finishPage(cur, curH))
		cur, curH, fresh = nil, 0, true
	}
	const slack = 0.01 // float sums must never tip a full page over in maroto
	for i, it := range b.items {
		if it.newPage && !fresh {
			flush()
		}
		// Keeps chain: a heading kept with a table header kept with its
		// first row keeps all three together.
		need, end := 0.0, i
		for j := i; j <= end && j < len(b.items); j++ {
			need += b.items[j].h
			end = max(end, j+b.items[j].keep)
		}
		if need > b.usable-slack-it.repeatH {
			need = it.h // too tall to keep together: let it break
		}
		if curH+need > b.usable-slack && !fresh {
			flush()
			if it.repeat != nil {
				cur = append(cur, it.repeat...)
				curH += it.repeatH
			}
		}
		if it.anchor != "" {
			anchors[it.anchor] = len(pages) + 1
		}
		cur = append(cur, it.row)
		curH += it.h
		fresh = false
		if curH > b.usable-slack {
			// maroto would move the row to a page of its own and the numbering would be wrong.
			return nil, nil, audit.Errorf(audit.EINTERNAL, "report layout: a row %.0f mm tall does not fit on page %d", it.h, len(pages)+1)
		}
	}
	if len(cur) > 0 {
		flush()
	}
	return pages, anchors, nil
}

// finishPage pads a page to the footer. The footer is added once the page
// count is known.
func (b *builder) finishPage(rows []core.Row, h float64) []core.Row {
	if pad := b.usable - h - 0.01; pad > 0 {
		rows = append(rows, row.New(pad))
	}
	return rows
}

// footer is the row at the foot of page n of total.
func (b *builder) footer(n, total int) core.Row {
	status := "DRAFT"
	if b.r.Status == Final {
		status = "FINAL"
	}
	left := footTS
	name, _ := clean(b.r.Engagement.Name)
	name = b.truncate(name, left, b.width*12/grid-2)
	center := footTS
	center.align, center.bold = align.Center, true
	right := footTS
	right.align = align.Right
	return row.New(footerHeight).
		WithStyle(&props.Cell{BorderType: border.Top, BorderColor: ruleColor, BorderThickness: 0.2}).
		Add(
			col.New(12).Add(text.New(name, b.props(left))),
			col.New(4).Add(text.New(status, b.props(center))),
			col.New(8).Add(text.New(pageLabel(n, total), b.props(right))),
		)
}

func pageLabel(n, total int) string {
	return "Page " + strconv.Itoa(n) + " of " + strconv.Itoa(total)
}

// truncate shortens s with an ellipsis to fit width on one line.
func (b *builder) truncate(s string, st ts, width float64) string {
	if b.mt.width(s, st.bold, st.size) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && b.mt.width(string(rs)+"…", st.bold, st.size) > width {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimSpace(string(rs)) + "…"
}

func (b *builder) props(st ts) props.Text {
	style := fontstyle.Normal
	if st.bold {
		style = fontstyle.Bold
	}
	return props.Text{Family: family, Style: style, Size: st.size, Color: st.color, Align: st.align,
		Top: st.top, Bottom: st.bottom, Left: st.left, Right: st.right}
}

// render lays the pages out with their footers and returns the PDF bytes.
func (b *builder) render(pages [][]core.Row) ([]byte, error) {
	m := maroto.New(b.cfg)
	for i, rows := range pages {
		m.AddPages(page.New().Add(append(rows, b.footer(i+1, len(pages)))...))
	}
	doc, err := m.Generate()
	if err != nil {
		return nil, err
	}
	return doc.GetBytes(), nil
}
