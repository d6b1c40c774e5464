package index

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

func testKey(t testing.TB) []byte {
	t.Helper()
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

func TestEncryptedIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	key := testKey(t)
	ix, rebuilt, err := Open(dir, key)
	if err != nil || rebuilt {
		t.Fatalf("Open new: %v rebuilt=%v", err, rebuilt)
	}
	secret := "Quarterly access review of the Zyxwvut payroll ledger"
	docs := []Doc{
		{EvidenceID: "aaa", Part: 0, Name: "review.pdf", Path: "q1/review.pdf", Type: "pdf", Page: 1, Text: secret},
		{EvidenceID: "bbb", Part: 0, Name: "accents.csv", Path: "accents.csv", Type: "csv", Row: 1, Text: "Année fiscale, contrôles"},
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
		hits, err := ix.Match(context.Background(), tc.q, 5)
		if err != nil || len(hits) == 0 || hits[0].EvidenceID != tc.want {
			t.Errorf("Match(%q) = %v, %v; want %s first", tc.q, hits, err, tc.want)
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
	ix, rebuilt, err = Open(dir, key)
	if err != nil || rebuilt {
		t.Fatalf("reopen: %v rebuilt=%v", err, rebuilt)
	}
	if hits, err := ix.Match(context.Background(), "payroll", 5); err != nil || len(hits) != 1 {
		t.Errorf("after reopen: %v %v", hits, err)
	}
	ix.Close()
}

// A batch is searchable when Add returns; its durable callback runs once it
// is on disk, and Flush returns only after every batch's has run. What was
// flushed is there after reopening.
func TestAddThenFlushIsDurable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	key := testKey(t)
	ix, _, err := Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	var durable atomic.Int32
	const batches = 5
	for i := range batches {
		d := Doc{EvidenceID: fmt.Sprintf("e%d", i), Name: "n.txt", Path: "n.txt", Text: fmt.Sprintf("ledger%d", i)}
		if err := ix.Add(context.Background(), []Doc{d}, func() { durable.Add(1) }); err != nil {
			t.Fatal(err)
		}
		if hits, err := ix.Match(context.Background(), fmt.Sprintf("ledger%d", i), 5); err != nil || len(hits) != 1 {
			t.Fatalf("batch %d not searchable after Add: %v %v", i, hits, err)
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
	ix, _, err = Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != batches {
		t.Fatalf("after reopening: %d documents, %v; want %d", n, err, batches)
	}
}
