package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"auditroom/backend/index"
	"auditroom/backend/pack"
)

// textFields are where a word, phrase, prefix or fuzzy term may match: the
// extracted text, the file name and its path in the pack. Every index
// document of a part carries its file's name and path too, so a query
// whose words are split between the name and a page still finds the page.
var textFields = []string{index.FieldText, index.FieldNameText, index.FieldPath}

// plan is a parsed query as Bleve queries.
type plan struct {
	// text is the query's text clauses as a tree, nil for none. Each
	// clause must match somewhere in a file, not all in one part: see
	// text.files.
	text    *expr
	should  []query.Query // raises the score of parts holding the words as a phrase
	filter  query.Query   // the filters, which do not score; nil for none
	mustNot []query.Query // excluded filters: they hold for every part of a file alike
	// exclude matches the text that -word and -"phrase" leave out. Text
	// differs from part to part, so it is applied per file: a file is left
	// out when any of its parts matches.
	exclude query.Query
	none    bool // the query matches nothing: it has only words of punctuation
}

// expr is a tree of text clauses: a clause's query over the text fields
// (leaf), or all or any of its children.
type expr struct {
	leaf query.Query
	any  bool
	kids []*expr
}

// empty reports whether the plan asks for nothing at all.
func (p plan) empty() bool {
	return p.text == nil && p.filter == nil && len(p.mustNot) == 0 && p.exclude == nil && !p.none
}

func (q Query) plan() plan {
	var p plan
	var filters, excluded []Clause
	var positive int
	var words []string
	var all []*expr
	for _, c := range q.Clauses {
		if c.Kind == Filter {
			if c.Exclude {
				p.mustNot = append(p.mustNot, filterQuery(c))
			} else {
				filters = append(filters, c)
			}
			continue
		}
		if c.Exclude {
			excluded = append(excluded, c)
			continue
		}
		positive++
		if e := textExpr(c); e != nil {
			all = append(all, e)
			if c.Kind == Word {
				words = append(words, c.Text)
			}
		}
	}
	p.text = combine(all, false)
	// Words of punctuation alone are dropped; a query of nothing else
	// matches nothing, rather than everything.
	p.none = positive > 0 && p.text == nil && len(filters) == 0 && len(p.mustNot) == 0 && len(excluded) == 0
	if len(words) > 1 {
		// Words typed together rank higher where they stand together.
		phrase := strings.Join(words, " ")
		for _, f := range textFields {
			m := bleve.NewMatchPhraseQuery(phrase)
			m.SetField(f)
			p.should = append(p.should, m)
		}
	}
	if len(filters) > 0 {
		names, byName := filterGroups(filters)
		var groups []query.Query
		for _, n := range names {
			var either []query.Query
			for _, c := range byName[n] {
				either = append(either, filterQuery(c))
			}
			if n == FilterAfter || n == FilterBefore {
				groups = append(groups, either...) // every bound holds
			} else {
				groups = append(groups, or(either...)) // any of the values
			}
		}
		p.filter = and(groups...)
	}
	var ex []query.Query
	for _, c := range excluded {
		if e := textExpr(c); e != nil {
			ex = append(ex, e.query())
		}
	}
	if len(ex) > 0 {
		p.exclude = or(ex...)
	}
	return p
}

// textExpr is a text clause as a tree, nil when it has no terms.
func textExpr(c Clause) *expr {
	if c.Kind != Or {
		if q := textQuery(c); q != nil {
			return &expr{leaf: q}
		}
		return nil
	}
	var alts []*expr
	for _, alt := range c.Either {
		var all []*expr
		for _, k := range alt {
			if e := textExpr(k); e != nil {
				all = append(all, e)
			}
		}
		if e := combine(all, false); e != nil {
			alts = append(alts, e)
		}
	}
	return combine(alts, true)
}

