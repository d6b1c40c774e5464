package view

import (
	"strings"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

// Extraction stores a sheet as rows of cells joined by tabs, grouped into
// parts whose marks say where each row starts and its number as the
// workbook or CSV file shows it; a cell's line breaks stay inside its row.
// Parts stored before marks number their rows on from the part's first,
// one a line.

// SheetInfo names one sheet and how many rows it has.
type SheetInfo struct {
	Name string `json:"name"` // "" for a CSV file
	Rows int    `json:"rows"`
}

// Row is one row of a sheet, its cells with the query's matches in them.
type Row struct {
	N     int    `json:"n"`
	Line  int    `json:"line,omitempty"` // the line a CSV row starts on
	Part  int    `json:"part"`
	Cells []Cell `json:"cells"`
}

// Cell is one cell's text and the matches in it.
type Cell struct {
	Text  string   `json:"text"`
	Marks [][2]int `json:"marks"` // [start, end) in runes of Text
}

// Sheets is a spreadsheet or CSV file's stored rows.
type Sheets struct {
	parts []audit.Part
	names []string
	rows  map[string][]line // by sheet, in order
}

// NewSheets reads the rows of parts, sheet by sheet.
func NewSheets(parts []audit.Part) *Sheets {
	s := &Sheets{parts: parts, rows: map[string][]line{}}
	for i, p := range parts {
		if _, ok := s.rows[p.Sheet]; !ok {
			s.names = append(s.names, p.Sheet)
		}
		n := max(p.Row, 1)
		if rows := s.rows[p.Sheet]; p.Row == 0 && len(rows) > 0 {
			n = rows[len(rows)-1].n + 1
		}
		for _, u := range units(p) {
			if u.n.Row > 0 {
				n = u.n.Row
			}
			s.rows[p.Sheet] = append(s.rows[p.Sheet], line{n: n, part: i, start: u.start, text: u.text, at: u.n})
			n++
		}
	}
	return s
}

// unit is one row or line of a part's text, its start in runes of the
// text and its place.
type unit struct {
	start int
	text  string
	n     audit.Locator
}

// units splits a part's text at its marks, or at line ends for a part
// without marks.
func units(p audit.Part) []unit {
	text := strings.TrimSuffix(p.Text, "\n")
	var cuts []int
	if len(p.Marks) == 0 {
		cuts = append(cuts, 0)
		for i := 0; i < len(text); i++ {
			if text[i] == '\n' {
				cuts = append(cuts, i+1)
			}
		}
	} else {
		for _, m := range p.Marks {
			cuts = append(cuts, min(m.At, len(text)))
		}
	}
	out := make([]unit, 0, len(cuts))
	runes, prev := 0, 0
	for i, at := range cuts {
		end := len(text)
		if i+1 < len(cuts) {
			end = max(cuts[i+1]-1, at) // less the line end before the next
		}
		runes += utf8.RuneCountInString(text[prev:at])
		prev = at
		u := unit{start: runes, text: strings.TrimSuffix(text[at:end], "\r")}
		if len(p.Marks) > 0 {
			u.n = p.Locate(at)
		}
		out = append(out, u)
	}
	return out
}

// List names the sheets in order, with their row counts.
func (s *Sheets) List() []SheetInfo {
	out := make([]SheetInfo, 0, len(s.names))
	for _, n := range s.names {
		out = append(out, SheetInfo{Name: n, Rows: len(s.rows[n])})
	}
	return out
}

// Has reports whether there is a sheet of that name.
func (s *Sheets) Has(sheet string) bool {
	_, ok := s.rows[sheet]
	return ok
}

// Len is how many rows a sheet has.
func (s *Sheets) Len(sheet string) int { return len(s.rows[sheet]) }

// Find returns the index in a sheet of the row numbered n, or of the first
// after it.
func (s *Sheets) Find(sheet string, n int) int {
	rows := s.rows[sheet]
	for i, r := range rows {
		if r.n >= n {
			return i
		}
	}
	return max(len(rows)-1, 0)
}

// Rows returns a sheet's rows from index offset, at most limit of them,
// with the marker's matches marked in their cells; m may be nil.
func (s *Sheets) Rows(sheet string, offset, limit int, m *search.Marker) []Row {
	rows := s.rows[sheet]
	lo := min(max(offset, 0), len(rows))
	hi := min(lo+max(limit, 0), len(rows))
	out := make([]Row, 0, hi-lo)
	marks := map[int][][2]int{}
	for _, r := range rows[lo:hi] {
		if _, ok := marks[r.part]; !ok && !m.Empty() {
			marks[r.part] = m.Marks(s.parts[r.part].Text)
		}
		row := Row{N: r.n, Line: r.at.Line, Part: r.part}
		at := r.start
		for _, c := range strings.Split(r.text, "\t") {
			n := utf8.RuneCountInString(c)
			row.Cells = append(row.Cells, Cell{Text: c, Marks: within(marks[r.part], at, n)})
			at += n + 1
		}
		out = append(out, row)
	}
	return out
}

// Hits returns the rows holding a match, sheet by sheet, at most MaxHits.
func (s *Sheets) Hits(m *search.Marker) []Location {
	out := []Location{}
	if m.Empty() {
		return out
	}
	for _, name := range s.names {
		marks := map[int][][2]int{}
		for _, r := range s.rows[name] {
			pm, ok := marks[r.part]
			if !ok {
				pm = m.Marks(s.parts[r.part].Text)
				marks[r.part] = pm
			}
			if len(within(pm, r.start, utf8.RuneCountInString(r.text))) > 0 {
				out = append(out, Location{Part: r.part, Sheet: name, Row: r.n, Line: r.at.Line})
				if len(out) == MaxHits {
					return out
				}
			}
		}
	}
	return out
}
