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
	must    []query.Query // every one must match the same page, row group or file
	should  []query.Query // raises the score of parts holding the words as a phrase
	filter  query.Query   // the filters, which do not score; nil for none
	mustNot []query.Query // excluded filters: they hold for every part of a file alike
	// exclude matches the text that -word and -"phrase" leave out. Text
	// differs from part to part, so it is applied per file: a file is left
	// out when any of its parts matches.
	exclude query.Query
	none    bool // the query matches nothing: it has only words of punctuation
}

// empty reports whether the plan asks for nothing at all.
func (p plan) empty() bool {
	return len(p.must) == 0 && p.filter == nil && len(p.mustNot) == 0 && p.exclude == nil && !p.none
}

func (q Query) plan() plan {
	var p plan
	var filters, excluded []Clause
	var positive int
	var words []string
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
		if tq := textQuery(c); tq != nil {
			p.must = append(p.must, tq)
			if c.Kind == Word {
				words = append(words, c.Text)
			}
		}
	}
	// Words of punctuation alone are dropped; a query of nothing else
	// matches nothing, rather than everything.
	p.none = positive > 0 && len(p.must) == 0 && len(filters) == 0 && len(p.mustNot) == 0 && len(excluded) == 0
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
		if tq := textQuery(c); tq != nil {
			ex = append(ex, tq)
		}
	}
	if len(ex) > 0 {
		p.exclude = or(ex...)
	}
	return p
}

// query is the plan as one Bleve query, with extra clauses that must
// match as well.
func (p plan) query(extra ...query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	if must := append(append([]query.Query{}, p.must...), extra...); len(must) > 0 {
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