// combine is all (or any) of kids: nil for none, the one for one.
func combine(kids []*expr, any bool) *expr {
	switch len(kids) {
	case 0:
		return nil
	case 1:
		return kids[0]
	}
	return &expr{any: any, kids: kids}
}

// query is the tree as one query, matched by a single document: the whole
// of it in one part.
func (e *expr) query() query.Query {
	if e.leaf != nil {
		return e.leaf
	}
	qs := make([]query.Query, len(e.kids))
	for i, k := range e.kids {
		qs[i] = k.query()
	}
	if e.any {
		return or(qs...)
	}
	return and(qs...)
}

// leaves are the tree's clauses.
func (e *expr) leaves() []query.Query {
	if e.leaf != nil {
		return []query.Query{e.leaf}
	}
	var out []query.Query
	for _, k := range e.kids {
		out = append(out, k.leaves()...)
	}
	return out
}

// spread reports whether files may match the tree with no one part that
// does, its clauses on different pages: when it asks for all of two or
// more things somewhere.
func (e *expr) spread() bool {
	if e.leaf != nil {
		return false
	}
	if !e.any {
		return true
	}
	for _, k := range e.kids {
		if k.spread() {
			return true
		}
	}
	return false
}

// files are the files matching the tree anywhere: the files of each
// clause, found by the documents matching it (found), intersected for all
// and joined for any.
func (e *expr) files(found func(query.Query) (*index.Files, error)) (*index.Files, error) {
	if e.leaf != nil {
		return found(e.leaf)
	}
	var out *index.Files
	for _, k := range e.kids {
		fs, err := k.files(found)
		if err != nil {
			return nil, err
		}
		switch {
		case out == nil:
			out = fs
		case e.any:
			out = out.Or(fs)
		default:
			out = out.And(fs)
		}
	}
	return out, nil
}

// query is the plan as one Bleve query, in which one document must match
// the whole text tree, with extra clauses that must match as well.
func (p plan) query(extra ...query.Query) query.Query {
	var must []query.Query
	if p.text != nil {
		must = append(must, p.text.query())
	}
	return p.build(append(must, extra...))
}

// scattered is the plan as a query that any one of its text clauses
// matches, with the filters: for files whose clauses all match, on
// different parts, the parts holding the most of them score highest.
func (p plan) scattered() query.Query {
	return p.build([]query.Query{or(p.text.leaves()...)})
}

func (p plan) build(must []query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	if len(must) > 0 {
		b.AddMust(must...)
	}
	if len(p.should) > 0 && b.Must != nil {
		b.AddShould(p.should...)
	}
	if p.filter != nil {
		b.AddFilter(p.filter)
	}
	if len(p.mustNot) > 0 {
		b.AddMustNot(p.mustNot...)
	}
	if b.Must == nil && b.Filter == nil && b.MustNot == nil {
		return bleve.NewMatchAllQuery()
	}
	return b
}

