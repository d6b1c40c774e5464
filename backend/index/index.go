// Package index is the full-text search index of one engagement: Bleve's
// scorch index on disk with every segment encrypted (crypt.go). It is
// derived data: Badger is the source of truth and the index can be rebuilt
// from it at any time.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"auditroom/backend/audit"
	"auditroom/backend/pageout"
)

// EncodeMarks writes marks as the stored field a search reads back
// (DecodeMarks): "at,row,line,record;" per mark, shorter than JSON.
func EncodeMarks(marks []audit.Mark) string {
	var b strings.Builder
	for _, m := range marks {
		fmt.Fprintf(&b, "%d,%d,%d,%d;", m.At, m.Row, m.Line, m.Record)
	}
	return b.String()
}

// DecodeMarks reads what EncodeMarks wrote; it stops at anything else.
func DecodeMarks(s string) []audit.Mark {
	var out []audit.Mark
	for item := range strings.SplitSeq(s, ";") {
		var m audit.Mark
		if _, err := fmt.Sscanf(item, "%d,%d,%d,%d", &m.At, &m.Row, &m.Line, &m.Record); err != nil {
			break
		}
		out = append(out, m)
	}
	return out
}

// Doc is one unit of text to index: a page, a group of rows or lines, or
// (Part -1) the file itself, so that files without text are found by name.
type Doc struct {
	EvidenceID string
	Part       int // index into the evidence's parts; -1 for the file itself
	Chunk      int // a part too long for one document is split; 0, 1, … within the part
	Name       string
	Path       string
	Pack       string
	Type       string
	Status     string
	AsOf       time.Time
	Controls   []string
	Requests   []string
	Attachment string     // the file's name when it is attached to an e-mail
	Place      audit.Part // the text and where its rows, lines and records start
}

// ID is the document's key in the index.
func (d Doc) ID() string {
	id := d.EvidenceID + "/" + strconv.Itoa(d.Part)
	if d.Chunk > 0 {
		id += "." + strconv.Itoa(d.Chunk)
	}
	return id
}

// Index is an open engagement index.
type Index struct {
	dir   string
	b     bleve.Index
	close sync.Once
	err   error
	files *fileTable
	warm  sync.WaitGroup

	// Batches are searchable once added and written to disk by Bleve's
	// persister afterwards (durable.go).
	disk    *durability
	batches atomic.Int64

	// pages counts the bytes of text indexed, for Add to give the
	// segments' pages back now and then.
	pages pageout.Throttle
}

// pageOutEvery is how much text is indexed between the times the index
// gives the kernel back its pages of segment files. Bleve reads segments
// through memory maps, and an import's merges read every one, so without
// this their pages count as the importer's memory until the kernel runs
// short; a search reads back what it needs. A variable, so that a test can
// use a small one.
var pageOutEvery int64 = 16 << 20

// Open opens the index in dir, encrypted with key, creating it if needed.
// An index built with another mapping version is removed and made anew,
// and rebuilt reports it so the caller can index everything again.
func Open(dir string, key []byte) (ix *Index, rebuilt bool, err error) {
	disk := register(dir, key)
	defer func() {
		if err != nil {
			unregister(dir)
		}
	}()
	b, err := bleve.OpenUsing(dir, config())
	if err == nil {
		v, verr := b.GetInternal([]byte(versionKey))
		if verr == nil && string(v) == MappingVersion {
			return opened(dir, b, disk), false, nil
		}
		b.Close()
	}
	if err != nil && !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		// A damaged index is derived data: start it again.
		rebuilt = true
	}
	if err == nil {
		rebuilt = true // built with another mapping
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, writeError(dir, err, "remove old search index")
	}
	m, err := newMapping()
	if err != nil {
		return nil, false, audit.Wrap(audit.EINTERNAL, err, "build search mapping")
	}
	b, err = bleve.NewUsing(dir, m, scorch.Name, scorch.Name, config())
	if err != nil {
		return nil, false, writeError(filepath.Dir(dir), err, "create search index")
	}
	ix = opened(dir, b, disk)
	// The version is on disk before anything is indexed, so that a kill
	// mid-import leaves an index that is kept, and completed by importing
	// again, rather than one rebuilt from the start.
	batch := b.NewBatch()
	batch.SetInternal([]byte(versionKey), []byte(MappingVersion))
	err = ix.write(batch, nil)
	if err == nil {
		err = ix.Flush()
	}
	if err != nil {
		ix.Close()
		return nil, false, audit.Wrap(audit.EINTERNAL, err, "record search mapping version")
	}
	return ix, rebuilt, nil
}

