package index

import (
	"auditroom/backend/audit"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestSearchFilesCountsByFile checks the per-segment file tables against
// Bleve's own facets, over an index of many segments in which some files
// were indexed again with other controls and dates (so older segments hold
// deleted documents), before and after the index is reopened from disk.
func TestSearchFilesCountsByFile(t *testing.T) {
	ix, dir, key := newIndex(t)
	defer func() { ix.Close() }()
	rng := rand.New(rand.NewPCG(7, 8))
	words := strings.Fields("access review change ticket backup restore vendor risk policy firewall")
	file := func(i, version int) []Doc {
		ev := fmt.Sprintf("ev%04d", i)
		common := Doc{EvidenceID: ev, Name: ev + ".pdf", Path: "pack/" + ev, Pack: "p", Type: []string{"pdf", "csv", "log"}[i%3],
			AsOf:     time.Date(2024+rng.IntN(3)+version, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC),
			Controls: []string{fmt.Sprintf("CC%d.%d", 6+version, 1+rng.IntN(3))}}
		if rng.IntN(3) == 0 {
			common.Controls = append(common.Controls, "CC8.1")
		}
		if rng.IntN(2) == 0 {
			common.Requests = []string{fmt.Sprintf("PBC-%d", rng.IntN(4))}
		}
		docs := []Doc{common}
		docs[0].Part = -1
		for p := range 1 + i%3 { // the same parts each time, as when a file is indexed again
			d := common
			d.Part, d.Place.Page = p, p+1
			var text []string
			for range 8 {
				text = append(text, words[rng.IntN(len(words))])
			}
			d.Place.Text = strings.Join(text, " ")
			docs = append(docs, d)
		}
		return docs
	}
	for batch := range 8 {
		var docs []Doc
		for i := batch * 40; i < (batch+1)*40; i++ {
			docs = append(docs, file(i, 0)...)
		}
		if err := ix.Add(context.Background(), docs, nil); err != nil {
			t.Fatal(err)
		}
		// Each batch its own file, so that later ones delete from earlier.
		if err := ix.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	var again []Doc
	for i := 0; i < 320; i += 7 {
		again = append(again, file(i, 1)...)
	}
	if err := ix.Add(context.Background(), again, nil); err != nil {
		t.Fatal(err)
	}

	compare := func(stage string) {
		for _, q := range []string{"access", "vendor risk", "firewall backup", "nothingmatches"} {
			mq := bleve.NewMatchQuery(q)
			mq.SetField(FieldText)
			mq.SetOperator(query.MatchQueryOperatorAnd)
			res, files, err := ix.SearchFiles(context.Background(), bleve.NewSearchRequestOptions(mq, 10, 0, false), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			wantParts, wantFacets := bruteForce(t, ix, mq)
			if files.Len() != len(wantParts) || files.Docs() != res.Total {
				t.Errorf("%s %q: %d files, %d documents; want %d files, %d documents", stage, q, files.Len(), files.Docs(), len(wantParts), res.Total)
			}
			for id, n := range wantParts {
				if got := files.Parts(id); got != n {
					t.Errorf("%s %q: file %s has %d matching parts, want %d", stage, q, id, got, n)
				}
			}
			got := files.Facets()
			for _, f := range facetFields {
				if fmt.Sprint(got[f]) != fmt.Sprint(wantFacets[f]) {
					t.Errorf("%s %q facet %s:\n got %v\nwant %v", stage, q, f, got[f], wantFacets[f])
				}
			}
		}
		// Leaving out the files that mention backup leaves those that do not.
		backup := bleve.NewTermQuery("backup")
		backup.SetField(FieldText)
		_, skip, err := ix.SearchFiles(context.Background(), bleve.NewSearchRequestOptions(backup, 0, 0, false), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		access := bleve.NewTermQuery("access")
		access.SetField(FieldText)
		res, files, err := ix.SearchFiles(context.Background(), bleve.NewSearchRequestOptions(access, 1000, 0, false), nil, skip)
		if err != nil {
			t.Fatal(err)
		}
		both := bleve.NewBooleanQuery()
		both.AddMust(access)
		bothFiles, _ := bruteForce(t, ix, both)
		withBackup, _ := bruteForce(t, ix, backup)
		want := 0
		for id := range bothFiles {
			if _, ok := withBackup[id]; !ok {
				want++
			}
		}
		if files.Len() != want || files.Len() == 0 {
			t.Errorf("%s: %d files with access and without backup, want %d (>0)", stage, files.Len(), want)
		}
		for _, h := range res.Hits {
			id, _, _ := strings.Cut(h.ID, "/")
			if _, ok := withBackup[id]; ok {
				t.Errorf("%s: hit %s is of a file left out", stage, h.ID)
			}
		}
	}
	compare("in memory")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	var err error
	if ix, _, err = Open(dir, key); err != nil {
		t.Fatal(err)
	}
	compare("reopened")
}

// bruteForce counts q's matches by file with Bleve's facets: a facet on
// the evidence ID over the matches, then facets over the matching files'
// own documents.
func bruteForce(t *testing.T, ix *Index, q query.Query) (parts map[string]int, facets map[string]map[string]int) {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(FieldEvidence, bleve.NewFacetRequest(FieldEvidence, math.MaxInt32))
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	parts = map[string]int{}
	var fileDocs []string
	for _, term := range res.Facets[FieldEvidence].Terms.Terms() {
		parts[term.Term] = term.Count
		fileDocs = append(fileDocs, term.Term+"/-1")
	}
	facets = map[string]map[string]int{}
	for _, f := range facetFields {
		facets[f] = map[string]int{}
	}
	if len(fileDocs) == 0 {
		return parts, facets
	}
	req = bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(fileDocs), 0, 0, false)
	for _, f := range facetFields {
		req.AddFacet(f, bleve.NewFacetRequest(f, math.MaxInt32))
	}
	if res, err = ix.Search(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	for _, f := range facetFields {
		for _, term := range res.Facets[f].Terms.Terms() {
			facets[f][term.Term] = term.Count
		}
	}
	return parts, facets
}

// Searches while documents are being added (new segments, merges) count
// every file they see once, and the last search counts every file.
func TestSearchFilesWhileIndexing(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"), testKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const batches, perBatch = 20, 25
	done := make(chan error, 1)
	go func() {
		for b := range batches {
			var docs []Doc
			for i := range perBatch {
				ev := fmt.Sprintf("ev%03d-%02d", b, i)
				docs = append(docs, Doc{EvidenceID: ev, Part: -1, Name: ev, Type: "log"},
					Doc{EvidenceID: ev, Part: 0, Name: ev, Type: "log", Place: audit.Part{Text: "firewall rule change"}},
					Doc{EvidenceID: ev, Part: 1, Name: ev, Type: "log", Place: audit.Part{Text: "firewall review"}})
			}
			if err := ix.Add(context.Background(), docs, nil); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	q := bleve.NewTermQuery("firewal") // stemmed
	q.SetField(FieldText)
	search := func() *Files {
		_, files, err := ix.SearchFiles(context.Background(), bleve.NewSearchRequestOptions(q, 10, 0, false), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		if f := search(); f.Docs() != uint64(2*f.Len()) || f.Len()%perBatch != 0 {
			t.Fatalf("a search counted %d documents of %d files, want two a file in whole batches", f.Docs(), f.Len())
		}
	}
	if f := search(); f.Len() != batches*perBatch || f.Facets()[FieldType]["log"] != batches*perBatch {
		t.Fatalf("after indexing: %d files, facets %v", f.Len(), f.Facets())
	}
}