// textQuery is a word, phrase, prefix or fuzzy clause over the text
// fields, or nil when it has no terms (punctuation only). Words and
// phrases go through the index's analyzer by way of match queries; prefix
// and fuzzy terms, which Bleve does not analyse, are folded here.
func textQuery(c Clause) query.Query {
	perField := func(build func(field string) query.Query) query.Query {
		var qs []query.Query
		for _, f := range textFields {
			qs = append(qs, build(f))
		}
		return or(qs...)
	}
	switch c.Kind {
	case Word:
		if len(index.Terms(c.Text)) == 0 {
			return nil
		}
		return perField(func(f string) query.Query {
			m := bleve.NewMatchQuery(c.Text)
			m.SetField(f)
			m.SetOperator(query.MatchQueryOperatorAnd)
			return m
		})
	case Phrase:
		if len(index.Terms(c.Text)) == 0 {
			return nil
		}
		return perField(func(f string) query.Query {
			m := bleve.NewMatchPhraseQuery(c.Text)
			m.SetField(f)
			return m
		})
	case Prefix:
		words := index.Words(c.Text)
		if len(words) == 0 {
			return nil
		}
		// "foo-ba*": foo as a word, then ba as a prefix.
		head, last := words[:len(words)-1], words[len(words)-1]
		return perField(func(f string) query.Query {
			var all []query.Query
			for _, w := range head {
				all = append(all, matchWord(w, f))
			}
			if len([]rune(last)) < minPrefix {
				all = append(all, matchWord(last, f))
				return and(all...)
			}
			p := bleve.NewPrefixQuery(last)
			p.SetField(f)
			either := []query.Query{p}
			// The index keeps stems: "controls*" must find "controls",
			// kept as "control".
			if stems := index.Terms(last); len(stems) == 1 && stems[0] != last {
				t := bleve.NewTermQuery(stems[0])
				t.SetField(f)
				either = append(either, t)
			}
			all = append(all, or(either...))
			return and(all...)
		})
	case Near:
		terms := index.Terms(c.Text)
		if len(terms) < 2 {
			return nil
		}
		return perField(func(f string) query.Query { return &nearQuery{terms: terms, field: f, distance: c.Distance} })
	case Fuzzy:
		// The index keeps stems, but a misspelt word may stem oddly
		// ("acces" to "acc"): each word is matched within the edits as
		// stemmed or as typed.
		terms, words := index.Terms(c.Text), index.Words(c.Text)
		if len(terms) == 0 {
			return nil
		}
		return perField(func(f string) query.Query {
			fuzzy := func(w string) query.Query {
				q := bleve.NewFuzzyQuery(w)
				q.SetField(f)
				q.SetFuzziness(c.Fuzziness)
				return q
			}
			var all []query.Query
			for i, t := range terms {
				either := []query.Query{fuzzy(t)}
				if len(words) == len(terms) && words[i] != t {
					either = append(either, fuzzy(words[i]))
				}
				all = append(all, or(either...))
			}
			return and(all...)
		})
	}
	return nil
}

// matchWord matches a word in field through the field's analyzer.
func matchWord(w, field string) query.Query {
	m := bleve.NewMatchQuery(w)
	m.SetField(field)
	m.SetOperator(query.MatchQueryOperatorAnd)
	return m
}

func filterQuery(c Clause) query.Query {
	exact := func(v, field string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	wild := func(v, field string) query.Query {
		for _, r := range v {
			if r == '*' || r == '?' {
				w := bleve.NewWildcardQuery(v)
				w.SetField(field)
				return w
			}
		}
		return exact(v, field)
	}
	yes := true
	switch c.Filter {
	case FilterType:
		return exact(c.Text, index.FieldType)
	case FilterControl:
		return exact(c.Text, index.FieldControls)
	case FilterRequest:
		// Requests found in folder names are kept as PREFIX-DIGITS
		// ("pbc_12" as "PBC-12"), those from a manifest as written.
		q := exact(c.Text, index.FieldRequests)
		if _, reqs := pack.IDsFromPath(c.Text); len(reqs) == 1 && reqs[0] != c.Text {
			return or(q, exact(reqs[0], index.FieldRequests))
		}
		return q
	case FilterStatus:
		return exact(c.Text, index.FieldStatus)
	case FilterYear:
		return exact(c.Text, index.FieldYear)
	case FilterPack:
		return wild(c.Text, index.FieldPack)
	case FilterName:
		return wild(index.Fold(c.Text), index.FieldName)
	case FilterAfter, FilterBefore:
		from, to, _ := dateRange(c.Text) // Parse checked it
		var q *query.DateRangeQuery
		if c.Filter == FilterAfter {
			q = bleve.NewDateRangeInclusiveQuery(from, time.Time{}, &yes, &yes)
		} else {
			q = bleve.NewDateRangeInclusiveQuery(time.Time{}, to, &yes, &yes)
		}
		q.SetField(index.FieldAsOf)
		return q
	}
	return bleve.NewMatchNoneQuery()
}

func or(qs ...query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func and(qs ...query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}
