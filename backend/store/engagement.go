package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"

	"github.com/dgraph-io/badger/v4"
)

// registration is what the home database keeps about an engagement: a copy
// for listing without opening every engagement, and the key to its database.
type registration struct {
	Engagement audit.Engagement `json:"engagement"`
	DataKey    []byte           `json:"data_key"`
}

const idPrefix = "eng_"

// validID guards every path built from an ID against anything but our own.
var validID = regexp.MustCompile(`^eng_[a-z2-7]{12}$`)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func newID() (string, error) {
	var b [8]byte // 64 bits, of which the 12 characters keep 60
	if _, err := rand.Read(b[:]); err != nil {
		return "", audit.Wrap(audit.EINTERNAL, err, "read random id")
	}
	return idPrefix + idEncoding.EncodeToString(b[:])[:12], nil
}

// CreateEngagement records a new engagement created by actor and returns it
// with its ID, CreatedAt and CreatedBy set. It returns EINVALID for an
// engagement that breaks a rule or an empty actor.
func (h *Home) CreateEngagement(ctx context.Context, actor string, e audit.Engagement) (audit.Engagement, error) {
	done, err := h.use(ctx)
	if err != nil {
		return audit.Engagement{}, err
	}
	defer done()

	// Normalize reuses the Categories array; copy it so the caller's slice
	// is left as it was.
	e.Categories = slices.Clone(e.Categories)
	e.Normalize()
	if err := e.Validate(); err != nil {
		return audit.Engagement{}, err
	}
	actor = strings.TrimSpace(actor)
	if actor == "" {
		return audit.Engagement{}, audit.Errorf(audit.EINVALID, "actor is required: every change records who made it")
	}

	id, err := h.unusedID()
	if err != nil {
		return audit.Engagement{}, err
	}
	e.ID = id
	e.CreatedAt = time.Now().UTC()
	e.CreatedBy = actor
	key := make([]byte, keyLen)
	if _, err := rand.Read(key); err != nil {
		return audit.Engagement{}, audit.Wrap(audit.EINTERNAL, err, "read random data key")
	}

	if err := os.MkdirAll(engagementPath(h.dir, id), 0o700); err != nil {
		return audit.Engagement{}, audit.Wrap(audit.EINTERNAL, err, "create folder for engagement %s", id)
	}
	if h.readOnly != "" {
		return audit.Engagement{}, h.RoomFor(0, "")
	}
	db, err := openDB(h.dir, engagementDBPath(h.dir, id), key, engagementSize, "engagement "+id, "")
	if err != nil {
		os.RemoveAll(engagementPath(h.dir, id))
		return audit.Engagement{}, err
	}
	fail := func(err error) (audit.Engagement, error) {
		closeDB(db)
		os.RemoveAll(engagementPath(h.dir, id))
		return audit.Engagement{}, coded(err, "create engagement %s", id)
	}
	rec, err := json.Marshal(e)
	if err != nil {
		return fail(err)
	}
	err = update(ctx, db, func(txn *badger.Txn) error {
		if err := txn.Set(engagementKey, rec); err != nil {
			return err
		}
		_, err := appendEvent(txn, e.CreatedAt, actor, "engagement.create", "engagement/"+id, e)
		return err
	})
	if err != nil {
		return fail(err)
	}
	// Registered last: a crash before this leaves a folder nobody lists.
	reg, err := json.Marshal(registration{Engagement: e, DataKey: key})
	if err != nil {
		return fail(err)
	}
	err = update(ctx, h.db, func(txn *badger.Txn) error {
		return txn.Set(registrationKey(id), reg)
	})
	if err != nil {
		return fail(err)
	}
	h.mu.Lock()
	h.engs[id] = db
	h.mu.Unlock()
	return e, nil
}

// unusedID draws IDs until one names neither a registration nor a folder.
func (h *Home) unusedID() (string, error) {
	for range 10 {
		id, err := newID()
		if err != nil {
			return "", err
		}
		if _, err := os.Lstat(engagementPath(h.dir, id)); err == nil {
			continue
		}
		_, err = h.registration(id)
		if audit.ErrorCode(err) == audit.ENOTFOUND {
			return id, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", audit.Errorf(audit.EINTERNAL, "could not draw an unused engagement id")
}

// Engagements lists the registered engagements, newest first.
func (h *Home) Engagements(ctx context.Context) ([]audit.Engagement, error) {
	done, err := h.use(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	list := []audit.Engagement{}
	err = h.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: registrationPrefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r registration
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &r) }); err != nil {
				return err
			}
			list = append(list, r.Engagement)
		}
		return nil
	})
	if err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "list engagements")
	}
	slices.SortFunc(list, func(a, b audit.Engagement) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return list, nil
}

// Engagement returns one engagement, read from its own database. It returns
// ENOTFOUND for an ID that is not registered.
func (h *Home) Engagement(ctx context.Context, id string) (audit.Engagement, error) {
	done, err := h.use(ctx)
	if err != nil {
		return audit.Engagement{}, err
	}
	defer done()
	db, err := h.engagementDB(id)
	if err != nil {
		return audit.Engagement{}, err
	}
	var e audit.Engagement
	err = db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(engagementKey)
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &e) })
	})
	if err != nil {
		return audit.Engagement{}, audit.Wrap(audit.EINTERNAL, err, "read engagement %s", id)
	}
	return e, nil
}

// registration reads an engagement's registration; ENOTFOUND if there is none.
func (h *Home) registration(id string) (registration, error) {
	if !validID.MatchString(id) {
		return registration{}, audit.Errorf(audit.ENOTFOUND, "no engagement %s", id)
	}
	var r registration
	err := h.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(registrationKey(id))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &r) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return registration{}, audit.Errorf(audit.ENOTFOUND, "no engagement %s", id)
	}
	if err != nil {
		return registration{}, audit.Wrap(audit.EINTERNAL, err, "read registration of engagement %s", id)
	}
	return r, nil
}

// engagementDB returns the open database of a registered engagement,
// opening it on first use. Callers are inside h.use.
func (h *Home) engagementDB(id string) (*badger.DB, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if db, ok := h.engs[id]; ok {
		return db, nil
	}
	r, err := h.registration(id)
	if err != nil {
		return nil, err
	}
	// Badger would quietly make an empty database where one has gone missing.
	if _, err := os.Stat(engagementDBPath(h.dir, id)); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "the database of engagement %s is missing", id)
	}
	db, err := openDB(h.dir, engagementDBPath(h.dir, id), r.DataKey, engagementSize, "engagement "+id, h.readOnly)
	if audit.ErrorCode(err) == audit.EPASSPHRASE {
		// The key comes from the registry, so a mismatch is damage, not a typo.
		return nil, audit.Wrap(audit.EINTERNAL, err, "the stored key of engagement %s does not open its database", id)
	}
	if err != nil {
		return nil, err
	}
	err = db.View(func(txn *badger.Txn) error {
		e, err := lastEvent(txn)
		if e != nil {
			h.heads[id] = e.Seq
		}
		return err
	})
	if err != nil {
		closeDB(db)
		return nil, coded(err, "read the trail of engagement %s", id)
	}
	h.engs[id] = db
	return db, nil
}