// OpenReadOnly opens the index in dir for searching only, for a data folder
// that cannot be written: an index that would have to be made anew (none,
// damaged, another mapping) is an error rather than rebuilt.
func OpenReadOnly(dir string, key []byte) (*Index, error) {
	disk := register(dir, key)
	cfg := config()
	cfg["read_only"] = true
	b, err := bleve.OpenUsing(dir, cfg)
	if err == nil {
		if v, verr := b.GetInternal([]byte(versionKey)); verr == nil && string(v) == MappingVersion {
			return opened(dir, b, disk), nil
		}
		b.Close()
		err = errors.New("it was built by another version")
	}
	unregister(dir)
	return nil, audit.Wrap(audit.ESTORAGE, err, "the search index in %s cannot be rebuilt while the data folder is read-only", dir)
}

// opened wraps an open Bleve index and starts reading its file tables
// (files.go) in the background, so that the first search after opening an
// engagement does not wait for them.
func opened(dir string, b bleve.Index, disk *durability) *Index {
	ix := &Index{dir: dir, b: b, files: newFileTable(), disk: disk}
	ix.pages.Every = pageOutEvery
	ix.warm.Go(func() {
		adv, err := b.Advanced()
		if err != nil {
			return
		}
		r, err := adv.Reader()
		if err != nil {
			return
		}
		defer r.Close()
		if snap, ok := r.(*scorch.IndexSnapshot); ok {
			ix.files.view(snap) // an error comes back at the first search
		}
	})
	return ix
}

// Close closes the index and forgets its key; later calls do nothing.
func (ix *Index) Close() error {
	ix.close.Do(func() {
		ix.warm.Wait()
		if err := ix.disk.wait(); err != nil {
			ix.err = ix.disk.failed(err)
		}
		if err := ix.b.Close(); err != nil && ix.err == nil {
			ix.err = err
		}
		unregister(ix.dir)
	})
	return ix.err
}

// Add indexes documents in one batch. They are searchable when it
// returns; durable is called once they are on disk, from Bleve's persister,
// which may be after Add has returned (Flush waits for it).
func (ix *Index) Add(ctx context.Context, docs []Doc, durable func()) error {
	batch := ix.b.NewBatch()
	size := 0
	for _, d := range docs {
		if err := batch.Index(d.ID(), d.fields()); err != nil {
			return audit.Wrap(audit.EINTERNAL, err, "index %s", d.Path)
		}
		size += len(d.Place.Text)
	}
	if err := ctx.Err(); err != nil {
		return audit.Wrap(audit.ECANCELED, err, "canceled")
	}
	if err := ix.write(batch, durable); err != nil {
		return err
	}
	if ix.pages.Wrote(int64(size)); ix.pages.Due() {
		pageout.Files(ix.dir, ".zap")
	}
	return nil
}

// write adds a batch, counting it until Bleve's persister reports it on
// disk (durable.go).
func (ix *Index) write(batch *bleve.Batch, durable func()) error {
	if err := ix.disk.reserve(); err != nil {
		return ix.disk.failed(err)
	}
	batch.SetPersistedCallback(func(err error) {
		if err == nil && durable != nil {
			durable()
		}
		ix.disk.done(err == nil)
	})
	if err := ix.b.Batch(batch); err != nil {
		ix.disk.done(false)
		return ix.disk.failed(err)
	}
	ix.batches.Add(1)
	return nil
}

// Batches is how many batches were added since the index was opened; each
// becomes a segment of its own until merged, so an importer's tests count
// them.
func (ix *Index) Batches() int64 { return ix.batches.Load() }

// Flush waits until every batch added so far is on disk.
func (ix *Index) Flush() error {
	if err := ix.disk.wait(); err != nil {
		return ix.disk.failed(err)
	}
	return nil
}

// Count is how many documents the index holds.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

func (d Doc) fields() map[string]any {
	f := map[string]any{
		fieldEvidence: d.EvidenceID, fieldPart: d.Part, fieldName: Fold(d.Name), fieldNameText: d.Name,
		fieldPath: d.Path, fieldPack: d.Pack, fieldType: d.Type, fieldStatus: d.Status,
		fieldControls: d.Controls, fieldRequests: d.Requests, fieldText: d.Place.Text,
	}
	if !d.AsOf.IsZero() {
		f[fieldAsOf] = d.AsOf
		f[fieldYear] = strconv.Itoa(d.AsOf.Year())
	}
	p := d.Place
	for field, n := range map[string]int{fieldPage: p.Page, fieldRow: p.Row, fieldLine: p.Line, fieldRecord: p.Record} {
		if n > 0 {
			f[field] = n
		}
	}
	for field, v := range map[string]string{fieldSheet: p.Sheet, fieldSection: p.Section, fieldAttachment: d.Attachment} {
		if v != "" {
			f[field] = v
		}
	}
	if len(p.Marks) > 0 {
		f[fieldMarks] = EncodeMarks(p.Marks)
	}
	return f
}
