package store

import (
	"bytes"
	"context"
	"encoding/binary"
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

// Seen reports, in one read, whether this copy of a file was imported
// before and whether its content is stored.
func (h *Home) Seen(ctx context.Context, engID, evidenceID, provKey string) (copySeen, contentSeen bool, err error) {
	err = h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			var err error
			if copySeen, err = has(txn, provenanceKey(evidenceID, provKey)); err != nil || copySeen {
				contentSeen = copySeen
				return err
			}
			contentSeen, err = has(txn, evidenceKey(evidenceID))
			return err
		})
	})
	return copySeen, contentSeen, coded(err, "look up evidence %s in engagement %s", evidenceID, engID)
}

func has(txn *badger.Txn, key []byte) (bool, error) {
	_, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// flushBytes bounds what one write batch holds before it is flushed: a
// batch keeps every value until then, and a file may be gigabytes.
const flushBytes = 16 << 20

// PutContent stores a file's bytes in chunks, read from r. It is written
// before the evidence record that makes it visible, so a crash in between
// leaves chunks that the next import of the file overwrites.
func (h *Home) PutContent(ctx context.Context, engID, id string, r io.Reader) (int64, error) {
	var n int64
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		wb := db.NewWriteBatch()
		defer func() { wb.Cancel() }()
		for i := uint32(0); ; i++ {
			if err := ctxErr(ctx); err != nil {
				return err
			}
			if i > 0 && i%(flushBytes/chunkSize) == 0 {
				if err := wb.Flush(); err != nil {
					return writeErr(db, err)
				}
				wb = db.NewWriteBatch()
			}
			buf := make([]byte, chunkSize) // the batch keeps it until flushed
			m, err := io.ReadFull(r, buf)
			if m > 0 {
				if err := wrote(db, m); err != nil {
					return err
				}
				if err := wb.SetEntry(packed(blobKey(id, i), buf[:m:m])); err != nil {
					return err
				}
				n += int64(m)
				h.pages.Wrote(int64(m))
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		return writeErr(db, wb.Flush())
	})
	return n, coded(err, "store content of %s", id)
}

// Copy is one copy of a file for CommitCopies: its record and provenance,
// and what to write before them.
type Copy struct {
	Evidence   audit.Evidence
	Provenance audit.Provenance
	// Content is the file's bytes when they are to be written with the
	// record; nil when they are stored already (PutContent, or an earlier
	// import of the same content).
	Content   []byte
	Parts     []audit.Part // extracted text, written when not empty
	Thumbnail []byte
	// Children is how many attachments the file holds, committed after it.
	// New content with children is recorded as pending (evkids/<id>) in the
	// same transaction, until ChildrenStored: a kill in between leaves a
	// mark that makes the next import of the file go into it again.
	Children int
}

// CommitCopies makes copies of files part of the engagement: first their
// content and text, then, in one transaction, each copy's record and
// provenance with its own trail event, in order (see CommitEvidence). One
// transaction for many small files is what makes an import of thousands
// of them fast; a kill leaves either all of the records or none, and
// content without a record is overwritten by the next import. It reports
// for each copy whether its content was new.
func (h *Home) CommitCopies(ctx context.Context, engID, actor string, copies []Copy) ([]bool, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, audit.Errorf(audit.EINVALID, "actor is required to record evidence")
	}
	isNew := make([]bool, len(copies))
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		if err := putFiles(ctx, db, copies, &h.pages); err != nil {
			return err
		}
		return commitCopies(ctx, db, actor, copies, isNew)
	})
	if len(copies) == 1 {
		return isNew, coded(err, "record evidence %s", copies[0].Provenance.Path)
	}
	return isNew, coded(err, "record %d evidence files", len(copies))
}

// CommitEvidence makes a copy of a file part of the engagement, in one
// transaction with its trail event: the evidence record if the content is
// new, else the copy's requests and controls merged into it, and the
// provenance of this copy. It reports whether the content was new.
func (h *Home) CommitEvidence(ctx context.Context, engID, actor string, ev audit.Evidence, prov audit.Provenance) (bool, error) {
	isNew, err := h.CommitCopies(ctx, engID, actor, []Copy{{Evidence: ev, Provenance: prov}})
	if err != nil {
		return false, err
	}
	return isNew[0], nil
}

