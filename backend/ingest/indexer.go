package ingest

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/index"
	"auditroom/backend/store"
)

// A batch goes to the index once it holds this many documents or this much
// text, checked between files. The text bound keeps the analysis of a batch
// (tokens, term positions) to about 70 MB; the index merges the batches
// that wait for its disk writer into one segment (index/durable.go), so
// small batches do not make many segments.
const (
	batchDocs  = 1000
	batchBytes = 1 << 20
)

// indexer batches documents for the search index and records, once a batch
// is written, which evidence it covered.
type indexer struct {
	ix  *index.Index
	h   *store.Home
	eng string

	mu      sync.Mutex
	docs    []index.Doc
	ids     []string // files whose last document is in docs
	bytes   int
	durable []string // files whose documents are on disk, not yet marked indexed

	// writing lets one batch at a time be analysed and written: the
	// importing goroutines that fill the next one wait, rather than each
	// holding a batch's analysis in memory at once.
	writing sync.Mutex
}

// maxDocText bounds the text of one index document: a longer part (a
// spreadsheet row of megabytes, say) is split into several documents, so
// that analysing one never needs more memory than a batch is allowed.
const maxDocText = 64 << 10

// Docs turns one evidence file into index documents: one for the file
// itself (so it is found by name even without text) and one or more per part.
func Docs(ev audit.Evidence, parts []audit.Part) []index.Doc {
	asOf, _ := time.Parse(audit.DateLayout, ev.AsOf)
	base := index.Doc{EvidenceID: ev.ID, Part: -1, Name: ev.Name, Path: ev.Path, Pack: ev.Pack,
		Type: ev.Type, Status: ev.Status, AsOf: asOf, Controls: ev.Controls, Requests: ev.Requests}
	docs := []index.Doc{base}
	if ev.Parent != "" {
		base.Attachment = ev.Name
	}
	for i, p := range parts {
		d := base
		d.Part = i
		start := 0
		for chunk, text := range splitText(p.Text, maxDocText) {
			// Each piece carries the numbers of its own rows and lines.
			d.Chunk, d.Place = chunk, p.Cut(start, start+len(text))
			start += len(text)
			docs = append(docs, d)
		}
	}
	return docs
}

