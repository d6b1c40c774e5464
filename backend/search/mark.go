package search

import (
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"auditroom/backend/index"
)

// Marker finds where a query matches in a text, as the index matches it:
// words by their folded stems, phrases by word positions, prefixes and
// fuzzy terms against the indexed terms. The viewer marks these on a page,
// a row or a line. Filters and excluded clauses mark nothing.
type Marker struct {
	clauses []Clause
	terms   [][]index.Token // per clause: the clause's own terms, as the text analyzer makes them
}

// NewMarker parses a query for marking; bad syntax is the EINVALID error
// Parse gives.
func NewMarker(q string) (*Marker, error) {
	parsed, err := Parse(q)
	if err != nil {
		return nil, err
	}
	m := &Marker{}
	m.add(parsed.Clauses)
	return m, nil
}

// add takes the text clauses to mark, those of every alternative of an OR
// among them: the viewer marks whichever matched.
func (m *Marker) add(cs []Clause) {
	for _, c := range cs {
		switch {
		case c.Kind == Filter || c.Exclude:
		case c.Kind == Or:
			for _, alt := range c.Either {
				m.add(alt)
			}
		default:
			m.clauses = append(m.clauses, c)
			m.terms = append(m.terms, index.Tokens(c.Text))
		}
	}
}

// Empty reports whether the query has nothing to mark.
func (m *Marker) Empty() bool { return m == nil || len(m.clauses) == 0 }

// Marks returns the matched ranges of text as [start, end) offsets in
// runes, sorted and merged, like a Fragment's highlights.
func (m *Marker) Marks(text string) [][2]int {
	if m.Empty() || text == "" {
		return nil
	}
	toks := index.Tokens(text)
	if len(toks) == 0 {
		return nil
	}
	at := map[int][]int{} // position → tokens there
	for i, t := range toks {
		at[t.Position] = append(at[t.Position], i)
	}
	var spans []span
	mark := func(t index.Token) { spans = append(spans, span{start: t.Start, end: t.End}) }
	for i, c := range m.clauses {
		switch c.Kind {
		case Word:
			want := set(index.Terms(c.Text))
			for _, t := range toks {
				if want[t.Term] {
					mark(t)
				}
			}
		case Phrase:
			spans = append(spans, phraseSpans(toks, at, m.terms[i])...)
		case Near:
			spans = append(spans, nearSpans(toks, uniq(index.Terms(c.Text)), c.Distance)...)
		case Prefix:
			words := index.Words(c.Text)
			if len(words) == 0 {
				continue
			}
			head, last := words[:len(words)-1], words[len(words)-1]
			want := set(nil)
			for _, w := range head {
				for _, t := range index.Terms(w) {
					want[t] = true
				}
			}
			stem := ""
			if len([]rune(last)) < minPrefix {
				for _, t := range index.Terms(last) {
					want[t] = true
				}
				last = ""
			} else if s := index.Terms(last); len(s) == 1 {
				stem = s[0]
			}
			for _, t := range toks {
				if want[t.Term] || last != "" && (strings.HasPrefix(t.Term, last) || strings.HasPrefix(t.Word, last) || t.Term == stem) {
					mark(t)
				}
			}
		case Fuzzy:
			terms, words := index.Terms(c.Text), index.Words(c.Text)
			for _, t := range toks {
				for k, want := range terms {
					if near(t.Term, want, c.Fuzziness) || len(words) == len(terms) && near(t.Term, words[k], c.Fuzziness) {
						mark(t)
						break
					}
				}
			}
		}
	}
	out := make([][2]int, 0, len(spans))
	for _, s := range runeSpans(text, spans) {
		out = append(out, [2]int{s.start, s.end})
	}
	return out
}

// phraseSpans finds the phrase's terms at consecutive positions, as
// Bleve's phrase query does, each match marked from its first word to its
// last.
func phraseSpans(toks []index.Token, at map[int][]int, phrase []index.Token) []span {
	if len(phrase) == 0 {
		return nil
	}
	first := phrase[0].Position
	var out []span
	for _, start := range toks {
		if start.Term != phrase[0].Term {
			continue
		}
		end, ok := start.End, true
		for _, p := range phrase[1:] {
			found := false
			for _, j := range at[start.Position+p.Position-first] {
				if toks[j].Term == p.Term {
					end, found = max(end, toks[j].End), true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, span{start: start.Start, end: end})
		}
	}
	return out
}

// nearSpans marks each word of terms where all of them stand within the
// distance of each other, as nearQuery matches them.
func nearSpans(toks []index.Token, terms []string, distance int) []span {
	want := set(terms)
	width := distance + len(terms) - 1
	var out []span
	for i, start := range toks {
		if !want[start.Term] {
			continue
		}
		var in []index.Token
		found := map[string]bool{}
		for _, t := range toks[i:] {
			if t.Position > start.Position+width {
				break
			}
			if want[t.Term] {
				in = append(in, t)
				found[t.Term] = true
			}
		}
		if len(found) == len(terms) {
			for _, t := range in {
				out = append(out, span{start: t.Start, end: t.End})
			}
		}
	}
	return out
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// near reports whether a is within n edits of b, as a fuzzy query counts.
func near(a, b string, n int) bool {
	_, exceeded := bsearch.LevenshteinDistanceMax(a, b, n)
	return !exceeded
}
