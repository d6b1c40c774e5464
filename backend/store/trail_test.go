package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"auditroom/backend/audit"

	"github.com/dgraph-io/badger/v4"
)

// appendEvents appends n events to an engagement's trail, one transaction each.
func appendEvents(t testing.TB, h *Home, id string, n int) {
	t.Helper()
	db, err := h.engagementDB(id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		err := update(context.Background(), db, func(txn *badger.Txn) error {
			_, err := appendEvent(txn, time.Now(), "bob", "test.note", "note/"+fmt.Sprint(i),
				map[string]any{"i": i, "text": "<b>&amp; \u2028 ünïcode</b>"})
			return err
		})
		if err != nil {
			t.Fatalf("append event: %v", err)
		}
	}
}

// rewriteEvent changes event seq in db with a raw Badger update, as someone
// holding the key could.
func rewriteEvent(t testing.TB, db *badger.DB, seq uint64, edit func(*audit.Event)) {
	t.Helper()
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(trailKey(seq))
		if err != nil {
			return err
		}
		var e audit.Event
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
			return err
		}
		edit(&e)
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return txn.Set(trailKey(seq), b)
	})
	if err != nil {
		t.Fatalf("rewrite event %d: %v", seq, err)
	}
}

func TestVerifyIntact(t *testing.T) {
	h := newHome(t)
	ctx := context.Background()
	e := mustCreateEngagement(t, h, acme())
	events, total, err := h.Trail(ctx, e.ID, 0, 0)
	if err != nil || total != 1 || len(events) != 1 {
		t.Fatalf("Trail = %d of %d, %v, want 1 of 1", len(events), total, err)
	}
	ev := events[0]
	if ev.Seq != 1 || ev.Action != "engagement.create" || ev.Object != "engagement/"+e.ID || ev.Actor != "alice@example.com" || !ev.Time.Equal(e.CreatedAt) {
		t.Errorf("event 1 = %+v, want engagement.create of engagement/%s by alice at %v", ev, e.ID, e.CreatedAt)
	}
	var change audit.Engagement
	if err := json.Unmarshal(ev.Change, &change); err != nil || change.ID != e.ID || change.Client != e.Client {
		t.Errorf("event 1 change = %s, %v, want the engagement", ev.Change, err)
	}

	var calls [][2]uint64
	v, err := h.Verify(ctx, e.ID, func(done, total uint64) { calls = append(calls, [2]uint64{done, total}) })
	want := audit.Verification{Intact: true, Events: 1, Head: ev.Hash}
	if err != nil || v != want {
		t.Fatalf("Verify = %+v, %v, want %+v", v, err, want)
	}
	if len(calls) != 1 || calls[0] != [2]uint64{1, 1} {
		t.Errorf("progress calls = %v, want [[1 1]]", calls)
	}
}

