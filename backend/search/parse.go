// Package search is the reviewer's search: a small query language (Parse),
// its translation into a Bleve query over the engagement index
// (backend/index), and Search, which groups the matching pages, rows and
// lines into one hit per evidence file with text fragments, highlight
// ranges and facets.
package search

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// Kind is what a clause of a query asks for.
type Kind int

// Clause kinds.
const (
	Word   Kind = iota // a word: every one must match, in the text, the file name or the path
	Phrase             // "words in this order"
	Prefix             // word*: any word starting so
	Fuzzy              // word~ or word~2: any word within that many edits
	Filter             // name:value, on the file's type, control, request, pack, name, date or status
)

func (k Kind) String() string {
	switch k {
	case Word:
		return "word"
	case Phrase:
		return "phrase"
	case Prefix:
		return "prefix"
	case Fuzzy:
		return "fuzzy"
	case Filter:
		return "filter"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Filters a query may name, before the colon.
const (
	FilterType    = "type"    // type:pdf, the detected content type, lower case
	FilterControl = "control" // control:CC6.1, upper case
	FilterRequest = "request" // request:R-12, upper case
	FilterPack    = "pack"    // pack:NAME, the pack's file or folder name; * and ? wildcards
	FilterName    = "name"    // name:report.pdf, the file name in any case; * and ? wildcards
	FilterAfter   = "after"   // after:2026-01-01, as-of date on or after (YYYY, YYYY-MM or YYYY-MM-DD)
	FilterBefore  = "before"  // before:2026-12-31, as-of date on or before
	FilterStatus  = "status"  // status:encrypted, what extraction made of the file
	FilterYear    = "year"    // year:2026, the year of the as-of date
)

var filterNames = []string{FilterType, FilterControl, FilterRequest, FilterPack, FilterName,
	FilterAfter, FilterBefore, FilterStatus, FilterYear}

var statuses = []string{audit.Extracted, audit.Encrypted, audit.NotExtracted, audit.Failed}

// Clause is one part of a query.
type Clause struct {
	Kind      Kind
	Exclude   bool   // -clause: leave out what matches
	Filter    string // for Kind Filter: one of the Filter* names
	Text      string // the word (without * or ~), the phrase, or the filter value normalised
	Fuzziness int    // for Kind Fuzzy: 1 or 2 edits
	Pos       int    // where the clause starts in the query, in characters from 1
}

// Query is a parsed query: its clauses in the order typed.
type Query struct {
	Clauses []Clause
}

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// String is the query in canonical form; Parse(q.String()) gives q back
// but for positions.
func (q Query) String() string {
	parts := make([]string, 0, len(q.Clauses))
	for _, c := range q.Clauses {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, " ")
}

func (c Clause) String() string {
	var b strings.Builder
	if c.Exclude {
		b.WriteByte('-')
	}
	switch c.Kind {
	case Word:
		b.WriteString(c.Text)
	case Phrase:
		b.WriteString(`"` + c.Text + `"`)
	case Prefix:
		b.WriteString(c.Text + "*")
	case Fuzzy:
		fmt.Fprintf(&b, "%s~%d", c.Text, c.Fuzziness)
	case Filter:
		b.WriteString(c.Filter + ":")
		if c.Text == "" || strings.IndexFunc(c.Text, unicode.IsSpace) >= 0 {
			b.WriteString(`"` + c.Text + `"`)
		} else {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// minPrefix is the shortest prefix a prefix* query takes: shorter ones
// would match most of the dictionary.
const minPrefix = 2

// Parse reads a reviewer's query:
//
//	access review          every word must match (in the text, the file name or its path)
//	"access review"        the words in this order
//	recon*                 words starting with recon (at least 2 characters before *)
//	reconcile~ recon~2     words within 1 (or 2) edits
//	-draft -"test data"    leave out files that match
//	type:pdf control:CC6.1 request:R-12 pack:NAME name:*.xlsx
//	after:2026-01-01 before:2026-12-31 year:2026 status:encrypted
//
// The same filter given twice matches either value (type:pdf type:docx);
// different filters must all match. Bad syntax is an audit.EINVALID error
// naming the problem and where it is, counting characters from 1.
func Parse(q string) (Query, error) {
	p := parser{r: []rune(q)}
	var out Query
	for {
		p.skipSpace()
		if p.i >= len(p.r) {
			return out, nil
		}
		c, ok, err := p.clause()
		if err != nil {
			return Query{}, err
		}
		if ok {
			out.Clauses = append(out.Clauses, c)
		}
	}
}

type parser struct {
	r []rune
	i int
}

func (p *parser) skipSpace() {
	for p.i < len(p.r) && unicode.IsSpace(p.r[p.i]) {
		p.i++
	}
}

// errAt is a syntax error: what is wrong, where (in characters from 1),
// and then why or what to do, as in `after:2026-13-01 at position 7 is not
// a date: use YYYY-MM-DD, YYYY-MM or YYYY`.
func errAt(what string, pos int, why string, args ...any) error {
	return audit.Errorf(audit.EINVALID, "%s at position %d%s", what, pos, fmt.Sprintf(why, args...))
}

// clause reads one clause; ok is false for one that asks nothing (a lone
// "-", an empty phrase).
func (p *parser) clause() (c Clause, ok bool, err error) {
	start := p.i
	c.Pos = start + 1
	if p.r[p.i] == '-' {
		p.i++
		if p.i >= len(p.r) || unicode.IsSpace(p.r[p.i]) {
			return c, false, nil // a dash between words is punctuation
		}
		c.Exclude = true
	}
	if p.r[p.i] == '"' {
		text, err := p.quoted()
		if err != nil {
			return c, false, err
		}
		c.Kind, c.Text = Phrase, text
		return c, strings.TrimSpace(text) != "", nil
	}
	wordStart := p.i
	for p.i < len(p.r) && !unicode.IsSpace(p.r[p.i]) && p.r[p.i] != '"' {
		if p.r[p.i] == ':' && p.i > wordStart && isFilterName(p.r[wordStart:p.i]) {
			return p.filter(c, wordStart)
		}
		p.i++
	}
	return word(c, string(p.r[wordStart:p.i]), wordStart+1)
}

// quoted reads a "quoted" string starting at the quote.
func (p *parser) quoted() (string, error) {
	open := p.i
	p.i++
	for j := p.i; j < len(p.r); j++ {
		if p.r[j] == '"' {
			s := string(p.r[p.i:j])
			p.i = j + 1
			return s, nil
		}
	}
	p.i = len(p.r)
	return "", errAt("unclosed quote", open+1, "")
}

func isFilterName(r []rune) bool {
	for _, c := range r {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// filter reads name:value with p.i on the colon.
func (p *parser) filter(c Clause, nameStart int) (Clause, bool, error) {
	name := strings.ToLower(string(p.r[nameStart:p.i]))
	p.i++ // the colon
	known := false
	for _, n := range filterNames {
		known = known || n == name
	}
	var value string
	switch {
	case p.i < len(p.r) && p.r[p.i] == '"':
		v, err := p.quoted()
		if err != nil {
			return c, false, err
		}
		value = strings.TrimSpace(v)
	default:
		vs := p.i
		for p.i < len(p.r) && !unicode.IsSpace(p.r[p.i]) && p.r[p.i] != '"' {
			p.i++
		}
		value = string(p.r[vs:p.i])
		if value == "" && !known {
			// "Subject:" pasted from a mail: a word, not a filter.
			return word(c, string(p.r[nameStart:p.i]), nameStart+1)
		}
	}
	if !known {
		return c, false, errAt(fmt.Sprintf("unknown filter %s:", name), nameStart+1, ": filters are %s; put text with a colon in quotes",
			strings.Join(filterNames, ", "))
	}
	if value == "" {
		return c, false, errAt(name+":", nameStart+1, " needs a value")
	}
	v, err := normalise(name, value)
	if err != nil {
		return c, false, errAt(name+":"+value, nameStart+1, " %s", err.Error())
	}
	c.Kind, c.Filter, c.Text = Filter, name, v
	return c, true, nil
}

// word reads a word with its * or ~ suffix; pos is where it starts.
func word(c Clause, w string, pos int) (Clause, bool, error) {
	c.Kind, c.Text = Word, w
	if i := strings.LastIndexByte(w, '~'); i >= 0 && (i == len(w)-1 || isDigits(w[i+1:])) {
		c.Kind, c.Text, c.Fuzziness = Fuzzy, w[:i], 1
		switch w[i+1:] {
		case "", "1":
		case "2":
			c.Fuzziness = 2
		default:
			return c, false, errAt(w, pos, " asks for %s edits: use ~ or ~1 for one, ~2 for two", w[i+1:])
		}
	} else if strings.HasSuffix(w, "*") {
		c.Kind, c.Text = Prefix, strings.TrimRight(w, "*")
		if n := utf8.RuneCountInString(c.Text); n < minPrefix {
			return c, false, errAt(w, pos, " is too short a prefix: type at least %d characters before *", minPrefix)
		}
	}
	if c.Text == "" {
		return c, false, errAt(w, pos, " needs a word before ~")
	}
	if strings.ContainsRune(c.Text, '*') {
		return c, false, errAt(w, pos, " has * inside a word: * goes at the end (or anywhere in name: and pack:)")
	}
	if c.Kind == Fuzzy && strings.ContainsRune(c.Text, '~') {
		return c, false, errAt(w, pos, " has two ~: use one, at the end of the word")
	}
	return c, true, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// normalise puts a filter's value in the form the index holds it.
func normalise(name, v string) (string, error) {
	switch name {
	case FilterType:
		return strings.ToLower(v), nil
	case FilterControl, FilterRequest:
		return strings.ToUpper(v), nil
	case FilterStatus:
		v = strings.ToLower(strings.ReplaceAll(v, "-", "_"))
		for _, s := range statuses {
			if v == s {
				return v, nil
			}
		}
		return "", fmt.Errorf("is not a status: use %s", strings.Join(statuses, ", "))
	case FilterAfter, FilterBefore:
		if _, _, err := dateRange(v); err != nil {
			return "", errors.New("is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
		}
		return v, nil
	case FilterYear:
		if len(v) != 4 || !isDigits(v) {
			return "", errors.New("is not a year: use four digits, as in year:2026")
		}
		return v, nil
	}
	return v, nil
}

// dateRange is the first and last instant of a day, month or year.
func dateRange(v string) (from, to time.Time, err error) {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(v) != len(f.layout) {
			continue
		}
		t, err := time.Parse(f.layout, v)
		if err != nil {
			continue
		}
		if t.Year() < 1700 || t.Year() > 2200 {
			break
		}
		return t, f.next(t).Add(-time.Nanosecond), nil
	}
	return time.Time{}, time.Time{}, fmt.Errorf("not a date: %q", v)
}

// filterGroups returns the filter clauses by name, in a stable order.
func filterGroups(cs []Clause) (names []string, byName map[string][]Clause) {
	byName = map[string][]Clause{}
	for _, c := range cs {
		if _, ok := byName[c.Filter]; !ok {
			names = append(names, c.Filter)
		}
		byName[c.Filter] = append(byName[c.Filter], c)
	}
	sort.Strings(names)
	return names, byName
}
