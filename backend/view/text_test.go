package view

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

func marker(t testing.TB, q string) *search.Marker {
	t.Helper()
	m, err := search.NewMarker(q)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// show writes a line or cell with its marks in [brackets].
func show(text string, marks [][2]int) string {
	r := []rune(text)
	var b strings.Builder
	at := 0
	for _, m := range marks {
		b.WriteString(string(r[at:m[0]]) + "[" + string(r[m[0]:m[1]]) + "]")
		at = m[1]
	}
	return b.String() + string(r[at:])
}

func TestTextLines(t *testing.T) {
	// A log as extraction stores it: parts of lines that say where they
	// start; the gap is lines of nothing but spaces, which are not stored.
	parts := []audit.Part{
		{Line: 1, Text: "2026-03-01 login jdoe\n2026-03-01 Année close: access\n"},
		{Line: 10, Text: "review by the CISO\r\nlogout jdoe\n"},
	}
	txt := NewText(parts, false)
	if txt.Len() != 4 {
		t.Fatalf("%d lines, want 4", txt.Len())
	}
	var got []string
	for _, l := range txt.Lines(0, 10, marker(t, `annee "access review" jdoe`)) {
		got = append(got, fmt.Sprintf("%d/%d %s", l.N, l.Part, show(l.Text, l.Marks)))
	}
	want := []string{
		"1/0 2026-03-01 login [jdoe]",
		"2/0 2026-03-01 [Année] close: access",
		"10/1 review by the CISO",
		"11/1 logout [jdoe]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
	hits := txt.Hits(marker(t, `jdoe annee`))
	if want := []Location{{Part: 0, Line: 1}, {Part: 0, Line: 2}, {Part: 1, Line: 11}}; !reflect.DeepEqual(hits, want) {
		t.Errorf("hits %+v, want %+v", hits, want)
	}
	if got := txt.Lines(3, 10, nil); len(got) != 1 || got[0].N != 11 || len(got[0].Marks) != 0 {
		t.Errorf("from index 3 without a query: %+v", got)
	}
	if got := txt.Lines(9, 10, nil); len(got) != 0 {
		t.Errorf("past the end: %+v", got)
	}
	if got := txt.Find(5); got != 2 {
		t.Errorf("Find(5) = %d, want 2 (line 10, the first after 5)", got)
	}
	if got := txt.PartLines(); !reflect.DeepEqual(got, []int{1, 10}) {
		t.Errorf("part lines %v", got)
	}
}

// A phrase over two lines of one part is marked on both.
func TestTextMarksAcrossLines(t *testing.T) {
	txt := NewText([]audit.Part{{Line: 1, Text: "quarterly access\nreview done\n"}}, false)
	var got []string
	for _, l := range txt.Lines(0, 5, marker(t, `"access review"`)) {
		got = append(got, show(l.Text, l.Marks))
	}
	if want := []string{"quarterly [access]", "[review] done"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// An e-mail's first part holds the header block, which the viewer shows
// apart; the body counts from line 1 as extraction counts it.
func TestTextEmailBody(t *testing.T) {
	parts := []audit.Part{
		{Text: "From: it@acme.test\nSubject: access review\n\nPlease approve\nthe access review.\n"},
		{Line: 3, Text: "Regards\n"},
	}
	txt := NewText(parts, true)
	var got []string
	for _, l := range txt.Lines(0, 10, marker(t, "review")) {
		got = append(got, fmt.Sprintf("%d %s", l.N, show(l.Text, l.Marks)))
	}
	if want := []string{"1 Please approve", "2 the access [review].", "3 Regards"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// Without headers the body follows the blank line at once.
	txt = NewText([]audit.Part{{Text: "\nbody only\n"}}, true)
	if l := txt.Lines(0, 5, nil); len(l) != 1 || l[0].Text != "body only" {
		t.Errorf("no headers: %+v", l)
	}
}

func TestSheets(t *testing.T) {
	parts := []audit.Part{
		{Sheet: "Users", Row: 1, Text: "name\trole\njdoe\tadmin\n"},
		{Sheet: "Users", Row: 3, Text: "asmith\tAnnée admin\n"},
		{Sheet: "Rules", Row: 5, Text: "allow\t443\n"},
	}
	s := NewSheets(parts)
	if got, want := s.List(), []SheetInfo{{"Users", 3}, {"Rules", 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %+v, want %+v", got, want)
	}
	var got []string
	for _, r := range s.Rows("Users", 1, 10, marker(t, "admin annee")) {
		cells := []string{}
		for _, c := range r.Cells {
			cells = append(cells, show(c.Text, c.Marks))
		}
		got = append(got, fmt.Sprintf("%d/%d %s", r.N, r.Part, strings.Join(cells, " | ")))
	}
	if want := []string{"2/0 jdoe | [admin]", "3/1 asmith | [Année] [admin]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	hits := s.Hits(marker(t, "admin allow"))
	want := []Location{{Part: 0, Sheet: "Users", Row: 2}, {Part: 1, Sheet: "Users", Row: 3}, {Part: 2, Sheet: "Rules", Row: 5}}
	if !reflect.DeepEqual(hits, want) {
		t.Errorf("hits %+v, want %+v", hits, want)
	}
	if s.Find("Rules", 5) != 0 || s.Find("Users", 3) != 2 || !s.Has("Rules") || s.Has("Nope") {
		t.Errorf("Find and Has")
	}
	// A CSV file: one sheet without a name.
	csv := NewSheets([]audit.Part{{Row: 1, Text: "a,b\n"}})
	if got := csv.List(); len(got) != 1 || got[0].Name != "" || got[0].Rows != 1 {
		t.Errorf("csv sheets %+v", got)
	}
}

// A part with marks: a cell's line break stays in its row, and rows and
// lines bear the numbers the marks give, blank rows and record lines
// included.
func TestSheetsAndTextByMarks(t *testing.T) {
	text := "id\tnote\n7\tfirst\nsecond admin\n9\tadmin\n"
	s := NewSheets([]audit.Part{{Row: 1, Line: 1, Text: text,
		Marks: []audit.Mark{{At: 0, Row: 1, Line: 1}, {At: 8, Row: 2, Line: 2}, {At: 29, Row: 4, Line: 5}}}})
	var got []string
	for _, r := range s.Rows("", 0, 10, marker(t, "admin")) {
		cells := []string{}
		for _, c := range r.Cells {
			cells = append(cells, show(c.Text, c.Marks))
		}
		got = append(got, fmt.Sprintf("%d/%d %s", r.N, r.Line, strings.Join(cells, " | ")))
	}
	// Each row carries the line it starts on, as a search hit cites it.
	if want := []string{"1/1 id | note", "2/2 7 | first\nsecond [admin]", "4/5 9 | [admin]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if hits := s.Hits(marker(t, "admin")); !reflect.DeepEqual(hits, []Location{{Part: 0, Row: 2, Line: 2}, {Part: 0, Row: 4, Line: 5}}) {
		t.Errorf("hits %+v", hits)
	}

	// NDJSON: a record's flattened lines all bear the line it is on, and
	// its record, so that a line picked is pinned as its record.
	nd := NewText([]audit.Part{{Line: 1, Record: 1, Text: "a: 1\nb: 2\nc: 3\n",
		Marks: []audit.Mark{{At: 0, Line: 1, Record: 1}, {At: 10, Line: 3, Record: 2}}}}, false)
	var ns []string
	for _, l := range nd.Lines(0, 10, nil) {
		ns = append(ns, fmt.Sprintf("record %d, line %d", l.Record, l.N))
	}
	if want := []string{"record 1, line 1", "record 1, line 1", "record 2, line 3"}; !reflect.DeepEqual(ns, want) || nd.Find(3) != 2 || nd.FindRecord(2) != 2 {
		t.Errorf("ndjson lines %q, want %q", ns, want)
	}
	if hits := nd.Hits(marker(t, "c")); !reflect.DeepEqual(hits, []Location{{Part: 0, Line: 3, Record: 2}}) {
		t.Errorf("ndjson hits %+v", hits)
	}
}

func TestPageHits(t *testing.T) {
	parts := []audit.Part{{Page: 1, Text: "cover"}, {Page: 2, Text: "access review"}, {Page: 4, Text: "Access granted"}}
	got := PageHits(parts, marker(t, "access"))
	if want := []Location{{Part: 1, Page: 2}, {Part: 2, Page: 4}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := PageHits(parts, nil); len(got) != 0 {
		t.Errorf("no query: %+v", got)
	}
}