// putFiles writes the copies' content, text and thumbnails before the
// records that make them visible, flushing the write batch every
// flushBytes, since a batch keeps every value until it is flushed.
func putFiles(ctx context.Context, db *badger.DB, copies []Copy, pages *pageout.Throttle) error {
	wb := db.NewWriteBatch()
	defer func() { wb.Cancel() }()
	pending := 0
	// set writes content and text compressed (compress.go); a thumbnail,
	// a PNG already, is written as it is.
	set := func(k, v []byte) error {
		pages.Wrote(int64(len(v)))
		if err := wrote(db, len(v)); err != nil {
			return err
		}
		if pending >= flushBytes {
			if err := wb.Flush(); err != nil {
				return writeErr(db, err)
			}
			wb, pending = db.NewWriteBatch(), 0
		}
		e := badger.NewEntry(k, v)
		if !bytes.HasPrefix(k, thumbKey("")) {
			e = packed(k, v)
		}
		pending += len(k) + len(e.Value)
		return wb.SetEntry(e)
	}
	for _, c := range copies {
		if err := ctxErr(ctx); err != nil {
			return err
		}
		id := c.Evidence.ID
		for i := 0; i*chunkSize < len(c.Content); i++ {
			chunk := c.Content[i*chunkSize : min((i+1)*chunkSize, len(c.Content))]
			if err := set(blobKey(id, uint32(i)), chunk); err != nil {
				return err
			}
		}
		for i, p := range c.Parts {
			v, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := set(partKey(id, uint32(i)), v); err != nil {
				return err
			}
		}
		if len(c.Thumbnail) > 0 {
			if err := set(thumbKey(id), c.Thumbnail); err != nil {
				return err
			}
		}
	}
	return writeErr(db, wb.Flush())
}

// commitCopies records the copies in one transaction, or, should that be
// more than Badger takes in one, in halves.
func commitCopies(ctx context.Context, db *badger.DB, actor string, copies []Copy, isNew []bool) error {
	err := updateLazy(ctx, db, func(txn *badger.Txn) error {
		tw := &trailWriter{txn: txn}
		for i, c := range copies {
			var err error
			if isNew[i], err = recordCopy(txn, tw, actor, c.Evidence, c.Provenance); err != nil {
				return err
			}
			if isNew[i] && c.Children > 0 {
				if err := txn.Set(childrenKey(c.Evidence.ID), binary.BigEndian.AppendUint32(nil, uint32(c.Children))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if errors.Is(err, badger.ErrTxnTooBig) && len(copies) > 1 {
		half := len(copies) / 2
		if err := commitCopies(ctx, db, actor, copies[:half], isNew[:half]); err != nil {
			return err
		}
		return commitCopies(ctx, db, actor, copies[half:], isNew[half:])
	}
	return err
}

// recordCopy writes one copy's record and provenance and its trail event.
// A copy recorded before (the same path in the same pack) changes nothing.
func recordCopy(txn *badger.Txn, tw *trailWriter, actor string, ev audit.Evidence, prov audit.Provenance) (bool, error) {
	var old audit.Evidence
	err := getJSON(txn, evidenceKey(ev.ID), &old)
	isNew := errors.Is(err, badger.ErrKeyNotFound)
	if err != nil && !isNew {
		return false, err
	}
	pk := provenanceKey(ev.ID, ProvenanceKey(prov.PackSHA256, prov.Path))
	if _, err := txn.Get(pk); err == nil {
		return false, nil // this very copy is already recorded
	}
	action := "evidence.copy"
	record := ev
	if !isNew {
		record = mergeLinks(old, ev)
	} else {
		action = "evidence.add"
	}
	if isNew || !slices.Equal(record.Controls, old.Controls) || !slices.Equal(record.Requests, old.Requests) || record.AsOf != old.AsOf || record.AsOfSource != old.AsOfSource || record.Path != old.Path {
		if err := setJSON(txn, evidenceKey(ev.ID), record); err != nil {
			return false, err
		}
	}
	if err := setJSON(txn, pk, prov); err != nil {
		return false, err
	}
	_, err = tw.append(prov.ImportedAt, actor, action, "evidence/"+ev.ID, struct {
		SHA256 string `json:"sha256"`
		audit.Provenance
	}{ev.SHA256, prov})
	if err != nil {
		return isNew, err
	}
	return isNew, linkListed(tw, prov.ImportedAt, actor, ev)
}

// linkListed links a copy to each request it names that the PBC list
// holds, in the transaction that records the copy, so that a file is never
// stored without the links its names give it. A request the list does not
// hold stays a name on the record; importing the list links it later.
func linkListed(tw *trailWriter, at time.Time, actor string, ev audit.Evidence) error {
	for _, r := range ev.Requests {
		switch _, err := tw.txn.Get(requestKey(r)); {
		case errors.Is(err, badger.ErrKeyNotFound):
			continue
		case err != nil:
			return err
		}
		if _, err := linkRequest(tw, at.UTC(), actor, r, ev.ID); err != nil {
			return err
		}
	}
	return nil
}

// ChildrenPending returns how many attachments an evidence file was
// recorded with if they may not all be stored (ChildrenStored has not been
// called since), else 0.
func (h *Home) ChildrenPending(ctx context.Context, engID, id string) (int, error) {
	n := 0
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(childrenKey(id))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			return item.Value(func(v []byte) error {
				if len(v) == 4 {
					n = int(binary.BigEndian.Uint32(v))
				}
				return nil
			})
		})
	})
	return n, coded(err, "look up attachments of %s", id)
}

// ChildrenStored records that every attachment of an evidence file is
// committed, so that importing the file again need not go into it.
func (h *Home) ChildrenStored(ctx context.Context, engID, id string) error {
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return update(ctx, db, func(txn *badger.Txn) error { return txn.Delete(childrenKey(id)) })
	})
	return coded(err, "record attachments of %s stored", id)
}
