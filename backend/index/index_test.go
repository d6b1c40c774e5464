package index

import (
	"auditroom/backend/audit"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

func testKey(t testing.TB) []byte {
	t.Helper()
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// newIndex opens a new index in a temporary folder, returning the folder
// and key to reopen it with.
func newIndex(t testing.TB) (ix *Index, dir string, key []byte) {
	t.Helper()
	dir, key = filepath.Join(t.TempDir(), "index"), testKey(t)
	ix, rebuilt, err := Open(dir, key)
	if err != nil || rebuilt {
		t.Fatalf("Open new: %v rebuilt=%v", err, rebuilt)
	}
	return ix, dir, key
}

// match runs a Bleve query-string query over the text and lists the
// evidence IDs of the best documents, one per evidence file.
func match(t testing.TB, ix *Index, q string, limit int) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewQueryStringQuery(q), limit*4, 0, false)
	req.Fields = []string{fieldEvidence}
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	seen := map[string]bool{}
	var ids []string
	for _, h := range res.Hits {
		id, _ := h.Fields[fieldEvidence].(string)
		if !seen[id] && len(ids) < limit {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func TestEncryptedIndex(t *testing.T) {
	ix, dir, key := newIndex(t)
	secret := "Quarterly access review of the Zyxwvut payroll ledger"
	docs := []Doc{
		{EvidenceID: "aaa", Part: 0, Name: "review.pdf", Path: "q1/review.pdf", Type: "pdf", Place: audit.Part{Page: 1, Text: secret}},
		{EvidenceID: "bbb", Part: 0, Name: "accents.csv", Path: "accents.csv", Type: "csv", Place: audit.Part{Row: 1, Text: "Année fiscale, contrôles"}},
	}
	if err := ix.Add(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{`"access review"`, "aaa"},
		{"zyxwvut", "aaa"},
		{"reviews", "aaa"}, // stemmed
		{"annee", "bbb"},   // accent folded
		{"CONTROLES", "bbb"},
	} {
		if ids := match(t, ix, tc.q, 5); len(ids) == 0 || ids[0] != tc.want {
			t.Errorf("match(%q) = %v; want %s first", tc.q, ids, tc.want)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Nothing of the text is readable in any file of the index.
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, w := range []string{"Zyxwvut", "zyxwvut", "payroll", "Année", "fiscal"} {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("%s holds %q in plain text", p, w)
			}
		}
		return nil
	})

	// Reopened with its key it answers; with another key it cannot be read.
	ix, rebuilt, err := Open(dir, key)
	if err != nil || rebuilt {
		t.Fatalf("reopen: %v rebuilt=%v", err, rebuilt)
	}
	if ids := match(t, ix, "payroll", 5); len(ids) != 1 {
		t.Errorf("after reopen: %v", ids)
	}
	ix.Close()
}

// A batch is searchable when Add returns; its durable callback runs once it
// is on disk, and Flush returns only after every batch's has run. What was
// flushed is there after reopening.
func TestAddThenFlushIsDurable(t *testing.T) {
	ix, dir, key := newIndex(t)
	var durable atomic.Int32
	const batches = 5
	for i := range batches {
		d := Doc{EvidenceID: fmt.Sprintf("e%d", i), Name: "n.txt", Path: "n.txt", Place: audit.Part{Text: fmt.Sprintf("ledger%d", i)}}
		if err := ix.Add(context.Background(), []Doc{d}, func() { durable.Add(1) }); err != nil {
			t.Fatal(err)
		}
		if ids := match(t, ix, fmt.Sprintf("ledger%d", i), 5); len(ids) != 1 {
			t.Fatalf("batch %d not searchable after Add: %v", i, ids)
		}
	}
	if err := ix.Flush(); err != nil {
		t.Fatal(err)
	}
	if n := durable.Load(); n != batches {
		t.Fatalf("after Flush %d of %d batches reported durable", n, batches)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, _, err := Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != batches {
		t.Fatalf("after reopening: %d documents, %v; want %d", n, err, batches)
	}
}
