package ingest

import (
	"context"
	"testing"

	"auditroom/backend/audit"
)

// A flush that is not the last sends the waiting documents only if they
// make a full batch: the goroutines that queue behind a batch being written
// would otherwise each send the few documents added meanwhile as a batch,
// and so a segment, of its own. The last flush sends what is left, and the
// file is then marked indexed.
func TestIndexerSendsOnlyFullBatchesUntilTheLast(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	x := &indexer{ix: e.ix, h: e.h, eng: e.eng}
	ev := audit.Evidence{ID: "ev-wombat", Name: "wombat.txt", Path: "wombat.txt"}
	if err := x.add(ctx, ev, []audit.Part{{Text: "the quarterly wombat review"}}); err != nil {
		t.Fatal(err)
	}
	before := e.ix.Batches()
	if err := x.flush(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := e.ix.Batches() - before; n != 0 {
		t.Fatalf("a flush of two documents, not the last, sent %d batches; want none", n)
	}
	if err := x.finish(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.ix.Batches() - before; n != 1 {
		t.Fatalf("the last flush sent %d batches; want 1", n)
	}
	if ids := e.found(t, "wombat", 5); len(ids) != 1 || ids[0] != ev.ID {
		t.Errorf("search wombat: %v", ids)
	}
	if v, err := e.h.Indexed(ctx, e.eng, ev.ID); err != nil || v == "" {
		t.Errorf("after the last flush the file is not marked indexed: %q, %v", v, err)
	}
}
