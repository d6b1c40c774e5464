package store

import (
	"auditroom/backend/asof"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/pageout"
)

// chunkSize bounds each stored piece of evidence content, so that no file,
// however large, has to sit whole in memory or in one transaction.
const chunkSize = 1 << 20

// withEngagement runs fn on an engagement's open database inside h.use.
func (h *Home) withEngagement(ctx context.Context, engID string, fn func(db *badger.DB) error) error {
	done, err := h.use(ctx)
	if err != nil {
		return err
	}
	defer done()
	db, err := h.engagementDB(engID)
	if err != nil {
		return err
	}
	return fn(db)
}

// ProvenanceKey names one copy of a file: the same path in the same pack
// is the same copy, so importing a pack twice adds nothing.
func ProvenanceKey(packSHA256, path string) string {
	sum := sha256.Sum256([]byte(packSHA256 + "\x00" + path))
	return hex.EncodeToString(sum[:12])
}

// mergeLinks adds a new copy's requests and controls to the evidence
// record, and its manifest as-of date unless one is already set by hand or
// by a manifest.
func mergeLinks(old, copy audit.Evidence) audit.Evidence {
	union := func(a, b []string) []string {
		out := slices.Clone(a)
		for _, x := range b {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		return out
	}
	// The record is named after the copy with the first path, so that the
	// order in which parallel workers commit copies does not matter.
	if copy.Path < old.Path {
		old.Name, old.Path, old.Pack = copy.Name, copy.Path, copy.Pack
	}
	old.Controls = union(old.Controls, copy.Controls)
	old.Requests = union(old.Requests, copy.Requests)
	if asof.Outranks(copy.AsOfSource, old.AsOfSource) {
		old.AsOf, old.AsOfSource, old.AsOfDetail = copy.AsOf, copy.AsOfSource, copy.AsOfDetail
	}
	return old
}

// SetAsOf edits an evidence file's as-of date, recording the change.
func (h *Home) SetAsOf(ctx context.Context, engID, actor, id, asOf string) (audit.Evidence, error) {
	if _, err := audit.ParseDate("as-of date", asOf); err != nil {
		return audit.Evidence{}, err
	}
	var ev audit.Evidence
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			if err := getJSON(txn, evidenceKey(id), &ev); err != nil {
				return err
			}
			change := struct {
				From string `json:"from"`
				To   string `json:"to"`
			}{ev.AsOf, asOf}
			ev.AsOf, ev.AsOfSource, ev.AsOfDetail = asOf, asof.Edited, actor
			if err := setJSON(txn, evidenceKey(id), ev); err != nil {
				return err
			}
			_, err := appendEvent(txn, time.Now(), actor, "evidence.as_of", "evidence/"+id, change)
			return err
		})
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ev, audit.Errorf(audit.ENOTFOUND, "no evidence %s", id)
	}
	return ev, coded(err, "edit as-of date of %s", id)
}

// pageOutEvery is how much content and text is stored between the times
// Sync gives the value log's pages back to the kernel: each time costs a
// walk over the value log's mapping.
const pageOutEvery = 8 << 20

// Sync makes every commit so far to an engagement durable and, once enough
// has been written since the last time, gives the kernel back the memory of
// the value log written: Badger writes it through a memory map, and nothing
// reads those bytes again while importing (backend/pageout).
func (h *Home) Sync(ctx context.Context, engID string) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error { return writeErr(db, db.Sync()) })
	if err == nil && h.pages.Due() {
		pageout.Files(engagementDBPath(h.dir, engID), ".vlog")
	}
	return coded(err, "sync engagement %s", engID)
}

// RecordEvent appends an event that changes nothing else, such as the
// summary of a finished import.
func (h *Home) RecordEvent(ctx context.Context, engID, actor, action, object string, change any) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error {
			_, err := appendEvent(txn, time.Now(), actor, action, object, change)
			return err
		})
	})
	return coded(err, "record %s", action)
}

// EvidenceFilter selects and orders evidence for a table page.
type EvidenceFilter struct {
	Text   string `json:"text"` // in name or path, case-insensitive
	Type   string `json:"type"`
	Status string `json:"status"`
	// Request and Control keep the evidence linked to that request, or
	// naming that control.
	Request string `json:"request,omitempty"`
	Control string `json:"control,omitempty"`
	Sort    string `json:"sort"` // name, type, size, as_of, imported_at; "-" before it for descending
	Offset  int    `json:"offset"`
	Limit   int    `json:"limit"` // 0 means 100
}

