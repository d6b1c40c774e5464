package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"auditroom/backend/audit"
)

// entry is one line of the contents and one bookmark of the outline.
type entry struct {
	key   string // the anchor the section starts at
	title string
	level int // 0 for sections, 1 for findings
}

// Names of the attachments the PDF carries.
const (
	workpaperName = "workpapers.xlsx"
	manifestName  = "evidence-manifest.json"
)

func (b *builder) entries() []entry {
	es := []entry{
		{"contents", "Contents", 0},
		{"summary", "1  Executive summary", 0},
		{"scope", "2  Scope and methodology", 0},
		{"findings", "3  Findings", 0},
	}
	for _, f := range b.r.Findings {
		es = append(es, entry{"finding:" + f.ID, f.ID + "  " + f.Title, 1})
	}
	return append(es, entry{"appendix", "Appendix A  Evidence", 0})
}

// section builds a part of the report into its own list of items.
func (b *builder) section(where string, fn func()) []item {
	saved, savedWhere := b.items, b.where
	b.items, b.where = nil, where
	fn()
	out := b.items
	b.items, b.where = saved, savedWhere
	return out
}

// kv appends a label and value row.
func (b *builder) kv(k, v string, style *props.Cell, pad float64) {
	lt, vt := label, body
	lt.top, vt.top = 1, 0.6
	lt.left, vt.right = pad, pad
	lt.size, vt.size = 8.5, 9.5
	lt.bottom, vt.bottom = 1, 1
	r := row.New().Add(b.cell(6, k, lt), b.cell(18, v, vt))
	if style != nil {
		r = r.WithStyle(style)
	}
	b.add(r, item{})
}

func (b *builder) cover() {
	r := b.r
	b.space(22)
	status, statusInk := "DRAFT", draftInk
	if r.Status == Final {
		status, statusInk = "FINAL", accent
	}
	kicker := label
	kicker.size, kicker.color, kicker.top = 9.5, accent, 3
	badge := ts{size: 13, bold: true, color: statusInk, align: align.Center, top: 2.5, bottom: 2.5}
	b.add(row.New().Add(
		b.cell(17, strings.ToUpper(reportType(r.Engagement.Type, false))+" EXAMINATION", kicker),
		col.New(7).Add(b.text(status, badge, b.width*7/grid)).
			WithStyle(&props.Cell{BorderType: border.Full, BorderColor: statusInk, BorderThickness: 0.6}),
	), item{})
	b.space(10)
	b.add(b.line("Findings report", ts{size: 30, bold: true, color: ink, bottom: 3}), item{})
	b.add(b.line(r.Engagement.Client, ts{size: 18, color: accent, bottom: 1.5}), item{})
	b.add(b.line(r.Engagement.Name, ts{size: 11, color: muted}), item{})
	b.space(6)
	b.rule(accent, 0.6)
	b.space(4)
	statusText := "Draft for discussion with management. Not for distribution."
	if r.Status == Final {
		statusText = "Final"
	}
	b.kv("Report type", reportType(r.Engagement.Type, true), nil, 0)
	b.kv("Period", period(r.Engagement), nil, 0)
	b.kv("Trust Services categories", categoryList(r.Engagement.Categories), nil, 0)
	b.kv("Status", statusText, nil, 0)
	b.kv("Report date", longDate(r.Date), nil, 0)
	if strings.TrimSpace(r.PreparedBy) != "" { // a draft may not name one yet
		b.kv("Prepared by", r.PreparedBy, nil, 0)
	}
	b.space(12)
	b.tiles()

	// The confidentiality notice sits at the foot of the cover.
	var used float64
	for _, it := range b.items {
		used += it.h
	}
	notice := b.section(b.where, func() {
		b.rule(ruleColor, 0.2)
		b.paragraphs("Confidential. This report is intended solely for the management of "+r.Engagement.Client+
			" and is not to be relied upon by anyone else. It cites evidence by SHA-256 so that every file can be checked against the engagement's records.", ts{size: 8, color: muted, bottom: 1})
	})
	var noticeH float64
	for _, it := range notice {
		noticeH += it.h
	}
	if gap := b.usable - used - noticeH - 0.5; gap > 0 {
		b.space(gap)
	}
	b.items = append(b.items, notice...)
}

