package ingest

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/search"
)

// corpus is the shared collection of real-world files, beside the
// repository, or where $AUDITROOM_CORPUS says (for a checkout elsewhere).
var corpus = cmp.Or(os.Getenv("AUDITROOM_CORPUS"), "../../../shared/corpus")

// TestImportCorpus imports the whole shared corpus: nothing may crash, every
// file must end up stored or listed as failed with a reason, and none of its
// text may be readable on disk afterwards.
func TestImportCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.md")); err != nil {
		t.Skipf("the shared corpus is not at %s: skipping the corpus import", corpus)
	}
	if testing.Short() {
		t.Skip("the corpus import takes about a minute; skipped with -short")
	}
	e := newEnv(t)
	sum := e.importPaths(t, context.Background(), corpus)
	t.Logf("corpus: %d files, %d MB, %d imported, %d duplicates, %d failed, %d not extracted, %d encrypted in %.1f s",
		sum.FilesTotal, sum.BytesTotal>>20, sum.Imported, sum.Duplicates, len(sum.Failed), len(sum.NotExtracted), len(sum.Encrypted), sum.ElapsedS)

	// Every file on disk is in the store under its path, or failed with a reason.
	stored := map[string]bool{}
	err := e.h.ForEachEvidence(context.Background(), e.eng, func(ev audit.Evidence) error {
		_, provs, err := e.h.Evidence(context.Background(), e.eng, ev.ID)
		for _, p := range provs {
			stored[p.Path] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]string{}
	for _, p := range sum.Failed {
		if p.Reason == "" {
			t.Errorf("%s failed without a reason", p.Path)
		}
		failed[strings.TrimPrefix(p.Path, "corpus/")] = p.Reason
	}
	for _, l := range [][]Problem{sum.NotExtracted, sum.Encrypted} {
		for _, p := range l {
			if p.Reason == "" {
				t.Errorf("%s has no reason", p.Path)
			}
		}
	}
	var files int
	filepath.Walk(corpus, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(corpus, p)
		rel = filepath.ToSlash(rel)
		if !stored[rel] && failed[rel] == "" {
			t.Errorf("%s was neither stored nor reported as failed", rel)
		}
		return nil
	})
	if sum.FilesTotal < files {
		t.Errorf("the import counted %d files, the corpus has %d on disk", sum.FilesTotal, files)
	}

	// queries.tsv quotes the title too, so the paper is one of the hits.
	// Six other pdf.js samples are copies of the paper, which rank the same
	// for its title: ask for room for all of them.
	ids := e.found(t, `"Trace-based Just-in-Time Type Specialization"`, 10)
	found := false
	for _, id := range ids {
		ev, _, _ := e.h.Evidence(context.Background(), e.eng, id)
		found = found || ev.Name == "tracemonkey.pdf"
	}
	if !found {
		t.Errorf("the tracemonkey paper is not among the hits for its title: %v", ids)
	}
	corpusQueries(t, e)

	v, err := e.h.Verify(context.Background(), e.eng, nil)
	if err != nil || !v.Intact {
		t.Errorf("trail after the corpus import: %+v %v", v, err)
	}
	e.ix.Close()
	e.h.Close()
	noPlainText(t, e.dir, "Trace-based Just-in-Time", "Technology Acceptance Model", "Explicit is better than implicit")
}

// corpusQueries runs every query of the corpus's queries.tsv and checks
// that its expected file, by path in the corpus, is among the top 5 hits.
func corpusQueries(t *testing.T, e *env) {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "queries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("queries.tsv: %v", err)
	}
	ctx := context.Background()
	var passed, total int
	for i, row := range rows {
		if i == 0 || len(row) < 2 || strings.TrimSpace(row[0]) == "" {
			continue // the header
		}
		q, want := row[0], row[1]
		total++
		res, err := search.Search(ctx, e.ix, q, 0, 5)
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			continue
		}
		var got []string
		found := false
		for _, h := range res.Hits {
			_, provs, _ := e.h.Evidence(ctx, e.eng, h.EvidenceID)
			paths := []string{h.Path}
			for _, p := range provs {
				paths = append(paths, p.Path)
			}
			for _, p := range paths {
				found = found || p == want
			}
			got = append(got, fmt.Sprintf("%s (%.3f)", paths[len(paths)-1], h.Score))
		}
		if !found {
			t.Errorf("search %q: %s is not in the top 5 of %d; got:\n\t%s", q, want, res.Total, strings.Join(got, "\n\t"))
			continue
		}
		passed++
	}
	t.Logf("corpus queries: %d of %d find their file in the top 5", passed, total)
}
