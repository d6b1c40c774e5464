package search

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"auditroom/backend/audit"
	"auditroom/backend/index"
)

// Results is one page of hits, one per evidence file, best first.
type Results struct {
	Total  int     `json:"total"` // evidence files matching, on all pages
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
	Took   float64 `json:"took_ms"` // milliseconds
}

// Hit is an evidence file that matched, shown by its best part: the page,
// row group or lines that scored highest, or the file itself (Part -1)
// when only its name, path or filters matched.
type Hit struct {
	EvidenceID string  `json:"evidence_id"`
	Part       int     `json:"part"` // index of the best part in the evidence's parts; -1 for the file itself
	Name       string  `json:"name"`
	Path       string  `json:"path"` // inside the pack
	Pack       string  `json:"pack"`
	Type       string  `json:"type"`
	AsOf       string  `json:"as_of,omitempty"` // YYYY-MM-DD
	Score      float64 `json:"score"`           // Bleve's BM25 score of the best part
	// The place of the first match in the best part: its page, sheet and
	// row, line, record or e-mail section, and the attachment it is.
	audit.Locator
	Fragments []Fragment `json:"fragments"` // of the text, else of the name or path
}

// Facets count the matching evidence files by type, control, request and
// year of their as-of date; each file counts once in each value it has.
type Facets struct {
	Type    []FacetValue `json:"type"`
	Control []FacetValue `json:"control"`
	Request []FacetValue `json:"request"`
	Year    []FacetValue `json:"year"`
}

// FacetValue is one value of a facet and how many files have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Limits of a page.
const (
	DefaultLimit = 20
	MaxLimit     = 500
	facetSize    = 200     // values per facet
	maxRaw       = 1 << 20 // raw hits asked for at most
	maxTies      = 1 << 12 // raw hits asked for at most to complete a tie
)

// Search runs a reviewer's query (see Parse) on an engagement index and
// returns the hits from offset, at most limit of them. A cancelled ctx
// stops it with an audit.ECANCELED error; bad syntax is audit.EINVALID.
//
// The index holds a document per part of a file (page, row group, lines)
// and one for the file itself, so a query matches parts; hits are grouped
// by file, each shown by its best part and ranked by that part's score.
// Paging is over the grouped hits: Bleve is asked for the best raw hits,
// enough of them for offset+limit files (four parts a file to begin with),
// and asked again for four times as many while the files fall short and
// more raw hits remain. The total and the facets count files, not parts,
// as the index counts every match by file (index.SearchFiles).
func Search(ctx context.Context, ix *index.Index, q string, offset, limit int) (Results, error) {
	start := time.Now()
	parsed, err := Parse(q)
	if err != nil {
		return Results{}, err
	}
	res, err := run(ctx, ix, parsed, offset, limit)
	res.Took = float64(time.Since(start).Microseconds()) / 1000
	return res, err
}

func emptyResults() Results {
	return Results{Hits: []Hit{}, Facets: Facets{Type: []FacetValue{}, Control: []FacetValue{}, Request: []FacetValue{}, Year: []FacetValue{}}}
}