// tiles shows the number of findings by classification, most severe first.
func (b *builder) tiles() {
	type tile struct {
		n     int
		label string
		c     *props.Color
	}
	tiles := []tile{{len(b.r.Findings), "Findings", accent}}
	for _, c := range Classifications {
		n := 0
		for _, f := range b.r.Findings {
			if f.Classification == c {
				n++
			}
		}
		l := c.Label()
		if n != 1 {
			l = plural(l)
		}
		tiles = append(tiles, tile{n, l, classInk[c]})
	}
	r := row.New()
	for _, t := range tiles {
		num := ts{size: 22, bold: true, color: t.c, top: 2.5}
		lab := ts{size: 8.5, bold: true, color: muted, top: 13, bottom: 2}
		r.Add(col.New(grid/len(tiles)).
			Add(b.text(strconv.Itoa(t.n), num, b.width/4), b.text(t.label, lab, b.width/4)).
			WithStyle(&props.Cell{BorderType: border.Top, BorderColor: t.c, BorderThickness: 1.2}))
	}
	b.add(r, item{})
}

// contents lays out the contents; pages is nil on the first pass.
func (b *builder) contents(pages map[string]int) {
	b.heading("Contents", h1, item{newPage: true, anchor: "contents"})
	for _, e := range b.entries() {
		t := ts{size: 10, bold: true, color: ink, top: 2.2, bottom: 2.2}
		if e.level > 0 {
			t = ts{size: 9, color: ink, top: 1.4, bottom: 1.4, left: 8}
		}
		n := "0"
		if pages != nil {
			n = strconv.Itoa(pages[e.key])
		}
		pt := t
		pt.align, pt.left = align.Right, 0
		b.add(row.New().
			WithStyle(&props.Cell{BorderType: border.Bottom, BorderColor: ruleColor, BorderThickness: 0.15}).
			Add(b.cell(22, e.title, t), b.cell(2, n, pt)), item{})
	}
}

func (b *builder) summary() {
	r := b.r
	b.heading("1  Executive summary", h1, item{newPage: true, anchor: "summary"})
	responded := 0
	for _, f := range r.Findings {
		if f.Response != nil {
			responded++
		}
	}
	intro := fmt.Sprintf("This report sets out the findings of our %s examination of %s for %s, against the Trust Services criteria for %s.",
		reportType(r.Engagement.Type, false), r.Engagement.Client, periodPhrase(r.Engagement), strings.ToLower(categoryList(r.Engagement.Categories)))
	switch {
	case len(r.Findings) == 0:
		intro += " We identified no findings."
	default:
		intro += " We report " + findingCount(r.Findings) + "."
		if r.Status == Draft {
			intro += fmt.Sprintf(" Management has responded to %d of them; the others are marked \u201cManagement response pending\u201d.", responded)
		} else {
			intro += fmt.Sprintf(" Management responded to %d of them; each response is set out with its finding.", responded)
		}
	}
	b.paragraphs(intro, body)

	b.heading("Findings by classification", h2, item{})
	var rows [][]string
	for _, c := range Classifications {
		var ids []string
		for _, f := range r.Findings {
			if f.Classification == c {
				ids = append(ids, f.ID)
			}
		}
		rows = append(rows, []string{c.Label(), strconv.Itoa(len(ids)), joinOr(ids, "—")})
	}
	b.table([]column{{"Classification", 8, ""}, {"Number", 3, align.Right}, {"Findings", 13, ""}}, rows, "Findings by classification (continued)")

	b.heading("Findings by criteria category", h2, item{})
	rows = nil
	inScope := map[string]bool{}
	for _, c := range r.Engagement.Categories {
		inScope[prefixOf(c)] = true
	}
	for _, cat := range categoryNames {
		var ids []string
		for _, f := range r.Findings {
			if slices.ContainsFunc(f.Criteria, func(id string) bool { return CategoryOf(id) == cat.Prefix }) {
				ids = append(ids, f.ID)
			}
		}
		if inScope[cat.Prefix] || len(ids) > 0 {
			rows = append(rows, []string{cat.Prefix + "  " + cat.Name, strconv.Itoa(len(ids)), joinOr(ids, "—")})
		}
	}
	b.table([]column{{"Category", 8, ""}, {"Number", 3, align.Right}, {"Findings", 13, ""}}, rows, "Findings by criteria category (continued)")
	b.paragraphs("A finding linked to criteria in more than one category counts once in each.", ts{size: 8, color: muted, top: 1.5})

	if len(r.Findings) > 0 {
		b.heading("Findings at a glance", h2, item{})
		rows = nil
		for _, f := range r.Findings {
			rows = append(rows, []string{f.ID, f.Title, f.Classification.Label(), responseState(f, r.Status)})
		}
		b.table([]column{{"ID", 2, ""}, {"Finding", 12, ""}, {"Classification", 5, ""}, {"Management response", 5, ""}}, rows, "Findings at a glance (continued)")
	}
}

