package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"

	"auditroom/backend/pageout"
)

// residentValueLog is how many bytes of dir's value log files this process
// has resident.
func residentValueLog(t *testing.T, dir string) int64 {
	t.Helper()
	n, err := pageout.Resident(dir, ".vlog")
	if err != nil {
		t.Skip(err)
	}
	return n
}

// Badger writes evidence into its value log through a memory map; after a
// Sync that follows enough writing, those pages leave the process's
// resident memory, and the content still reads back whole. (A data folder
// reached through a symbolic link, or whose path holds spaces, is
// backend/pageout's test.)
func TestSyncGivesBackValueLogPages(t *testing.T) {
	ctx := context.Background()
	h, err := Create(ctx, t.TempDir(), testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	eng := mustCreateEngagement(t, h, acme())
	content := make([]byte, pageOutEvery+8<<20)
	rand.Read(content)
	if _, err := h.PutContent(ctx, eng.ID, "big", bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	dir := engagementDBPath(h.dir, eng.ID)
	before := residentValueLog(t, dir)
	if before < int64(len(content))/2 {
		t.Skipf("only %d MB of the value log resident after writing %d MB: nothing to give back here", before>>20, len(content)>>20)
	}
	if err := h.Sync(ctx, eng.ID); err != nil {
		t.Fatal(err)
	}
	after := residentValueLog(t, dir)
	if after > before/4 {
		t.Errorf("value log resident: %d MB before Sync, %d MB after; want most of it given back", before>>20, after>>20)
	}
	var back bytes.Buffer
	if err := h.Content(ctx, eng.ID, "big", &back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Bytes(), content) {
		t.Fatalf("content read back differs after its pages were given back (%d of %d bytes)", back.Len(), len(content))
	}
}