// EvidenceList returns a page of evidence, filtered and sorted, with the
// total that matched.
func (h *Home) EvidenceList(ctx context.Context, engID string, f EvidenceFilter) ([]audit.Evidence, int, error) {
	var all []audit.Evidence
	err := h.ForEachEvidence(ctx, engID, func(e audit.Evidence) error {
		if f.Type != "" && e.Type != f.Type || f.Status != "" && e.Status != f.Status {
			return nil
		}
		if f.Request != "" && !slices.Contains(e.Requests, f.Request) || f.Control != "" && !slices.Contains(e.Controls, f.Control) {
			return nil
		}
		if f.Text != "" && !strings.Contains(strings.ToLower(e.Path+"\x00"+e.Name), strings.ToLower(f.Text)) {
			return nil
		}
		all = append(all, e)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	desc := strings.HasPrefix(f.Sort, "-")
	key := strings.TrimPrefix(f.Sort, "-")
	slices.SortStableFunc(all, func(a, b audit.Evidence) int {
		c := 0
		switch key {
		case "type":
			c = strings.Compare(a.Type, b.Type)
		case "size":
			c = cmp.Compare(a.Size, b.Size)
		case "as_of":
			c = strings.Compare(a.AsOf, b.AsOf)
		case "imported_at":
			c = a.ImportedAt.Compare(b.ImportedAt)
		}
		if c == 0 {
			c = strings.Compare(strings.ToLower(a.Path), strings.ToLower(b.Path))
		}
		if desc {
			return -c
		}
		return c
	})
	total := len(all)
	if f.Limit <= 0 {
		f.Limit = 100
	}
	lo := min(max(f.Offset, 0), total)
	hi := min(lo+f.Limit, total)
	return slices.Clip(all[lo:hi]), total, nil
}

// ForEachEvidence calls fn for every evidence record, in ID order.
func (h *Home) ForEachEvidence(ctx context.Context, engID string, fn func(audit.Evidence) error) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: evidencePrefix, PrefetchValues: true, PrefetchSize: 100})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctxErr(ctx); err != nil {
					return err
				}
				var e audit.Evidence
				if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
					return err
				}
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		})
	})
	return coded(err, "list evidence of engagement %s", engID)
}

// Evidence returns one evidence record with every provenance of its content.
func (h *Home) Evidence(ctx context.Context, engID, id string) (audit.Evidence, []audit.Provenance, error) {
	var e audit.Evidence
	var provs []audit.Provenance
	err := h.Read(ctx, engID, func(s *Snapshot) error {
		var err error
		e, provs, err = s.Evidence(id)
		return err
	})
	return e, provs, err
}

// Parts returns the extracted text of one evidence file, in order.
func (h *Home) Parts(ctx context.Context, engID, id string) ([]audit.Part, error) {
	parts := []audit.Part{}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: partPrefix(id), PrefetchValues: true})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				var p audit.Part
				if err := unpacked(it.Item(), func(v []byte) error { return json.Unmarshal(v, &p) }); err != nil {
					return err
				}
				parts = append(parts, p)
			}
			return nil
		})
	})
	return parts, coded(err, "read text of %s", id)
}

// Content writes one evidence file's bytes to w, chunk by chunk.
func (h *Home) Content(ctx context.Context, engID, id string, w io.Writer) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error { return content(ctx, db, id, w) })
	return coded(err, "read content of %s", id)
}

func content(ctx context.Context, db *badger.DB, id string, w io.Writer) error {
	return db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: blobPrefix(id), PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctxErr(ctx); err != nil {
				return err
			}
			if err := unpacked(it.Item(), func(v []byte) error { _, err := w.Write(v); return err }); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkIndexed records that these evidence files are in the search index
// built with the given mapping version.
func (h *Home) MarkIndexed(ctx context.Context, engID, version string, ids []string) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		if err := wrote(db, 0); err != nil {
			return err
		}
		wb := db.NewWriteBatch()
		defer wb.Cancel()
		for _, id := range ids {
			if err := wb.Set(indexedKey(id), []byte(version)); err != nil {
				return err
			}
		}
		return wb.Flush()
	})
	return coded(err, "mark evidence indexed")
}

// Indexed reports the mapping version an evidence file was indexed with,
// or "" if it is not in the index.
func (h *Home) Indexed(ctx context.Context, engID, id string) (string, error) {
	var v string
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(indexedKey(id))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			b, err := item.ValueCopy(nil)
			v = string(b)
			return err
		})
	})
	return v, coded(err, "read index state of %s", id)
}

// NotIndexed returns the evidence records not marked indexed with the
// given mapping version, in ID order: those a kill or a failed write kept
// out of the index.
func (h *Home) NotIndexed(ctx context.Context, engID, version string) ([]audit.Evidence, error) {
	out := []audit.Evidence{}
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			indexed := map[string]bool{}
			it := txn.NewIterator(badger.IteratorOptions{Prefix: indexedPrefix, PrefetchValues: true, PrefetchSize: 100})
			for it.Rewind(); it.Valid(); it.Next() {
				err := it.Item().Value(func(v []byte) error {
					if string(v) == version {
						indexed[string(it.Item().Key()[len(indexedPrefix):])] = true
					}
					return nil
				})
				if err != nil {
					it.Close()
					return err
				}
			}
			it.Close()
			it = txn.NewIterator(badger.IteratorOptions{Prefix: evidencePrefix})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctxErr(ctx); err != nil {
					return err
				}
				if indexed[string(it.Item().Key()[len(evidencePrefix):])] {
					continue
				}
				var e audit.Evidence
				if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
					return err
				}
				out = append(out, e)
			}
			return nil
		})
	})
	return out, coded(err, "list evidence not indexed in engagement %s", engID)
}

// IndexSecrets returns where an engagement's search index lives and the key
// that encrypts its segments, derived from the engagement's data key.
func (h *Home) IndexSecrets(ctx context.Context, engID string) (dir string, key []byte, err error) {
	done, err := h.use(ctx)
	if err != nil {
		return "", nil, err
	}
	defer done()
	r, err := h.registration(engID)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(append([]byte("auditroom search index v1\x00"), r.DataKey...))
	return engagementIndexPath(h.dir, engID), sum[:], nil
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}