func (b *builder) scope() {
	r := b.r
	e := r.Engagement
	b.heading("2  Scope and methodology", h1, item{newPage: true, anchor: "scope"})
	b.kv("Client", e.Client, nil, 0)
	b.kv("Engagement", e.Name, nil, 0)
	b.kv("Report type", reportType(e.Type, true), nil, 0)
	b.kv("Period", period(e), nil, 0)
	b.kv("Categories in scope", categoryList(e.Categories), nil, 0)

	b.heading("Criteria in scope", h2, item{})
	if len(r.Criteria) == 0 {
		b.paragraphs("No criteria were recorded as in scope.", body)
	} else {
		var rows [][]string
		for _, c := range r.Criteria {
			rows = append(rows, []string{c.ID, c.Name})
		}
		b.table([]column{{"ID", 3, ""}, {"Criterion", 21, ""}}, rows, "Criteria in scope (continued)")
	}

	b.heading("Sampling approach", h2, item{})
	if strings.TrimSpace(r.Sampling.Approach) == "" {
		b.paragraphs("No sampling approach was recorded.", body)
	} else {
		b.paragraphs(r.Sampling.Approach, body)
	}
	b.heading("Sample sizes used", h2, item{})
	if len(r.Sampling.Tests) == 0 {
		b.paragraphs("No sample sizes were recorded.", body)
	} else {
		var rows [][]string
		for _, t := range r.Sampling.Tests {
			pop := "—"
			if t.Population > 0 {
				pop = thousands(t.Population)
			}
			rows = append(rows, []string{t.Control, pop, thousands(t.Size), t.Method, t.Explanation})
		}
		b.table([]column{{"Control", 6, ""}, {"Population", 3, align.Right}, {"Sample", 3, align.Right}, {"Method", 4, ""}, {"Why this size", 8, ""}},
			rows, "Sample sizes used (continued)")
	}

	b.heading("About this report", h2, item{})
	b.paragraphs("Each finding sets out its condition, criteria, cause, effect and recommendation, its classification "+
		"(control deficiency, significant deficiency or material weakness) with the reasoning behind it, the exceptions "+
		"found in testing and management's response. Evidence is cited by file name, location and the first 12 hex digits "+
		"of its SHA-256; Appendix A gives each file's full SHA-256 and provenance.", body)
	note := "The report is set in DejaVu Sans. Characters it cannot set, Chinese, Japanese and Korean script among them, " +
		"and right-to-left scripts such as Arabic and Hebrew, which it cannot set in reading order, " +
		"are shown as " + string(missingMark) + " and kept in full in the engagement's records."
	if len(b.missing) > 0 {
		var where []string
		if b.missing["cover"] {
			where = append(where, "the cover")
		}
		for _, e := range b.entries() {
			if b.missing[e.key] {
				where = append(where, strings.SplitN(e.title, "  ", 2)[0])
			}
		}
		note += " Such characters occur in this report in: " + strings.Join(where, ", ") + "."
	}
	b.paragraphs(note, body)
}