func run(ctx context.Context, ix *index.Index, q Query, offset, limit int) (Results, error) {
	out := emptyResults()
	if err := ctx.Err(); err != nil {
		return out, audit.Wrap(audit.ECANCELED, err, "search canceled")
	}
	offset = max0(offset)
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	p := q.plan()
	if p.empty() || p.none {
		return out, nil
	}
	need := offset + limit

	// Files left out by -word and -"phrase".
	var excluded *index.Files
	if p.exclude != nil {
		var err error
		if _, excluded, err = ix.SearchFiles(ctx, bleve.NewSearchRequestOptions(p.exclude, 0, 0, false), nil, nil); err != nil {
			return out, err
		}
	}

	if p.text == nil {
		// Filters alone hold for a file's every part alike: the file's own
		// document stands for it.
		r, err := rank(ctx, ix, p.query(filesOnly()), nil, excluded, need)
		if err != nil {
			return out, err
		}
		return r.results(ctx, ix, offset, need)
	}

	// Files with the whole query in one part come first, ranked by that
	// part.
	together, err := rank(ctx, ix, p.query(), nil, excluded, need)
	if err != nil || !p.text.spread() {
		if err != nil {
			return out, err
		}
		return together.results(ctx, ix, offset, need)
	}
	// Then the files holding every clause on parts of their own, each shown
	// by the part holding the most of them.
	anywhere, err := p.text.files(func(leaf query.Query) (*index.Files, error) {
		_, fs, err := ix.SearchFiles(ctx, bleve.NewSearchRequestOptions(leaf, 0, 0, false), nil, excluded)
		return fs, err
	})
	if err != nil {
		return out, err
	}
	rest := anywhere.Without(together.files)
	if rest.Len() == 0 {
		return together.results(ctx, ix, offset, need)
	}
	spread, err := rank(ctx, ix, p.scattered(), rest, nil, max0(need-len(together.best)))
	if err != nil {
		return out, err
	}
	return together.then(spread).results(ctx, ix, offset, need)
}

// ranking is the best part of each file matching a query, best first, the
// files matching it, their number and facet counts, and the query that
// found each part, which describe asks again for the parts shown.
type ranking struct {
	best  []*bsearch.DocumentMatch
	files *index.Files
	total int
	facet []map[string]map[string]int
	// from says which query found each of best: where the rankings of
	// several queries follow each other, best[i] is of queries[from[i]].
	queries []query.Query
	from    []int
}

// rank finds the best part of at least need files matching q, within only
// and outside skip (either may be nil). Paging is over the grouped hits:
// Bleve is asked for the best raw hits, enough of them for need files
// (four parts a file to begin with), and asked again for four times as
// many while the files fall short and more raw hits remain.
func rank(ctx context.Context, ix *index.Index, q query.Query, only, skip *index.Files, need int) (*ranking, error) {
	size := min(max(64, need*4), maxRaw)
	if need == 0 {
		size = 0 // the files only, for the total and facets
	}
	for {
		res, files, err := ix.SearchFiles(ctx, bleve.NewSearchRequestOptions(q, size, 0, false), only, skip)
		if err != nil {
			return nil, err
		}
		var last float64 // the lowest score among the raw hits
		if n := len(res.Hits); n > 0 {
			last = res.Hits[n-1].Score
		}
		more := uint64(len(res.Hits)) < files.Docs()
		best := group(res.Hits, files, last, more)
		switch {
		case !more || need == 0:
		case len(best) < need:
			if size < maxRaw {
				size *= 4
				continue
			}
			// A page deep into files of very many matching parts comes
			// out short rather than slow.
		case best[need-1].Score == last && size < maxTies:
			// Files tying with the last one shown may lie beyond the raw
			// hits: fetch them, so that the tie is ordered alike on
			// every page.
			size *= 4
			continue
		}
		r := &ranking{best: best, files: files, total: files.Len(), facet: []map[string]map[string]int{files.Facets()},
			queries: []query.Query{q}, from: make([]int, len(best))}
		return r, nil
	}
}

// then is r followed by the files of next, which are none of r's.
func (r *ranking) then(next *ranking) *ranking {
	out := *r
	out.best = append(append([]*bsearch.DocumentMatch{}, r.best...), next.best...)
	out.total += next.total
	out.facet = append(append([]map[string]map[string]int{}, r.facet...), next.facet...)
	out.queries = append(append([]query.Query{}, r.queries...), next.queries...)
	out.from = append(append([]int{}, r.from...), make([]int, len(next.best))...)
	for i := len(r.best); i < len(out.from); i++ {
		out.from[i] = len(r.queries) + next.from[i-len(r.best)]
	}
	return &out
}

