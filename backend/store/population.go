package store

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"

	"auditroom/backend/audit"
	"auditroom/backend/population"
	"auditroom/backend/scope"
)

// Paging of population rows.
const (
	defaultRowLimit = 100
	maxRowLimit     = 1000
)

// errStopped ends the content reader once the population reader stops early.
var errStopped = errors.New("population reader stopped")

// countingWriter counts what passes on to the pipe.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// PopulationSource checks, before a long read starts, what can be checked
// at once: the options, the engagement, and that the evidence file exists
// and is a table. It returns that file.
func (h *Home) PopulationSource(ctx context.Context, engID string, opt population.Options) (audit.Evidence, error) {
	opt.Normalize()
	if err := opt.Validate(); err != nil {
		return audit.Evidence{}, err
	}
	if _, err := h.Engagement(ctx, engID); err != nil {
		return audit.Evidence{}, err
	}
	ev, _, err := h.Evidence(ctx, engID, opt.EvidenceID)
	if err != nil {
		return audit.Evidence{}, err
	}
	_, err = population.Format(ev.Name, ev.Type)
	return ev, err
}

// CreatePopulation reads a population from a CSV or XLSX evidence file,
// streaming its content from the store: the rows are written in batches,
// then the population record and its trail event "population.create" in
// one transaction. progress, if not nil, is told the bytes of the file read
// so far and its size. The gap check follows the frequency of the control
// named in opt unless one is typed, and the population records which. It
// returns EINVALID for options the file does not fit, ENOTFOUND for unknown
// evidence or control and ECANCELED when ctx ends; a failed read leaves no
// rows behind.
func (h *Home) CreatePopulation(ctx context.Context, engID, actor string, opt population.Options, progress func(done, total int64)) (population.Population, error) {
	if err := requireActor(actor); err != nil {
		return population.Population{}, err
	}
	opt.Normalize()
	if err := opt.Validate(); err != nil {
		return population.Population{}, err
	}
	var p population.Population
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		var e audit.Engagement
		var ev audit.Evidence
		var source string
		err := db.View(func(txn *badger.Txn) error {
			if err := getJSON(txn, engagementKey, &e); err != nil {
				return err
			}
			var c scope.Control
			if opt.Control != "" {
				if err := getJSON(txn, controlKey(opt.Control), &c); errors.Is(err, badger.ErrKeyNotFound) {
					return audit.Errorf(audit.ENOTFOUND, "no control %s", opt.Control)
				} else if err != nil {
					return err
				}
			}
			source = opt.UseControl(string(c.Frequency))
			err := getJSON(txn, evidenceKey(opt.EvidenceID), &ev)
			if errors.Is(err, badger.ErrKeyNotFound) {
				return audit.Errorf(audit.ENOTFOUND, "no evidence %s", opt.EvidenceID)
			}
			return err
		})
		if err != nil {
			return err
		}
		if _, err := population.Format(ev.Name, ev.Type); err != nil {
			return err
		}
		id, err := newObjectID(popIDPrefix)
		if err != nil {
			return err
		}
		if p, err = readPopulation(ctx, db, id, ev, opt, population.Period{Start: e.PeriodStart, End: e.PeriodEnd}, progress); err != nil {
			// Rows written before the failure are of no population: drop them.
			if derr := db.DropPrefix(popRowPrefix(id)); derr != nil {
				return errors.Join(err, derr)
			}
			return err
		}
		p.ID, p.EvidenceID, p.SourceSHA256 = id, ev.ID, ev.SHA256
		p.Control, p.FrequencySource = opt.Control, source
		p.CreatedAt, p.CreatedBy = time.Now().UTC(), actor
		return update(ctx, db, func(txn *badger.Txn) error {
			if err := setJSON(txn, popKey(id), p); err != nil {
				return err
			}
			_, err := appendEvent(txn, p.CreatedAt, actor, "population.create", "population/"+id, populationEvent(p, opt))
			return err
		})
	})
	if err != nil {
		return population.Population{}, coded(err, "create population in engagement %s", engID)
	}
	return p, nil
}