func (b *builder) finding(f *Finding, first bool) {
	if first {
		b.heading("3  Findings", h1, item{newPage: true, anchor: "findings"})
	}
	kicker := label
	kicker.size, kicker.color = 8.5, accent
	badge := label
	badge.size, badge.color, badge.align = 8.5, classInk[f.Classification], align.Right
	b.add(row.New().Add(b.cell(14, "FINDING "+f.ID, kicker), b.cell(10, strings.ToUpper(f.Classification.Label()), badge)),
		item{newPage: !first, anchor: "finding:" + f.ID, keep: 2})
	b.add(b.line(f.Title, ts{size: 14, bold: true, color: ink, top: 1, bottom: 2}), item{})

	meta := &props.Cell{BackgroundColor: boxFill}
	b.space(1.5)
	n := len(b.items)
	b.add(row.New(1.5).WithStyle(meta), item{})
	b.kv("Classification", f.Classification.Label(), meta, boxPadX)
	b.kv("Criteria", b.criteriaNames(f.Criteria), meta, boxPadX)
	if len(f.Controls) > 0 {
		b.kv("Controls", strings.Join(f.Controls, ", "), meta, boxPadX)
	}
	if f.Status != "" {
		b.kv("Finding status", humanize(f.Status), meta, boxPadX)
	}
	b.kv("Exceptions", strconv.Itoa(len(f.Exceptions)), meta, boxPadX)
	b.add(row.New(1.5).WithStyle(meta), item{})
	b.keepLast(len(b.items) - n)

	part := func(title, s, empty string) {
		b.heading(title, h3, item{})
		if strings.TrimSpace(s) == "" {
			s = empty
		}
		b.paragraphs(s, body)
	}
	part("Condition", f.Condition, "Not stated.")
	criteria := f.CriteriaText
	if strings.TrimSpace(criteria) == "" && len(f.Criteria) > 0 {
		criteria = b.criteriaNames(f.Criteria) + "."
	}
	part("Criteria", criteria, "Not stated.")
	part("Cause", f.Cause, "Not stated.")
	part("Effect", f.Effect, "Not stated.")
	part("Recommendation", f.Recommendation, "Not stated.")
	rationale := f.Classification.Label() + "."
	if strings.TrimSpace(f.Rationale) != "" {
		rationale += " " + f.Rationale
	}
	part("Classification and rationale", rationale, "")

	b.heading(fmt.Sprintf("Exceptions (%d)", len(f.Exceptions)), h3, item{})
	if len(f.Exceptions) == 0 {
		b.paragraphs("No exceptions are attached to this finding.", body)
	} else {
		var rows [][]string
		for i, x := range f.Exceptions {
			rows = append(rows, []string{strconv.Itoa(i + 1), x.Sample, x.Attribute, x.Description})
		}
		b.table([]column{{"#", 1, align.Right}, {"Sample", 5, ""}, {"Attribute", 6, ""}, {"Description", 12, ""}},
			rows, "Exceptions for "+f.ID+" (continued)")
	}

	b.heading("Evidence references", h3, item{})
	if len(f.Evidence) == 0 {
		b.paragraphs("No evidence is cited.", body)
	} else {
		var rows [][]string
		for _, e := range f.Evidence {
			rows = append(rows, []string{e.Name, e.Location(), ShortHash(strings.ToLower(e.SHA256))})
		}
		b.table([]column{{"Evidence file", 12, ""}, {"Location", 6, ""}, {"SHA-256 (first 12)", 6, ""}},
			rows, "Evidence references for "+f.ID+" (continued)")
	}
	b.space(2.5)
	b.response(f)
}