// splitText cuts s into pieces of at most n bytes, at spaces where it can
// and never inside a UTF-8 sequence.
func splitText(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := strings.LastIndexByte(s[:n], ' ')
		if cut < n/2 {
			cut = n
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

// add queues a file's documents, writing a batch whenever one is full; the
// file counts as indexed once its last document is in a written batch.
func (x *indexer) add(ctx context.Context, ev audit.Evidence, parts []audit.Part) error {
	if x.ix == nil {
		return nil
	}
	docs := Docs(ev, parts)
	for len(docs) > 0 {
		x.mu.Lock()
		n := 0
		for n < len(docs) && x.bytes < batchBytes && len(x.docs) < batchDocs {
			x.docs = append(x.docs, docs[n])
			x.bytes += len(docs[n].Place.Text)
			n++
		}
		docs = docs[n:]
		if len(docs) == 0 {
			x.ids = append(x.ids, ev.ID)
		}
		full := x.full()
		x.mu.Unlock()
		if full {
			if err := x.flush(ctx, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// catchUp queues the stored evidence that is not marked indexed: a kill or
// a failed write (a full disk) between its commit and the index reaching
// the disk kept it out.
func (x *indexer) catchUp(ctx context.Context) error {
	if x.ix == nil {
		return nil
	}
	missing, err := x.h.NotIndexed(ctx, x.eng, index.MappingVersion)
	if err != nil {
		return err
	}
	for _, ev := range missing {
		parts, err := x.h.Parts(ctx, x.eng, ev.ID)
		if err != nil {
			return err
		}
		if err := x.add(ctx, ev, parts); err != nil {
			return err
		}
	}
	return nil
}

// full reports whether the waiting documents make a batch; x.mu is held.
func (x *indexer) full() bool { return x.bytes >= batchBytes || len(x.docs) >= batchDocs }

// flush sends the waiting documents to the index as one batch, and marks
// indexed the files of earlier batches that are now on disk. Unless all is
// set, it sends them only if they still make a full batch: the goroutines
// that found the batch full while another was writing it wait here, and
// the first of them to get in takes the batch; the others, finding a few
// documents, leave them to fill the next.
func (x *indexer) flush(ctx context.Context, all bool) error {
	if x.ix == nil {
		return nil
	}
	x.writing.Lock()
	defer x.writing.Unlock()
	x.mu.Lock()
	if !all && !x.full() {
		x.mu.Unlock()
		return nil
	}
	docs, ids := x.docs, x.ids
	x.docs, x.ids, x.bytes = nil, nil, 0
	x.mu.Unlock()
	if len(docs) > 0 {
		// What will be marked indexed is first made durable in the store.
		if err := x.h.Sync(ctx, x.eng); err != nil {
			return err
		}
		durable := func() {
			x.mu.Lock()
			x.durable = append(x.durable, ids...)
			x.mu.Unlock()
		}
		if err := x.ix.Add(ctx, docs, durable); err != nil {
			return err
		}
	}
	return x.mark(ctx)
}

// finish sends what is waiting, waits until the index has all of it on
// disk and marks it indexed.
func (x *indexer) finish(ctx context.Context) error {
	if x.ix == nil {
		return nil
	}
	if err := x.flush(ctx, true); err != nil {
		return err
	}
	if err := x.ix.Flush(); err != nil {
		return err
	}
	return x.mark(ctx)
}

// mark records in the store which files' documents are on disk.
func (x *indexer) mark(ctx context.Context) error {
	x.mu.Lock()
	ids := x.durable
	x.durable = nil
	x.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	if err := x.h.MarkIndexed(ctx, x.eng, index.MappingVersion, ids); err != nil {
		return err
	}
	return x.h.Sync(ctx, x.eng)
}

// Reindex rebuilds the search index of an engagement from the store.
func Reindex(ctx context.Context, h *store.Home, engID string, ix *index.Index, report func(done, total int)) (int, error) {
	var all []audit.Evidence
	if err := h.ForEachEvidence(ctx, engID, func(e audit.Evidence) error { all = append(all, e); return nil }); err != nil {
		return 0, err
	}
	var size int64
	for _, ev := range all {
		size += ev.Size
	}
	// Refused before the index is written rather than stopped half way.
	if err := h.RoomFor(store.IndexNeeds(size), "rebuilding the search index"); err != nil {
		return 0, err
	}
	x := &indexer{ix: ix, h: h, eng: engID}
	for i, ev := range all {
		parts, err := h.Parts(ctx, engID, ev.ID)
		if err != nil {
			return i, err
		}
		if err := x.add(ctx, ev, parts); err != nil {
			return i, err
		}
		if report != nil {
			report(i+1, len(all))
		}
	}
	if err := x.finish(ctx); err != nil {
		return len(all), err
	}
	return len(all), nil
}

// OpenIndex opens an engagement's search index, rebuilding it from the
// store when it is missing, damaged or built with another mapping, and
// adding the evidence stored but not yet indexed.
func OpenIndex(ctx context.Context, h *store.Home, engID string) (*index.Index, error) {
	dir, key, err := h.IndexSecrets(ctx, engID)
	if err != nil {
		return nil, err
	}
	if h.ReadOnly() != "" {
		return index.OpenReadOnly(dir, key)
	}
	ix, rebuilt, err := index.Open(dir, key)
	if err != nil {
		return nil, err
	}
	if rebuilt {
		_, err = Reindex(ctx, h, engID, ix, nil)
	} else {
		x := &indexer{ix: ix, h: h, eng: engID}
		if err = x.catchUp(ctx); err == nil {
			err = x.finish(ctx)
		}
	}
	if err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// ReindexEvidence writes one evidence file's documents again, after a
// change to what the index holds of it (its as-of date, say).
func ReindexEvidence(ctx context.Context, h *store.Home, engID string, ix *index.Index, id string) error {
	ev, _, err := h.Evidence(ctx, engID, id)
	if err != nil {
		return err
	}
	parts, err := h.Parts(ctx, engID, id)
	if err != nil {
		return err
	}
	x := &indexer{ix: ix, h: h, eng: engID}
	if err := x.add(ctx, ev, parts); err != nil {
		return err
	}
	return x.finish(ctx)
}