// readPopulation streams the evidence content through the population
// reader and writes its rows under id in batches.
func readPopulation(ctx context.Context, db *badger.DB, id string, ev audit.Evidence, opt population.Options, period population.Period, progress func(done, total int64)) (population.Population, error) {
	pr, pw := io.Pipe()
	var read atomic.Int64
	done := make(chan error, 1)
	go func() {
		err := content(ctx, db, ev.ID, countingWriter{pw, &read})
		pw.CloseWithError(err) // nil closes with EOF
		done <- err
	}()
	w := rowWriter{db: db, wb: db.NewWriteBatch(), id: id}
	defer func() { w.wb.Cancel() }()
	var onRows func(int)
	if progress != nil {
		onRows = func(int) { progress(min(read.Load(), ev.Size), ev.Size) }
	}
	p, err := population.Read(ctx, population.Source{Name: ev.Name, Type: ev.Type, Size: ev.Size, Reader: pr}, opt, period, w.add, onRows)
	pr.CloseWithError(errStopped) // unblocks the writer if the reader stopped early
	if cerr := <-done; err == nil && cerr != nil && !errors.Is(cerr, errStopped) {
		err = cerr
	}
	if cerr := ctxErr(ctx); cerr != nil {
		return p, cerr // however the reader saw the content end
	}
	if err == nil {
		err = w.flush()
	}
	if err != nil {
		return p, err
	}
	return p, w.wb.Flush()
}

// Rows are stored in chunks, so that a million rows make a thousand keys
// rather than a million: far less work for Badger's tree, and values large
// enough to go to its value log. A chunk closes at whichever comes first.
const (
	chunkRows  = 1024
	chunkBytes = 128 << 10
	// batchChunks is how many chunks a write batch takes before it is
	// flushed: Badger counts a value bound for its value log as a pointer,
	// so a batch left to itself would hold the whole population in memory.
	batchChunks = 32
)

// rowWriter gathers rows into chunks and writes each under the index of
// its first row.
type rowWriter struct {
	db      *badger.DB
	wb      *badger.WriteBatch
	id      string
	rows    []population.Row
	bytes   int
	batched int
}

func (w *rowWriter) add(r population.Row) error {
	w.rows = append(w.rows, r)
	for _, c := range r.Cells {
		w.bytes += len(c) + 4
	}
	if len(w.rows) >= chunkRows || w.bytes >= chunkBytes {
		return w.flush()
	}
	return nil
}

func (w *rowWriter) flush() error {
	if len(w.rows) == 0 {
		return nil
	}
	b, err := json.Marshal(w.rows)
	if err != nil {
		return err
	}
	if err := wrote(w.db, len(b)); err != nil {
		return err
	}
	if err := w.wb.Set(popRowKey(w.id, w.rows[0].Index), b); err != nil {
		return err
	}
	w.rows, w.bytes = w.rows[:0], 0
	if w.batched++; w.batched >= batchChunks {
		if err := w.wb.Flush(); err != nil {
			return writeErr(w.db, err)
		}
		w.wb, w.batched = w.db.NewWriteBatch(), 0
	}
	return nil
}

// eachRow calls fn with the population's rows in order from index from,
// until fn returns false or the rows end.
func eachRow(txn *badger.Txn, id string, from int, fn func(population.Row) bool) error {
	prefix := popRowPrefix(id)
	// The chunk holding row from is the last one starting at or before it.
	start := popRowKey(id, 0)
	back := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: prefix})
	back.Seek(popRowKey(id, from))
	if back.Valid() {
		start = back.Item().KeyCopy(nil)
	}
	back.Close()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 4})
	defer it.Close()
	for it.Seek(start); it.Valid(); it.Next() {
		var chunk []population.Row
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &chunk) }); err != nil {
			return err
		}
		for _, r := range chunk {
			if r.Index >= from && !fn(r) {
				return nil
			}
		}
	}
	return nil
}

// rowAt reads one row of a population.
func rowAt(txn *badger.Txn, id string, i int) (population.Row, error) {
	var row population.Row
	found := false
	err := eachRow(txn, id, i, func(r population.Row) bool {
		row, found = r, r.Index == i
		return false
	})
	if err == nil && !found {
		err = audit.Errorf(audit.EINTERNAL, "population %s has no row %d", id, i)
	}
	return row, err
}