// response lays out the management response box, kept on one page.
func (b *builder) response(f *Finding) {
	n := len(b.items)
	defer func() { b.keepLast(len(b.items) - n) }()
	pad := func(st ts) ts { st.left += boxPadX; st.right += boxPadX; return st }
	if f.Response == nil && b.r.Status == Draft {
		box := func(edges border.Type) *props.Cell {
			return &props.Cell{BackgroundColor: pendFill, BorderType: edges, BorderColor: pendInk, BorderThickness: 0.4}
		}
		title := pad(ts{size: 10, bold: true, color: pendInk, top: 3, bottom: 1})
		b.add(row.New().WithStyle(box(border.Left|border.Top|border.Right)).Add(b.cell(grid, "Management response pending", title)), item{})
		b.add(row.New().WithStyle(box(border.Left|border.Right)).Add(b.cell(grid,
			"Management has not yet responded. Its response, corrective action, owner and target date will be set out here.",
			pad(ts{size: 8.5, color: muted, bottom: 2}))), item{})
		field := pad(ts{size: 8.5, bold: true, color: pendInk, top: 1.5})
		for _, name := range []string{"Response", "Corrective action"} {
			b.add(row.New(11).WithStyle(box(border.Left|border.Right)).Add(b.cell(6, name, field), col.New(18)), item{})
		}
		b.add(row.New(7).WithStyle(box(border.Left|border.Right)).Add(
			b.cell(6, "Owner", field), col.New(6), b.cell(4, "Target date", field), col.New(8)), item{})
		b.add(row.New(3).WithStyle(box(border.Left|border.Right|border.Bottom)), item{})
		return
	}

	style := &props.Cell{BackgroundColor: boxFill, BorderType: border.Left, BorderColor: accent, BorderThickness: 0.9}
	b.add(row.New().WithStyle(style).Add(b.cell(grid, "Management response", pad(ts{size: 10, bold: true, color: accent, top: 3, bottom: 1.5}))), item{})
	resp := f.Response
	if resp == nil {
		b.add(row.New().WithStyle(style).Add(b.cell(grid, "No management response was received before this report was issued.",
			pad(ts{size: 9.5, color: ink, bottom: 3}))), item{})
		return
	}
	b.kv("Position", resp.Position.Label(), style, boxPadX)
	boxed := func(title, s string) {
		b.add(row.New().WithStyle(style).Add(b.cell(grid, title, pad(ts{size: 8.5, bold: true, color: muted, top: 1.5, bottom: 0.8}))), item{})
		if strings.TrimSpace(s) == "" {
			s = "Not stated."
		}
		for _, ln := range strings.Split(strings.TrimSpace(s), "\n") {
			if ln = strings.TrimSpace(ln); ln == "" {
				continue
			}
			cs := chunks(ln, maxChunk)
			for k, c := range cs {
				b.add(row.New().WithStyle(style).Add(b.cell(grid, c, pad(seam(ts{size: 9.5, color: ink, bottom: 1.5}, k, len(cs))))), item{})
			}
		}
	}
	boxed("Response", resp.Text)
	boxed("Corrective action", resp.CorrectiveAction)
	b.add(row.New(1.5).WithStyle(style), item{})
	b.kv("Owner", orDash(resp.Owner), style, boxPadX)
	b.kv("Target date", longDateOrDash(resp.TargetDate), style, boxPadX)
	b.kv("Responded by", orDash(resp.Responder), style, boxPadX)
	b.kv("Received", longDateOrDash(resp.Received), style, boxPadX)
	b.add(row.New(2.5).WithStyle(style), item{})
}

