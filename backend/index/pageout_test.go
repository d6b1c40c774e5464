package index

import (
	"auditroom/backend/audit"
	"context"
	"fmt"
	"strings"
	"testing"

	"auditroom/backend/pageout"
)

// Every pageOutEvery bytes of text added, the index gives the kernel back
// its pages of segment files, which Bleve reads through memory maps: the
// pages a search and the merges made resident leave, and the documents
// are still found.
func TestAddGivesBackSegmentPages(t *testing.T) {
	defer func(n int64) { pageOutEvery = n }(pageOutEvery)
	pageOutEvery = 1 << 20
	ix, dir, _ := newIndex(t)
	defer ix.Close()
	ctx := context.Background()
	batch := func(b int) []Doc {
		var docs []Doc
		for i := range 250 {
			text := fmt.Sprintf("numbat walkthrough %d of batch %d ", i, b) + strings.Repeat(fmt.Sprintf("access review term%d ", i*7+b), 200)
			docs = append(docs, Doc{EvidenceID: fmt.Sprintf("ev-%d-%d", b, i), Path: "pack/file.txt", Place: audit.Part{Text: text}})
		}
		return docs
	}
	for b := range 4 {
		if err := ix.Add(ctx, batch(b), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := match(t, ix, "numbat", 2000); len(got) != 1000 {
		t.Fatalf("found %d files before the page-out, want 1000", len(got))
	}
	before, err := pageout.Resident(dir, ".zap")
	if err != nil {
		t.Skip(err)
	}
	if before < 1<<20 {
		t.Fatalf("only %d KB of segments resident after a search", before>>10)
	}
	if err := ix.Add(ctx, batch(4), nil); err != nil {
		t.Fatal(err)
	}
	after, _ := pageout.Resident(dir, ".zap")
	// Merges drop some segments meanwhile, and their pages with them: a
	// quarter of these stayed without the page-out.
	if after > before/8 {
		t.Errorf("segments resident: %d KB before the add, %d KB after; want nearly all given back", before>>10, after>>10)
	}
	if got := match(t, ix, "numbat", 2000); len(got) != 1250 {
		t.Errorf("found %d files after the page-out, want 1250", len(got))
	}
}
