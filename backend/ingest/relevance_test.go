package ingest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

// relevanceFloor is the share of testdata/relevance.tsv's queries that must
// find their file in the top 5; below it, a change has made search worse.
// On 2026-12-08 65 of the 66 did (98%), mean reciprocal rank 0.877.
const relevanceFloor = 0.9

// TestRelevance runs the queries of testdata/relevance.tsv, written for
// this project over the shared corpus and the files of
// testdata/relevance (Dutch policies and lists): phrases, words spread
// over pages and sections, identifiers, misspellings, e-mails, OR and
// NEAR. It prints the share of queries whose file is in the top 5 and the
// mean reciprocal rank over the top 10, and the latency seen.
func TestRelevance(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.md")); err != nil {
		t.Skipf("the shared corpus is not at %s: skipping the relevance set, which searches it", corpus)
	}
	if testing.Short() {
		t.Skip("the relevance set imports the corpus, about a minute; skipped with -short")
	}
	rows := relevanceSet(t)
	e := newEnv(t)
	e.importPaths(t, context.Background(), corpus, filepath.Join("testdata", "relevance"))
	ctx := context.Background()

	// Every path a file was imported from, to its evidence.
	byPath := map[string]string{}
	err := e.h.ForEachEvidence(ctx, e.eng, func(ev audit.Evidence) error {
		_, provs, err := e.h.Evidence(ctx, e.eng, ev.ID)
		for _, p := range provs {
			byPath[p.Path] = ev.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	find := func(want string) string {
		for p, id := range byPath {
			if p == want || strings.HasSuffix(p, "/"+want) {
				return id
			}
		}
		return ""
	}

	var took []float64
	top5, mrr := relevance(rows, func(q, want, kind string) int {
		id := find(want)
		if id == "" {
			t.Errorf("%s, expected for %q, was not imported", want, q)
			return 0
		}
		start := time.Now()
		res, err := search.Search(ctx, e.ix, q, 0, 10)
		took = append(took, float64(time.Since(start).Microseconds())/1000)
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			return 0
		}
		rank := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.EvidenceID == id }) + 1
		switch {
		case rank == 0:
			t.Logf("miss (%s): %q does not find %s in the top 10 of %d", kind, q, want, res.Total)
		case rank > 5:
			t.Logf("low (%s): %q finds %s at %d", kind, q, want, rank)
		}
		return rank
	})
	slices.Sort(took)
	t.Logf("relevance: %d queries, %.0f%% find their file in the top 5, mean reciprocal rank %.3f; latency p50 %.1f ms, p95 %.1f ms, max %.1f ms",
		len(rows), 100*top5, mrr, took[len(took)/2], took[len(took)*95/100], took[len(took)-1])
	if top5 < relevanceFloor {
		t.Errorf("%.0f%% of the queries find their file in the top 5, below the floor of %.0f%%", 100*top5, 100*relevanceFloor)
	}
}

// relevance scores a search over the set: the share of queries whose
// file is in the top 5 and the mean reciprocal rank, given the rank (from
// 1; 0 for not found in the top 10) that rankOf finds for each.
func relevance(rows [][]string, rankOf func(q, want, kind string) int) (top5, mrr float64) {
	for _, row := range rows {
		if rank := rankOf(row[0], row[1], row[2]); rank > 0 {
			mrr += 1 / float64(rank)
			if rank <= 5 {
				top5++
			}
		}
	}
	n := float64(len(rows))
	return top5 / n, mrr / n
}

// relevanceSet reads testdata/relevance.tsv: query, expected file (its path
// in the corpus, or its name in testdata/relevance) and the kind of query,
// split at tabs only, since queries hold quotes as typed.
func relevanceSet(t testing.TB) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "relevance.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for i, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n")[1:] {
		row := strings.Split(l, "\t")
		if len(row) != 3 {
			t.Fatalf("testdata/relevance.tsv line %d has %d fields, want query, file and kind", i+2, len(row))
		}
		rows = append(rows, row)
	}
	if len(rows) < 60 {
		t.Fatalf("testdata/relevance.tsv has %d queries, want at least 60", len(rows))
	}
	return rows
}