func (b *builder) appendix() {
	r := b.r
	b.heading("Appendix A  Evidence", h1, item{newPage: true, anchor: "appendix"})
	b.paragraphs("Every evidence file the findings cite, with its full SHA-256 and where it came from. "+
		"To check a file, compute its SHA-256 (for example with sha256sum) and compare it with the value below.", body)
	cited := map[string][]string{}
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			h := strings.ToLower(e.SHA256)
			if !slices.Contains(cited[h], f.ID) {
				cited[h] = append(cited[h], f.ID)
			}
		}
	}
	if len(r.Evidence) == 0 {
		b.paragraphs("No evidence files are cited.", body)
	}
	for i, ev := range r.Evidence {
		n := len(b.items)
		b.rule(ruleColor, 0.2)
		name := ts{size: 9.5, bold: true, color: ink}
		who := small
		who.align = align.Right
		b.add(row.New().Add(
			b.cell(18, fmt.Sprintf("A.%d  %s", i+1, ev.Name), name),
			b.cell(6, "Cited in "+joinOr(cited[strings.ToLower(ev.SHA256)], "no finding"), who),
		), item{})
		b.add(b.line("SHA-256  "+strings.ToLower(ev.SHA256), ts{size: 8, color: ink, top: 1, bottom: 1}), item{})
		dated := ts{size: 8, color: ink, bottom: 0.8}
		if ev.AsOf == "" || ev.AsOfIssue != "" {
			dated.bold = true
		}
		b.add(b.line(asOfLine(ev), dated), item{})
		for _, p := range ev.Provenance {
			s := "From " + p.Pack
			if p.Path != "" {
				s += ", " + p.Path
			}
			if !p.ImportedAt.IsZero() {
				s += "; imported " + p.ImportedAt.UTC().Format("2006-01-02 15:04 UTC")
			}
			if p.ImportedBy != "" {
				s += " by " + p.ImportedBy
			}
			if p.ModTime.IsZero() {
				s += "; file time unknown"
			} else {
				s += "; file time " + p.ModTime.UTC().Format("2006-01-02 15:04 UTC")
			}
			if p.ProvidedByManagement {
				s += "; provided by management"
			}
			b.add(b.line(s, ts{size: 8, color: muted, bottom: 0.8}), item{})
		}
		b.space(1.5)
		b.keepLast(len(b.items) - n)
	}

	b.heading("Attached files", h2, item{})
	if len(r.Workpaper) == 0 && len(r.Manifest) == 0 {
		b.paragraphs("This PDF carries no attached files.", body)
		return
	}
	b.paragraphs("This PDF carries the following files; open your PDF reader's attachments panel to save them.", body)
	for _, a := range []struct {
		name, desc string
		data       []byte
	}{
		{workpaperName, "The engagement's workpapers (XLSX): samples, test results and exceptions.", r.Workpaper},
		{manifestName, "The evidence manifest (JSON): every evidence file with its SHA-256 and provenance.", r.Manifest},
	} {
		if len(a.data) == 0 {
			continue
		}
		n := len(b.items)
		b.rule(ruleColor, 0.2)
		b.add(b.line(a.name, ts{size: 9.5, bold: true, color: ink}), item{})
		b.add(b.line("SHA-256  "+sha256Hex(a.data), ts{size: 8, color: ink, top: 1, bottom: 1}), item{})
		b.add(b.line(a.desc, ts{size: 8, color: muted, bottom: 1.5}), item{})
		b.keepLast(len(b.items) - n)
	}
}

