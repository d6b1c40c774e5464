package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// corpus is the shared collection of real-world files, beside the repository.
const corpus = "../../../shared/corpus"

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
	hits, err := e.ix.Match(context.Background(), `"Trace-based Just-in-Time Type Specialization"`, 5)
	found := false
	for _, h := range hits {
		ev, _, _ := e.h.Evidence(context.Background(), e.eng, h.EvidenceID)
		found = found || ev.Name == "tracemonkey.pdf"
	}
	if err != nil || !found {
		t.Errorf("the tracemonkey paper is not among the hits for its title: %v %v", hits, err)
	}
	v, err := e.h.Verify(context.Background(), e.eng, nil)
	if err != nil || !v.Intact {
		t.Errorf("trail after the corpus import: %+v %v", v, err)
	}
	e.ix.Close()
	e.h.Close()
	noPlainText(t, e.dir, "Trace-based Just-in-Time", "Technology Acceptance Model", "Explicit is better than implicit")
}