// populationEvent is what the trail keeps of a new population.
func populationEvent(p population.Population, opt population.Options) any {
	return struct {
		Evidence     string   `json:"evidence_id"`
		File         string   `json:"file"`
		SourceSHA256 string   `json:"source_sha256"`
		Sheet        string   `json:"sheet,omitempty"`
		HeaderRow    int      `json:"header_row"`
		Key          string   `json:"key"`
		Date         string   `json:"date"`
		Amount       string   `json:"amount,omitempty"`
		Stratum      string   `json:"stratum,omitempty"`
		StatedCount  *int     `json:"stated_count,omitempty"`
		Filters      []string `json:"filters,omitempty"` // canonical
		Excluded     int      `json:"excluded,omitempty"`
		Rows         int      `json:"rows"`
		Hash         string   `json:"hash"`
		// The gap check's frequency and where it came from.
		Control         string `json:"control,omitempty"`
		Frequency       string `json:"frequency,omitempty"`
		FrequencySource string `json:"frequency_source,omitempty"`
		BusinessDays    bool   `json:"business_days,omitempty"`
	}{p.EvidenceID, p.File, p.SourceSHA256, p.Sheet, p.HeaderRow, opt.Key, opt.Date, opt.Amount, opt.Stratum, opt.StatedCount,
		p.FilterTexts(), p.Excluded, p.Rows, p.Hash, p.Control, p.Frequency, p.FrequencySource, p.BusinessDays}
}

// PreviewPopulation shows the top of a CSV or XLSX evidence file, to
// choose the sheet, header row and columns of a population.
func (h *Home) PreviewPopulation(ctx context.Context, engID, evidenceID, sheet string, headerRow int) (population.Preview, error) {
	var pv population.Preview
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		var ev audit.Evidence
		err := db.View(func(txn *badger.Txn) error { return getJSON(txn, evidenceKey(evidenceID), &ev) })
		if errors.Is(err, badger.ErrKeyNotFound) {
			return audit.Errorf(audit.ENOTFOUND, "no evidence %s", evidenceID)
		}
		if err != nil {
			return err
		}
		if _, err := population.Format(ev.Name, ev.Type); err != nil {
			return err
		}
		pr, pw := io.Pipe()
		done := make(chan struct{})
		go func() {
			pw.CloseWithError(content(ctx, db, ev.ID, pw))
			close(done)
		}()
		pv, err = population.ReadPreview(population.Source{Name: ev.Name, Type: ev.Type, Size: ev.Size, Reader: pr}, sheet, headerRow)
		pr.CloseWithError(errStopped)
		<-done
		return err
	})
	return pv, coded(err, "preview evidence %s", evidenceID)
}

// Populations lists an engagement's populations, oldest first.
func (h *Home) Populations(ctx context.Context, engID string) ([]population.Population, error) {
	out, err := records[population.Population](ctx, h, engID, popPrefix)
	sortByCreation(out, func(p population.Population) (time.Time, string) { return p.CreatedAt, p.ID })
	return out, coded(err, "list populations of engagement %s", engID)
}

// Population returns one population with its checks; ENOTFOUND if there
// is none.
func (h *Home) Population(ctx context.Context, engID, id string) (population.Population, error) {
	return View(ctx, h, engID, func(s *Snapshot) (population.Population, error) { return s.Population(id) })
}

func getPopulation(txn *badger.Txn, id string) (population.Population, error) {
	var p population.Population
	if !validObjectID(popIDPrefix, id) {
		return p, audit.Errorf(audit.ENOTFOUND, "no population %s", id)
	}
	err := getJSON(txn, popKey(id), &p)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return p, audit.Errorf(audit.ENOTFOUND, "no population %s", id)
	}
	return p, err
}

// PopulationRows returns a page of a population's rows in order, and the
// number of rows in all. A limit of zero or less means 100; at most 1000
// are returned.
func (h *Home) PopulationRows(ctx context.Context, engID, id string, offset, limit int) ([]population.Row, int, error) {
	if offset < 0 {
		return nil, 0, audit.Errorf(audit.EINVALID, "offset %d must not be negative", offset)
	}
	if limit <= 0 {
		limit = defaultRowLimit
	}
	limit = min(limit, maxRowLimit)
	rows := []population.Row{}
	total := 0
	err := h.withEngagement(ctx, engID, func(db *badger.DB) error {
		return db.View(func(txn *badger.Txn) error {
			p, err := getPopulation(txn, id)
			if err != nil {
				return err
			}
			total = p.Rows
			return eachRow(txn, id, offset, func(r population.Row) bool {
				rows = append(rows, r)
				return len(rows) < limit
			})
		})
	})
	if err != nil {
		return nil, 0, coded(err, "read rows of population %s", id)
	}
	return rows, total, nil
}
