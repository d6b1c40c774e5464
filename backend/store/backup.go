package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"time"

	"auditroom/backend/audit"

	"github.com/dgraph-io/badger/v4"
)

// Backups (backend/backup) copy an engagement's database entry by entry:
// Dump reads them from one snapshot, and a Restorer writes them into a new
// database that only its last step registers.

// Entry is one key of an engagement database and its value as it was
// written (uncompressed).
type Entry struct{ Key, Value []byte }

// Dump calls fn with every entry of an engagement's database in key order,
// all read from one snapshot. The evindexed/ marks are left out: they
// describe this data folder's index, which a restore rebuilds. Key and
// Value are valid only during fn.
func (h *Home) Dump(ctx context.Context, engID string, fn func(Entry) error) error {
	return h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctxErr(ctx); err != nil {
					return err
				}
				item := it.Item()
				if bytes.HasPrefix(item.Key(), indexedPrefix) {
					continue
				}
				if err := unpacked(item, func(v []byte) error { return fn(Entry{item.Key(), v}) }); err != nil {
					return coded(err, "read engagement %s", engID)
				}
			}
			return nil
		})
	})
}

// TrailHead is the sequence and hash of an engagement's last event.
func (h *Home) TrailHead(ctx context.Context, engID string) (uint64, string, error) {
	var seq uint64
	var hash string
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			e, err := lastEvent(txn)
			if e != nil {
				seq, hash = e.Seq, e.Hash
			}
			return err
		})
	})
	return seq, hash, coded(err, "read the trail of engagement %s", engID)
}

// NewEngagementID draws an ID no engagement of the folder has, for a
// restore kept beside the engagement it was made from.
func (h *Home) NewEngagementID(ctx context.Context) (string, error) {
	done, err := h.use(ctx)
	if err != nil {
		return "", err
	}
	defer done()
	return h.unusedID()
}

// Restorer writes a restored engagement into a database of its own in the
// engagement's folder. Until Commit registers it nobody lists or opens it
// (its data key is stored nowhere else), so a kill at any point before
// leaves the data folder as it was.
type Restorer struct {
	h    *Home
	id   string
	key  []byte
	db   *badger.DB
	wb   *badger.WriteBatch
	done func() // ends h.use
}

// BeginRestore starts restoring an engagement under id. It returns
// ECONFLICT when the folder already has an engagement id.
func (h *Home) BeginRestore(ctx context.Context, id string) (*Restorer, error) {
	done, err := h.use(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.beginRestore(id)
	if err != nil {
		done()
		return nil, err
	}
	r.done = done
	return r, nil
}

func (h *Home) beginRestore(id string) (*Restorer, error) {
	if !validID.MatchString(id) {
		return nil, audit.Errorf(audit.EINVALID, "%q is not an engagement ID", id)
	}
	if _, err := h.registration(id); err == nil {
		return nil, audit.Errorf(audit.ECONFLICT, "engagement %s already exists in data folder %s", id, h.dir)
	} else if audit.ErrorCode(err) != audit.ENOTFOUND {
		return nil, err
	}
	if h.readOnly != "" {
		return nil, h.RoomFor(0, "")
	}
	// A folder without a registration is what a kill left of an earlier
	// create or restore: its key was never stored, nothing can open it.
	if err := os.RemoveAll(engagementPath(h.dir, id)); err != nil {
		return nil, storageError(h.dir, err)
	}
	if err := os.MkdirAll(engagementPath(h.dir, id), 0o700); err != nil {
		return nil, storageError(h.dir, err)
	}
	key := make([]byte, keyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "read random data key")
	}
	db, err := openDB(h.dir, engagementDBPath(h.dir, id), key, engagementSize, "engagement "+id, "")
	if err != nil {
		os.RemoveAll(engagementPath(h.dir, id))
		return nil, err
	}
	return &Restorer{h: h, id: id, key: key, db: db, wb: db.NewWriteBatch()}, nil
}

// Put writes one entry; evidence content and text are compressed as an
// import stores them. Put keeps e's slices.
func (r *Restorer) Put(ctx context.Context, e Entry) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if err := wrote(r.db, len(e.Key)+len(e.Value)); err != nil {
		return err
	}
	entry := badger.NewEntry(e.Key, e.Value)
	if bytes.HasPrefix(e.Key, []byte("evblob/")) || bytes.HasPrefix(e.Key, []byte("evpart/")) {
		entry = packed(e.Key, e.Value)
	}
	killPoint("restore.put")
	return writeErr(r.db, r.wb.SetEntry(entry))
}

