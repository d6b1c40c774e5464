package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"auditroom/backend/audit"

	"github.com/dgraph-io/badger/v4"
)

// Paging of Trail.
const (
	defaultTrailLimit = 100
	maxTrailLimit     = 1000
)

// appendEvent records a change as the next trail event, inside txn, the
// transaction that makes the change: both are committed or neither is.
// Every feature that changes an engagement calls it from its Update closure.
func appendEvent(txn *badger.Txn, at time.Time, actor, action, object string, change any) (audit.Event, error) {
	return (&trailWriter{txn: txn}).append(at, actor, action, object, change)
}

// trailWriter appends several events in one transaction, reading the
// trail's last event once rather than through an iterator for each.
type trailWriter struct {
	txn    *badger.Txn
	last   *audit.Event
	loaded bool
}

func (t *trailWriter) append(at time.Time, actor, action, object string, change any) (audit.Event, error) {
	if !t.loaded {
		last, err := lastEvent(t.txn)
		if err != nil {
			return audit.Event{}, err
		}
		t.last, t.loaded = last, true
	}
	e, err := audit.NewEvent(t.last, at, actor, action, object, change)
	if err != nil {
		return audit.Event{}, err
	}
	key := trailKey(e.Seq)
	// Reading the new key puts it in the transaction's read set, so that two
	// transactions appending the same sequence conflict instead of one
	// overwriting the other: Badger only checks keys a transaction read.
	if _, err := t.txn.Get(key); err == nil {
		return audit.Event{}, audit.Errorf(audit.EINTERNAL, "trail event %d already exists", e.Seq)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return audit.Event{}, audit.Wrap(audit.EINTERNAL, err, "read trail event %d", e.Seq)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return audit.Event{}, audit.Wrap(audit.EINTERNAL, err, "encode trail event %d", e.Seq)
	}
	if err := t.txn.Set(key, b); err != nil {
		return audit.Event{}, err // ErrTxnTooBig and friends: the caller decides
	}
	t.last = &e
	return e, nil
}

// lastEvent returns the event with the highest sequence, or nil for an
// empty trail.
func lastEvent(txn *badger.Txn) (*audit.Event, error) {
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: trailPrefix})
	defer it.Close()
	it.Seek(trailKey(^uint64(0)))
	if !it.ValidForPrefix(trailPrefix) {
		return nil, nil
	}
	var e audit.Event
	if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read last trail event")
	}
	return &e, nil
}

// Trail returns a page of an engagement's events in sequence order and the
// number of events in all. A limit of zero or less means 100; at most 1000
// are returned. It returns ENOTFOUND for an unknown engagement.
func (h *Home) Trail(ctx context.Context, id string, offset, limit int) ([]audit.Event, int, error) {
	done, err := h.use(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer done()
	if offset < 0 {
		return nil, 0, audit.Errorf(audit.EINVALID, "offset %d must not be negative", offset)
	}
	if limit <= 0 {
		limit = defaultTrailLimit
	}
	limit = min(limit, maxTrailLimit)
	db, err := h.engagementDB(id)
	if err != nil {
		return nil, 0, err
	}
	events := []audit.Event{}
	total := 0
	// One key-only pass counts everything and reads just the page's values.
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: trailPrefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if total >= offset && total < offset+limit {
				var e audit.Event
				if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
					return err
				}
				events = append(events, e)
			}
			total++
		}
		return nil
	})
	if err != nil {
		return nil, 0, audit.Wrap(audit.EINTERNAL, err, "read trail of engagement %s", id)
	}
	return events, total, nil
}

// Verify rechecks an engagement's whole trail, in order, and names the first
// broken event. progress, if not nil, is called after each event with the
// number checked and the number in all. It returns ECANCELED when ctx ends.
func (h *Home) Verify(ctx context.Context, id string, progress func(done, total uint64)) (audit.Verification, error) {
	done, err := h.use(ctx)
	if err != nil {
		return audit.Verification{}, err
	}
	defer done()
	db, err := h.engagementDB(id)
	if err != nil {
		return audit.Verification{}, err
	}
	v, err := verifyTrail(ctx, db, progress)
	if err != nil {
		return audit.Verification{}, coded(err, "verify trail of engagement %s", id)
	}
	return v, nil
}

// verifyTrail walks the trail of db in order; Verify and a restore before
// it registers the engagement both check it so.
func verifyTrail(ctx context.Context, db *badger.DB, progress func(done, total uint64)) (audit.Verification, error) {
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	var v audit.Verification
	err := db.View(func(txn *badger.Txn) error {
		total, err := countKeys(ctx, txn, trailPrefix)
		if err != nil {
			return err
		}
		var chain audit.Chain
		var n uint64
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: trailPrefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctxErr(ctx); err != nil {
				return err
			}
			n++
			seq, _ := trailSeq(it.Item().Key())
			var e audit.Event
			err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &e) })
			switch {
			case err != nil:
				v = broken(chain, fmt.Sprintf("the event stored under sequence %d cannot be read", seq))
				return nil
			case e.Seq != seq:
				v = broken(chain, fmt.Sprintf("the event stored under sequence %d says it is event %d", seq, e.Seq))
				return nil
			case !chain.Add(e):
				v = chain.Result()
				return nil
			}
			progress(n, total)
		}
		v = chain.Result()
		return nil
	})
	return v, err
}

// broken ends an intact chain at the event after its last good one.
func broken(chain audit.Chain, reason string) audit.Verification {
	v := chain.Result()
	v.Intact, v.BrokeAt, v.Reason = false, v.Events+1, reason
	return v
}

// countKeys counts the keys under prefix without reading values.
func countKeys(ctx context.Context, txn *badger.Txn, prefix []byte) (uint64, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	var n uint64
	for it.Rewind(); it.Valid(); it.Next() {
		if n%1024 == 0 {
			if err := ctxErr(ctx); err != nil {
				return 0, err
			}
		}
		n++
	}
	return n, nil
}