func TestVerifyDetectsEditOnDisk(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	mustClose(t, h)

	// Read the data key as the store does, then edit the database directly.
	h = mustOpen(t, h.Dir())
	reg, err := h.registration(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	mustClose(t, h)
	db, err := openDB(h.Dir(), engagementDBPath(h.Dir(), e.ID), reg.DataKey, engagementSize, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	rewriteEvent(t, db, 1, func(ev *audit.Event) { ev.Actor = "mallory" })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	h = mustOpen(t, h.Dir())
	v, err := h.Verify(context.Background(), e.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Intact || v.BrokeAt != 1 || v.Reason == "" || v.Events != 0 {
		t.Fatalf("Verify after editing event 1 = %+v, want broken at 1 with a reason", v)
	}
}

func TestVerifyBreaks(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t testing.TB, db *badger.DB)
		brokeAt uint64
	}{
		{"actor of 3 edited", func(t testing.TB, db *badger.DB) {
			rewriteEvent(t, db, 3, func(e *audit.Event) { e.Actor = "mallory" })
		}, 3},
		{"change of 3 edited", func(t testing.TB, db *badger.DB) {
			rewriteEvent(t, db, 3, func(e *audit.Event) { e.Change = json.RawMessage(`{"i":99}`) })
		}, 3},
		{"3 resealed", func(t testing.TB, db *badger.DB) {
			// Recomputing 3's hash is not enough: 4 still points at the old one.
			rewriteEvent(t, db, 3, func(e *audit.Event) { e.Actor = "mallory"; e.Hash = e.ComputeHash() })
		}, 4},
		{"2 deleted", func(t testing.TB, db *badger.DB) {
			if err := db.Update(func(txn *badger.Txn) error { return txn.Delete(trailKey(2)) }); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"3 unreadable", func(t testing.TB, db *badger.DB) {
			if err := db.Update(func(txn *badger.Txn) error { return txn.Set(trailKey(3), []byte("{")) }); err != nil {
				t.Fatal(err)
			}
		}, 3},
		{"4 stored under 3", func(t testing.TB, db *badger.DB) {
			err := db.Update(func(txn *badger.Txn) error {
				item, err := txn.Get(trailKey(4))
				if err != nil {
					return err
				}
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				return txn.Set(trailKey(3), v)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHome(t)
			e := mustCreateEngagement(t, h, acme()) // event 1
			appendEvents(t, h, e.ID, 4)             // events 2..5
			ctx := context.Background()
			if v, err := h.Verify(ctx, e.ID, nil); err != nil || !v.Intact || v.Events != 5 {
				t.Fatalf("Verify before tampering = %+v, %v, want intact with 5 events", v, err)
			}
			db, err := h.engagementDB(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			tt.tamper(t, db)
			v, err := h.Verify(ctx, e.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.Intact || v.BrokeAt != tt.brokeAt || v.Reason == "" || v.Events != tt.brokeAt-1 {
				t.Fatalf("Verify = %+v, want broken at %d with a reason", v, tt.brokeAt)
			}
		})
	}
}

func TestVerifyCanceled(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	appendEvents(t, h, e.ID, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.Verify(ctx, e.ID, nil)
	wantError(t, err, audit.ECANCELED, "")

	// Cancelled midway, from the progress callback.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err = h.Verify(ctx, e.ID, func(done, _ uint64) {
		if done == 2 {
			cancel()
		}
	})
	wantError(t, err, audit.ECANCELED, "")
}

func TestTrailPaging(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	appendEvents(t, h, e.ID, 6) // 7 events in all
	tests := []struct {
		offset, limit int
		want          []uint64
	}{
		{0, 0, []uint64{1, 2, 3, 4, 5, 6, 7}},
		{0, 3, []uint64{1, 2, 3}},
		{3, 3, []uint64{4, 5, 6}},
		{6, 3, []uint64{7}},
		{7, 3, nil},
		{100, -1, nil},
	}
	for _, tt := range tests {
		events, total, err := h.Trail(context.Background(), e.ID, tt.offset, tt.limit)
		if err != nil {
			t.Fatalf("Trail(%d, %d): %v", tt.offset, tt.limit, err)
		}
		var got []uint64
		for _, ev := range events {
			got = append(got, ev.Seq)
		}
		if total != 7 || fmt.Sprint(got) != fmt.Sprint(tt.want) || events == nil {
			t.Errorf("Trail(%d, %d) = %v of %d, want %v of 7", tt.offset, tt.limit, got, total, tt.want)
		}
	}
	_, _, err := h.Trail(context.Background(), e.ID, -1, 10)
	wantError(t, err, audit.EINVALID, "")
}

func TestTrailLimitCapped(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	db, err := h.engagementDB(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 1,100 events in one transaction: appendEvent sees its own pending writes.
	err = update(context.Background(), db, func(txn *badger.Txn) error {
		for i := range 1100 {
			if _, err := appendEvent(txn, time.Now(), "bob", "test.bulk", "bulk", i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	events, total, err := h.Trail(context.Background(), e.ID, 0, 5000)
	if err != nil || len(events) != 1000 || total != 1101 {
		t.Fatalf("Trail(0, 5000) = %d of %d, %v, want 1000 of 1101", len(events), total, err)
	}
	if v, err := h.Verify(context.Background(), e.ID, nil); err != nil || !v.Intact || v.Events != 1101 {
		t.Fatalf("Verify = %+v, %v, want intact with 1101 events", v, err)
	}
}

func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	h := newHome(t)
	e := mustCreateEngagement(t, h, acme())
	db, err := h.engagementDB(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	const writers = 6
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Go(func() {
			errs <- update(context.Background(), db, func(txn *badger.Txn) error {
				_, err := appendEvent(txn, time.Now(), "bob", "test.race", "race", i)
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent append: %v", err)
		}
	}
	v, err := h.Verify(context.Background(), e.ID, nil)
	if err != nil || !v.Intact || v.Events != writers+1 {
		t.Fatalf("Verify after concurrent appends = %+v, %v, want intact with %d events", v, err, writers+1)
	}
}