// Commit writes what is left, records the restore in the trail (action
// engagement.restore, with change), checks the whole trail, and then
// registers the engagement: the one step that makes it appear.
func (r *Restorer) Commit(ctx context.Context, actor string, change any) (audit.Engagement, error) {
	defer r.done()
	fail := func(err error) (audit.Engagement, error) {
		r.drop()
		return audit.Engagement{}, coded(err, "restore engagement %s", r.id)
	}
	if err := r.wb.Flush(); err != nil {
		return fail(writeErr(r.db, err))
	}
	var e audit.Engagement
	if err := r.db.View(func(txn *badger.Txn) error { return getJSON(txn, engagementKey, &e) }); err != nil {
		return fail(audit.Wrap(audit.EINVALID, err, "the backup holds no engagement record"))
	}
	if e.ID != r.id {
		return fail(audit.Errorf(audit.EINVALID, "the engagement record names %s, not %s", e.ID, r.id))
	}
	err := update(ctx, r.db, func(txn *badger.Txn) error {
		_, err := appendEvent(txn, time.Now().UTC(), actor, "engagement.restore", "engagement/"+r.id, change)
		return err
	})
	if err != nil {
		return fail(err)
	}
	killPoint("restore.written")
	v, err := verifyTrail(ctx, r.db, nil)
	if err != nil {
		return fail(err)
	}
	if !v.Intact {
		return fail(audit.Errorf(audit.EINVALID, "the restored trail is broken at event %d: %s", v.BrokeAt, v.Reason))
	}
	reg, err := json.Marshal(registration{Engagement: e, DataKey: r.key})
	if err != nil {
		return fail(err)
	}
	err = update(ctx, r.h.db, func(txn *badger.Txn) error { return txn.Set(registrationKey(r.id), reg) })
	if err != nil {
		// A failed write may still have reached the home database's log,
		// to be replayed at the next open: the engagement's database stays,
		// whole, so that a registration that survives finds it. One that
		// does not leaves a database nobody lists, which the next restore
		// of that ID replaces.
		r.wb.Cancel()
		closeDB(r.db)
		return audit.Engagement{}, coded(err, "restore engagement %s", r.id)
	}
	killPoint("restore.registered")
	r.h.mu.Lock()
	r.h.engs[r.id] = r.db
	r.h.mu.Unlock()
	return e, nil
}

// Abort drops what was written: the folder is as it was before.
func (r *Restorer) Abort() {
	r.drop()
	r.done()
}

func (r *Restorer) drop() {
	r.wb.Cancel()
	closeDB(r.db)
	os.RemoveAll(engagementPath(r.h.dir, r.id))
}

// OnClose sets fn to run at the start of Close, while h is still open:
// the scheduled backups of the engagements changed (backend/backup).
func (h *Home) OnClose(fn func()) {
	h.mu.Lock()
	h.onClose = fn
	h.mu.Unlock()
}

// Changed lists the engagements whose trail moved since h opened them,
// or that h created or restored: those a scheduled backup copies.
func (h *Home) Changed(ctx context.Context) ([]string, error) {
	done, err := h.use(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	h.mu.Lock()
	dbs := maps.Clone(h.engs)
	heads := maps.Clone(h.heads)
	h.mu.Unlock()
	var ids []string
	for id, db := range dbs {
		var seq uint64
		err := db.View(func(txn *badger.Txn) error {
			e, err := lastEvent(txn)
			if e != nil {
				seq = e.Seq
			}
			return err
		})
		if err != nil {
			return nil, coded(err, "read the trail of engagement %s", id)
		}
		if at, opened := heads[id]; !opened || seq != at {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// BackupsKept is how many scheduled backups of each engagement the data
// folder keeps.
func (h *Home) BackupsKept() int {
	s, err := readSettings(h.dir)
	if err != nil || s.BackupsKept == nil {
		return DefaultBackupsKept
	}
	return *s.BackupsKept
}

// SetBackupsKept sets how many scheduled backups of each engagement are
// kept (0: none are made).
func (h *Home) SetBackupsKept(ctx context.Context, n int) error {
	done, err := h.use(ctx)
	if err != nil {
		return err
	}
	defer done()
	if n < 0 || n > 1000 {
		return audit.Errorf(audit.EINVALID, "backups kept must be between 0 and 1000, not %d", n)
	}
	if h.readOnly != "" {
		return h.RoomFor(0, "")
	}
	s, err := readSettings(h.dir)
	if err != nil {
		return err
	}
	s.BackupsKept = &n
	return writeSettings(h.dir, s)
}
