package index

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
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
	if err := ix.Add(context.Background(), docs); err != nil {
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
