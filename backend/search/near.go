package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// nearQuery matches documents whose field holds every term within a
// window: at most distance other words between the first and the last, in
// any order. Bleve's phrase searcher keeps the order and has no slop
// option, so the terms are matched together and their positions checked.
type nearQuery struct {
	terms    []string // as the index holds them (index.Terms)
	field    string
	distance int
}

func (q *nearQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.IncludeTermVectors = true
	var each []bsearch.Searcher
	for _, t := range uniq(q.terms) {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, 1, options)
		if err != nil {
			for _, s := range each {
				s.Close()
			}
			return nil, err
		}
		each = append(each, s)
	}
	all, err := searcher.NewConjunctionSearcher(ctx, r, each, options)
	if err != nil {
		return nil, err
	}
	want := len(each)
	return searcher.NewFilteringSearcher(ctx, all, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		at := map[string][]int{}
		for _, l := range d.FieldTermLocations {
			if l.Field == q.field {
				at[l.Term] = append(at[l.Term], int(l.Location.Pos))
			}
		}
		return window(at, want, q.distance)
	}), nil
}

// window reports whether some stretch of positions holds all want terms
// with at most distance other positions in it: positions by term.
func window(at map[string][]int, want, distance int) bool {
	if len(at) < want {
		return false
	}
	width := distance + want - 1 // from the first term's position to the last's
	for _, starts := range at {
		for _, s := range starts {
			n := 0
			for _, ps := range at {
				for _, p := range ps {
					if p >= s && p <= s+width {
						n++
						break
					}
				}
			}
			if n == want {
				return true
			}
		}
	}
	return false
}

func uniq(terms []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