// results are the hits from offset to need, with the total and facets.
func (r *ranking) results(ctx context.Context, ix *index.Index, offset, need int) (Results, error) {
	out := emptyResults()
	out.Total = r.total
	if out.Total == 0 {
		return out, nil
	}
	out.Facets = facetsOf(r.facet...)
	if offset >= len(r.best) {
		return out, nil
	}
	end := min(len(r.best), need)
	hits := make([]Hit, 0, end-offset)
	// Each run of hits found by one query is described by that query.
	for i := offset; i < end; {
		j := i
		for j < end && r.from[j] == r.from[i] {
			j++
		}
		hs, err := describe(ctx, ix, r.queries[r.from[i]], r.best[i:j])
		if err != nil {
			return out, err
		}
		hits = append(hits, hs...)
		i = j
	}
	out.Hits = hits
	return out, nil
}

// group keeps the best raw hit of each file, best first. Files whose best
// parts score the same (copies of one paper, say) rank by how many of
// their parts match, then by ID; but a tie with the lowest raw score,
// which may go on beyond the raw hits (more), stays in Bleve's order,
// which is the same however many raw hits are asked for. So a file keeps
// its rank from page to page.
func group(raw bsearch.DocumentMatchCollection, files *index.Files, last float64, more bool) []*bsearch.DocumentMatch {
	at := map[string]int{} // index in best, by evidence
	var best []*bsearch.DocumentMatch
	parts := map[string]int{}
	for _, h := range raw {
		id, part := splitID(h.ID)
		i, ok := at[id]
		if !ok {
			at[id] = len(best)
			best = append(best, h)
			parts[id] = files.Parts(id)
			continue
		}
		// Of parts scoring the same, the first in the file.
		if _, p := splitID(best[i].ID); h.Score == best[i].Score && part < p {
			best[i] = h
		}
	}
	sort.SliceStable(best, func(i, j int) bool {
		a, b := best[i], best[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if more && a.Score == last {
			return false // Bleve's order
		}
		ia, _ := splitID(a.ID)
		ib, _ := splitID(b.ID)
		if parts[ia] != parts[ib] {
			return parts[ia] > parts[ib]
		}
		return ia < ib
	})
	return best
}

// filesOnly matches the documents of files themselves (Part -1).
func filesOnly() query.Query {
	minus, yes := -1.0, true
	q := bleve.NewNumericRangeInclusiveQuery(&minus, &minus, &yes, &yes)
	q.SetField(index.FieldPart)
	return q
}

// splitID splits an index document ID, evidence/part or, for the second
// and later chunks of a long part, evidence/part.chunk.
func splitID(docID string) (evidence string, part int) {
	i := strings.LastIndexByte(docID, '/')
	if i < 0 {
		return docID, -1
	}
	p, _, _ := strings.Cut(docID[i+1:], ".")
	part, err := strconv.Atoi(p)
	if err != nil {
		part = -1
	}
	return docID[:i], part
}

// facetsOf lists the matching files' counts by type, control, request
// and year, adding up those of sets of files with none in common.
func facetsOf(sets ...map[string]map[string]int) Facets {
	values := func(field string, byValue bool) []FacetValue {
		sum := map[string]int{}
		for _, counts := range sets {
			for v, n := range counts[field] {
				sum[v] += n
			}
		}
		out := []FacetValue{}
		for v, n := range sum {
			out = append(out, FacetValue{Value: v, Count: n})
		}
		sort.Slice(out, func(i, j int) bool {
			if byValue {
				return out[i].Value > out[j].Value
			}
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Value < out[j].Value
		})
		return out[:min(len(out), facetSize)]
	}
	return Facets{
		Type:    values(index.FieldType, false),
		Control: values(index.FieldControls, false),
		Request: values(index.FieldRequests, false),
		Year:    values(index.FieldYear, true), // newest first
	}
}

// describe loads what a page of hits shows: the stored fields of each
// best part and the locations of the matched terms for the fragments. It
// asks again for only those parts, so locations are gathered for a page of
// hits rather than for every match.
func describe(ctx context.Context, ix *index.Index, q query.Query, page []*bsearch.DocumentMatch) ([]Hit, error) {
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(and(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.IncludeLocations = true
	req.Fields = []string{index.FieldNameText, index.FieldPath, index.FieldPack, index.FieldType, index.FieldAsOf,
		index.FieldPage, index.FieldSheet, index.FieldRow, index.FieldLine, index.FieldRecord, index.FieldSection,
		index.FieldAttachment, index.FieldMarks, index.FieldText}
	res, err := ix.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	byID := map[string]*bsearch.DocumentMatch{}
	for _, d := range res.Hits {
		byID[d.ID] = d
	}
	hits := make([]Hit, 0, len(page))
	for _, h := range page {
		id, part := splitID(h.ID)
		hit := Hit{EvidenceID: id, Part: part, Score: h.Score, Fragments: []Fragment{}}
		if d := byID[h.ID]; d != nil {
			fill(&hit, d)
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

// cite is the place a hit names: of the rows, lines or records its terms
// matched in, the one holding the most different terms, the first of
// those; so "CHG-1059" names the row of that ticket, not the first row
// holding "CHG". The part's start when the text did not match.
func cite(p audit.Part, terms bsearch.TermLocationMap) audit.Locator {
	type place struct {
		terms map[string]bool
		first int
	}
	places := map[audit.Locator]*place{}
	for term, locs := range terms {
		for _, l := range locs {
			at := p.Locate(int(l.Start))
			pl := places[at]
			if pl == nil {
				pl = &place{terms: map[string]bool{}, first: int(l.Start)}
				places[at] = pl
			}
			pl.terms[term] = true
			pl.first = min(pl.first, int(l.Start))
		}
	}
	best, bestAt := p.Locate(0), (*place)(nil)
	for at, pl := range places {
		if bestAt == nil || len(pl.terms) > len(bestAt.terms) || (len(pl.terms) == len(bestAt.terms) && pl.first < bestAt.first) {
			best, bestAt = at, pl
		}
	}
	return best
}

// fill sets a hit's fields and fragments from its stored document.
func fill(h *Hit, d *bsearch.DocumentMatch) {
	str := func(f string) string { s, _ := d.Fields[f].(string); return s }
	num := func(f string) int { n, _ := d.Fields[f].(float64); return int(n) }
	h.Name, h.Path, h.Pack, h.Type = str(index.FieldNameText), str(index.FieldPath), str(index.FieldPack), str(index.FieldType)
	place := audit.Part{Page: num(index.FieldPage), Sheet: str(index.FieldSheet), Row: num(index.FieldRow),
		Line: num(index.FieldLine), Record: num(index.FieldRecord), Section: str(index.FieldSection),
		Text: str(index.FieldText), Marks: index.DecodeMarks(str(index.FieldMarks))}
	h.Locator = cite(place, d.Locations[index.FieldText])
	h.Attachment = str(index.FieldAttachment)
	if t, err := time.Parse(time.RFC3339, str(index.FieldAsOf)); err == nil {
		h.AsOf = t.UTC().Format(time.DateOnly)
	}
	for _, f := range []struct {
		field string
		max   int
		width int
	}{
		{index.FieldText, maxFragments, fragmentWidth},
		{index.FieldNameText, 1, 0},
		{index.FieldPath, 1, 0},
	} {
		var spans []span
		for term, locs := range d.Locations[f.field] {
			for _, l := range locs {
				spans = append(spans, span{start: int(l.Start), end: int(l.End), term: term})
			}
		}
		if frags := fragments(str(f.field), spans, f.max, f.width); len(frags) > 0 {
			h.Fragments = frags
			return
		}
	}
}
