package view

import (
	"strings"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

// The viewer shows a file's text as extraction stored it (audit.Part), not
// by parsing the file again: the stored text is already decoded and
// bounded, it is what the search found and numbers its hits by, and
// reading the file again would run a parser of hostile input in the app's
// process.

// MaxHits bounds the locations Hits returns.
const MaxHits = 5000

// Location is a place in a file: a page, a row of a sheet or a line, with
// the line a CSV row starts on and the JSON record a line is in, as a
// search hit cites them.
type Location struct {
	Part   int    `json:"part"` // index of the stored part it is in
	Page   int    `json:"page,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
}

// Line is one numbered line of text, with the query's matches in it.
type Line struct {
	N      int      `json:"n"`
	Record int      `json:"record,omitempty"` // the JSON or NDJSON record the line is in
	Part   int      `json:"part"`
	Text   string   `json:"text"`
	Marks  [][2]int `json:"marks"` // [start, end) in runes of Text
}

// Text is a file's stored text as numbered lines: text files, logs,
// documents and the body of an e-mail.
type Text struct {
	parts []audit.Part
	lines []line
}

// line is where a line or row sits in its part's text.
type line struct {
	n, part int
	start   int // in runes of the part's text
	text    string
	at      audit.Locator // its place by the part's marks; zero for a part without
}

// NewText numbers the lines of parts. A part that says which line it
// starts at is numbered from there; others follow on. The first part of an
// e-mail (Line 0 and mail true) opens with the header block, which the
// viewer shows apart: its lines are left out and the body counts from 1.
func NewText(parts []audit.Part, mail bool) *Text {
	t := &Text{parts: parts}
	next := 1
	for i, p := range parts {
		text, skip := p.Text, 0
		if mail && i == 0 && p.Line == 0 {
			skip = headerEnd(text)
			text = text[skip:]
			skip = utf8.RuneCountInString(p.Text[:skip])
		}
		n := next
		if p.Line > 0 {
			n = p.Line
		}
		at, b := skip, len(p.Text)-len(text) // in runes and bytes of p.Text
		text = strings.TrimSuffix(text, "\n")
		for _, l := range strings.Split(text, "\n") {
			// A part with marks says each line's number and record: a JSON
			// record's lines all bear the line the record starts on.
			var loc audit.Locator
			if len(p.Marks) > 0 {
				if loc = p.Locate(b); loc.Line > 0 {
					n = loc.Line
				}
			}
			t.lines = append(t.lines, line{n: n, part: i, start: at, text: strings.TrimSuffix(l, "\r"), at: loc})
			at += utf8.RuneCountInString(l) + 1
			b += len(l) + 1
			n++
		}
		next = n
	}
	return t
}

// headerEnd is where the body starts in an e-mail's first part: after the
// header lines and the blank line that closes them.
func headerEnd(s string) int {
	if strings.HasPrefix(s, "\n") {
		return 1
	}
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return i + 2
	}
	return len(s)
}

// Len is how many lines there are.
func (t *Text) Len() int { return len(t.lines) }

// Find returns the index of the line numbered n, or of the first after it.
func (t *Text) Find(n int) int {
	for i, l := range t.lines {
		if l.n >= n {
			return i
		}
	}
	return max(len(t.lines)-1, 0)
}

// FindRecord returns the index of the first line of JSON record n, or of
// the first record after it.
func (t *Text) FindRecord(n int) int {
	for i, l := range t.lines {
		if l.at.Record >= n {
			return i
		}
	}
	return max(len(t.lines)-1, 0)
}

// PartLines gives the number of the first line of each part, so that a
// search hit (which names its part) opens on its line; 0 for a part with
// no line shown.
func (t *Text) PartLines() []int {
	out := make([]int, len(t.parts))
	for i := len(t.lines) - 1; i >= 0; i-- {
		out[t.lines[i].part] = t.lines[i].n
	}
	return out
}

// Lines returns the lines from index offset, at most limit of them, with
// the marker's matches marked; m may be nil.
func (t *Text) Lines(offset, limit int, m *search.Marker) []Line {
	lo := min(max(offset, 0), len(t.lines))
	hi := min(lo+max(limit, 0), len(t.lines))
	out := make([]Line, 0, hi-lo)
	marks := map[int][][2]int{}
	for _, l := range t.lines[lo:hi] {
		if _, ok := marks[l.part]; !ok && !m.Empty() {
			marks[l.part] = m.Marks(t.parts[l.part].Text)
		}
		out = append(out, Line{N: l.n, Record: l.at.Record, Part: l.part, Text: l.text, Marks: within(marks[l.part], l.start, utf8.RuneCountInString(l.text))})
	}
	return out
}

// Hits returns the lines holding a match, in order, at most MaxHits.
func (t *Text) Hits(m *search.Marker) []Location {
	out := []Location{}
	if m.Empty() {
		return out
	}
	i := 0
	for p, part := range t.parts {
		marks := m.Marks(part.Text)
		for ; i < len(t.lines) && t.lines[i].part == p; i++ {
			l := t.lines[i]
			if len(within(marks, l.start, utf8.RuneCountInString(l.text))) > 0 {
				out = append(out, Location{Part: p, Line: l.n, Record: l.at.Record})
				if len(out) == MaxHits {
					return out
				}
			}
		}
	}
	return out
}

// within cuts marks on a part's text to those on the n runes from start,
// as offsets from start.
func within(marks [][2]int, start, n int) [][2]int {
	out := [][2]int{}
	for _, m := range marks {
		a, z := max(m[0]-start, 0), min(m[1]-start, n)
		if a < z {
			out = append(out, [2]int{a, z})
		}
	}
	return out
}

// PageHits returns the pages of a PDF whose text holds a match.
func PageHits(parts []audit.Part, m *search.Marker) []Location {
	out := []Location{}
	if m.Empty() {
		return out
	}
	for i, p := range parts {
		if p.Page > 0 && len(m.Marks(p.Text)) > 0 {
			out = append(out, Location{Part: i, Page: p.Page})
		}
	}
	return out
}
