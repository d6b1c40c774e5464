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
	"auditroom/backend/index"
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
	Near               // "words"~N or NEAR(words, N): the words in any order, at most N other words between them
	Or                 // a OR b, (a b) OR c: any of its alternatives
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
	case Near:
		return "near"
	case Or:
		return "or"
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
	Distance  int    // for Kind Near: how many other words may stand between the first and the last
	Pos       int    // where the clause starts in the query, in characters from 1
	// For Kind Or: the alternatives, each a list of clauses that must all
	// match; text clauses only (words, phrases, prefixes, fuzzy, near, or).
	Either [][]Clause
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
	case Near:
		fmt.Fprintf(&b, "NEAR(%s, %d)", c.Text, c.Distance)
	case Or:
		alts := make([]string, len(c.Either))
		for i, alt := range c.Either {
			alts[i] = Query{Clauses: alt}.String()
			if len(alt) > 1 || alt[0].Kind == Or {
				alts[i] = "(" + alts[i] + ")"
			}
		}
		b.WriteString(strings.Join(alts, " OR "))
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
//	policy OR standard     either word; OR binds closer than the space: a b OR c is a (b OR c)
//	(access OR user) review  parentheses group text clauses
//	"access review"~5      the words in any order, at most 5 other words between them;
//	NEAR(access review, 5) the same
//	type:pdf control:CC6.1 request:R-12 pack:NAME name:*.xlsx
//	after:2026-01-01 before:2026-12-31 year:2026 status:encrypted
//
// Every clause must match somewhere in the file: its text (any page, row or
// line), its name or its path. The same filter given twice matches either
// value (type:pdf type:docx); different filters must all match. Filters and
// exclusions stand outside parentheses and OR. Bad syntax is an
// audit.EINVALID error naming the problem and where it is, counting
// characters from 1.
func Parse(q string) (Query, error) {
	p := parser{r: []rune(q)}
	cs, err := p.sequence(0)
	if err != nil {
		return Query{}, err
	}
	return Query{Clauses: cs}, nil
}

type parser struct {
	r     []rune
	i     int
	depth int // of parentheses open
}

// maxNear is the largest distance a near clause takes.
const maxNear = 100

// sequence reads clauses up to the end of the query or, with open (the
// position of a "(") above 0, up to its closing parenthesis. OR joins the
// clauses on either side of it into one Or clause.
func (p *parser) sequence(open int) ([]Clause, error) {
	var out []Clause
	orAt := 0 // the position of an OR still waiting for its right side
	for {
		p.skipSpace()
		end := p.i >= len(p.r)
		if end || (open > 0 && p.r[p.i] == ')') {
			if orAt > 0 {
				return nil, errAt("OR", orAt, " needs text after it")
			}
			if end && open > 0 {
				return nil, errAt("unclosed parenthesis", open, ": close it with )")
			}
			if !end {
				p.i++
			}
			return flatten(out), nil
		}
		if p.atOR() {
			if len(out) == 0 || orAt > 0 {
				return nil, errAt("OR", p.i+1, " needs text before it")
			}
			if !textual(out[len(out)-1]) {
				return nil, errAt("OR", p.i+1, " joins text, not filters or exclusions: type:pdf type:docx already means either type")
			}
			orAt = p.i + 1
			p.i += 2
			continue
		}
		c, ok, err := p.item()
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if !textual(c) && (open > 0 || orAt > 0) {
			what := "filters and exclusions go outside parentheses"
			if orAt > 0 {
				what = "OR joins text, not filters or exclusions: type:pdf type:docx already means either type"
			}
			return nil, errAt(Query{Clauses: []Clause{c}}.String(), c.Pos, ": %s", what)
		}
		if orAt > 0 {
			left := &out[len(out)-1]
			*left = Clause{Kind: Or, Pos: left.Pos, Either: append(alternatives(*left), alternatives(c)...)}
			orAt = 0
			continue
		}
		out = append(out, c)
	}
}

// atOR reports whether the parser stands on the word OR (upper case, as
// typed between two clauses; "or" is a word).
func (p *parser) atOR() bool {
	if p.i+2 > len(p.r) || p.r[p.i] != 'O' || p.r[p.i+1] != 'R' {
		return false
	}
	return p.i+2 == len(p.r) || unicode.IsSpace(p.r[p.i+2]) || p.r[p.i+2] == '(' || p.r[p.i+2] == '"'
}

// textual reports whether a clause is text to find, not a filter or an
// exclusion.
func textual(c Clause) bool { return c.Kind != Filter && !c.Exclude }