func (b *builder) criteriaNames(ids []string) string {
	if len(ids) == 0 {
		return "None linked"
	}
	var parts []string
	for _, id := range ids {
		s := id
		for _, c := range b.r.Criteria {
			if strings.EqualFold(c.ID, id) && c.Name != "" {
				s += " " + c.Name
				break
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func reportType(t audit.ReportType, long bool) string {
	switch {
	case t == audit.Type1 && long:
		return "SOC 2 Type 1: the design of controls as of a date"
	case t == audit.Type1:
		return "SOC 2 Type 1"
	case long:
		return "SOC 2 Type 2: the design and operating effectiveness of controls over a period"
	}
	return "SOC 2 Type 2"
}

func period(e audit.Engagement) string {
	if e.Type == audit.Type1 || e.PeriodStart == e.PeriodEnd {
		return "As of " + longDate(e.PeriodEnd)
	}
	return longDate(e.PeriodStart) + " to " + longDate(e.PeriodEnd)
}

func periodPhrase(e audit.Engagement) string {
	if e.Type == audit.Type1 || e.PeriodStart == e.PeriodEnd {
		return "the design of its controls as of " + longDate(e.PeriodEnd)
	}
	return "the period " + longDate(e.PeriodStart) + " to " + longDate(e.PeriodEnd)
}

var categoryWords = map[audit.Category]string{
	audit.Security:            "Security",
	audit.Availability:        "Availability",
	audit.ProcessingIntegrity: "Processing integrity",
	audit.Confidentiality:     "Confidentiality",
	audit.Privacy:             "Privacy",
}

func categoryList(cs []audit.Category) string {
	if len(cs) == 0 {
		cs = []audit.Category{audit.Security}
	}
	var words []string
	for _, c := range cs {
		w := categoryWords[c]
		if w == "" {
			w = string(c)
		}
		words = append(words, w)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func prefixOf(c audit.Category) string {
	switch c {
	case audit.Security:
		return "CC"
	case audit.Availability:
		return "A"
	case audit.ProcessingIntegrity:
		return "PI"
	case audit.Confidentiality:
		return "C"
	case audit.Privacy:
		return "P"
	}
	return ""
}

// findingCount words the findings by classification: "3 findings: 1 material
// weakness, 1 significant deficiency and 1 control deficiency".
func findingCount(fs []Finding) string {
	if len(fs) == 0 {
		return "None"
	}
	var parts []string
	for _, c := range append(Classifications[:len(Classifications):len(Classifications)], Unevaluated) {
		n := 0
		for _, f := range fs {
			if f.Classification == c {
				n++
			}
		}
		if n == 0 {
			continue
		}
		w := strings.ToLower(c.Label())
		if n > 1 && c != Unevaluated {
			w = plural(w)
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, w))
	}
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return fmt.Sprintf("%d %s: %s", len(fs), noun, list)
}

func plural(s string) string {
	return strings.Replace(strings.Replace(s, "weakness", "weaknesses", 1), "deficiency", "deficiencies", 1)
}

func responseState(f Finding, s Status) string {
	switch {
	case f.Response != nil:
		return f.Response.Position.Label()
	case s == Draft:
		return "Pending"
	}
	return "Not received"
}

func longDate(s string) string {
	t, err := time.Parse(audit.DateLayout, s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

func longDateOrDash(s string) string {
	if s == "" {
		return "—"
	}
	return longDate(s)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func joinOr(ss []string, none string) string {
	if len(ss) == 0 {
		return none
	}
	return strings.Join(ss, ", ")
}

func humanize(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// asOfLine says what date an evidence file speaks of, where that date came
// from, and why it needs a look when it is outside the period or unknown.
func asOfLine(ev Evidence) string {
	if ev.AsOf == "" {
		return "As-of date unknown: no manifest entry, document date, dated file or folder name, or real file time gives one"
	}
	s := "As of " + ev.AsOf
	if ev.AsOfSource != "" {
		s += ", from the " + ev.AsOfSource
		if ev.AsOfDetail != "" {
			s += " (" + ev.AsOfDetail + ")"
		}
	}
	if ev.AsOfIssue != "" {
		s += ": outside the period, " + ev.AsOfIssue
	}
	return s
}