// alternatives are the choices a clause offers to an OR beside it.
func alternatives(c Clause) [][]Clause {
	if c.Kind == Or {
		return c.Either
	}
	return [][]Clause{{c}}
}

// flatten puts the clauses of a group with no OR among its neighbours:
// (a b) c is a b c.
func flatten(cs []Clause) []Clause {
	var out []Clause
	for _, c := range cs {
		if c.Kind == Or && len(c.Either) == 1 {
			out = append(out, c.Either[0]...)
			continue
		}
		out = append(out, c)
	}
	return out
}

// item reads a clause, a parenthesised group (as an Or of one
// alternative, which flatten or an OR beside it resolves) or NEAR(…).
func (p *parser) item() (Clause, bool, error) {
	start := p.i
	switch {
	case p.r[p.i] == '(':
		p.i++
		p.depth++
		inner, err := p.sequence(start + 1)
		p.depth--
		if err != nil || len(inner) == 0 {
			return Clause{}, false, err
		}
		return Clause{Kind: Or, Pos: start + 1, Either: [][]Clause{inner}}, true, nil
	case p.hasPrefix("NEAR("):
		return p.near()
	case p.r[p.i] == '-' && p.i+1 < len(p.r) && p.r[p.i+1] == '(':
		return Clause{}, false, errAt("-(", start+1, ": leave words out one by one, as in -draft -copy")
	}
	return p.clause()
}

func (p *parser) hasPrefix(s string) bool {
	r := []rune(s)
	return p.i+len(r) <= len(p.r) && string(p.r[p.i:p.i+len(r)]) == s
}

// near reads NEAR(words, N), with p.i on the N.
func (p *parser) near() (Clause, bool, error) {
	start := p.i
	c := Clause{Kind: Near, Pos: start + 1}
	usage := ": use NEAR(word word, 5)"
	end := -1
	for j := start; j < len(p.r); j++ {
		if p.r[j] == ')' {
			end = j
			break
		}
	}
	if end < 0 {
		return c, false, errAt("NEAR(", start+1, " is not closed%s", usage)
	}
	inside := string(p.r[start+len("NEAR(") : end])
	p.i = end + 1
	words, dist, found := strings.Cut(inside, ",")
	if !found {
		return c, false, errAt("NEAR("+inside+")", start+1, " needs a distance%s", usage)
	}
	c.Text = strings.Join(strings.Fields(words), " ")
	return p.nearClause(c, strings.TrimSpace(dist), "NEAR("+inside+")", usage)
}

// nearClause checks a near clause's words and distance.
func (p *parser) nearClause(c Clause, dist, typed, usage string) (Clause, bool, error) {
	if !isDigits(dist) {
		return c, false, errAt(typed, c.Pos, " needs a distance, a number of words%s", usage)
	}
	fmt.Sscan(dist, &c.Distance)
	if len(dist) > 3 || c.Distance > maxNear {
		return c, false, errAt(typed, c.Pos, " asks for a distance over %d%s", maxNear, usage)
	}
	if strings.ContainsAny(c.Text, `*~"()`) {
		return c, false, errAt(typed, c.Pos, " takes plain words, without * ~ quotes or parentheses%s", usage)
	}
	if len(index.Terms(c.Text)) < 2 {
		return c, false, errAt(typed, c.Pos, " needs two words or more%s", usage)
	}
	return c, true, nil
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
		if p.i < len(p.r) && p.r[p.i] == '~' {
			// "words"~N: near.
			ds := p.i + 1
			for p.i++; p.i < len(p.r) && !unicode.IsSpace(p.r[p.i]) && !p.closing(); p.i++ {
			}
			c.Kind, c.Text = Near, strings.Join(strings.Fields(text), " ")
			return p.nearClause(c, string(p.r[ds:p.i]), string(p.r[start:p.i]), `: use "word word"~5`)
		}
		return c, strings.TrimSpace(text) != "", nil
	}
	wordStart := p.i
	for p.i < len(p.r) && !unicode.IsSpace(p.r[p.i]) && p.r[p.i] != '"' && !p.closing() {
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

// closing reports whether the parser stands on a ")" that closes a group:
// outside parentheses it is punctuation of the word.
func (p *parser) closing() bool { return p.depth > 0 && p.r[p.i] == ')' }

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
		for p.i < len(p.r) && !unicode.IsSpace(p.r[p.i]) && p.r[p.i] != '"' && !p.closing() {
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
