// Package ingest imports evidence packs into an engagement: it walks each
// pack safely (backend/pack), hashes and stores every file in the encrypted
// store, extracts its text in worker processes (backend/worker), records
// provenance and the trail, and indexes the text (backend/index).
package ingest

import (
	"auditroom/backend/asof"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/extract"
	"auditroom/backend/index"
	"auditroom/backend/pack"
	"auditroom/backend/store"
)

// MaxInMemory is the largest file read whole into memory to hash and
// extract; a larger one is streamed into the store and not extracted.
const MaxInMemory = 256 << 20

// maxChildDepth bounds attachments of attachments.
const maxChildDepth = 4

// Extractor extracts one file; *worker.Pool is the real one.
type Extractor interface {
	Extract(ctx context.Context, name string, data []byte) (extract.Result, error)
	Size() int
}

// Options configure an import.
type Options struct {
	Actor     string      // who imports, for provenance and the trail
	Limits    pack.Limits // zero means pack.DefaultLimits()
	Extractor Extractor
	Index     *index.Index
	// Source is recorded in the provenance of every file imported, e.g.
	// audit.FromManagement; empty for the usual PBC pack.
	Source string
}

// Problem is a file that failed or was not extracted, and why.
type Problem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Summary is what an import did; the CLI prints it with --json.
type Summary struct {
	FilesTotal   int       `json:"files_total"`
	BytesTotal   int64     `json:"bytes_total"`
	Imported     int       `json:"imported"`   // new content stored
	Duplicates   int       `json:"duplicates"` // content already stored: another copy, or the same copy again
	Failed       []Problem `json:"failed"`
	NotExtracted []Problem `json:"not_extracted"`
	Encrypted    []Problem `json:"encrypted"`
	Canceled     bool      `json:"canceled,omitempty"`
	// NotImported counts, after a cancel, the files of the packs that were
	// not handled: never handed to a parser, or dropped before their commit.
	NotImported int     `json:"not_imported"`
	ElapsedS    float64 `json:"elapsed_s"`
}

// Progress reports where the import is.
type Progress struct {
	Stage      string `json:"stage"`
	FilesDone  int    `json:"files_done"`
	FilesTotal int    `json:"files_total"`
	BytesDone  int64  `json:"bytes_done"`
	BytesTotal int64  `json:"bytes_total"`
	Current    string `json:"current"`
}

// Import imports each path — a zip, a folder or a single file — into the
// engagement. Files that fail are recorded in the summary and the import
// goes on; err is returned only when the import cannot run at all. After a
// cancel, what was committed stays committed and indexed.
func Import(ctx context.Context, h *store.Home, engID string, paths []string, opt Options, report func(Progress)) (Summary, error) {
	srcs := make([]source, len(paths))
	for i, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return Summary{}, audit.Wrap(audit.EINVALID, err, "cannot read %s", p)
		}
		srcs[i] = source{path: p, name: filepath.Base(filepath.Clean(p))}
	}
	return importSources(ctx, h, engID, srcs, opt, report)
}

// ImportFS imports the files of fsys as one folder pack called name, as
// Import does a folder on disk. The demo's evidence, embedded in the
// binary, is imported this way, with no copy written to disk.
func ImportFS(ctx context.Context, h *store.Home, engID, name string, fsys fs.FS, opt Options, report func(Progress)) (Summary, error) {
	if strings.TrimSpace(name) == "" {
		return Summary{}, audit.Errorf(audit.EINVALID, "a pack needs a name")
	}
	return importSources(ctx, h, engID, []source{{name: name, fsys: fsys}}, opt, report)
}

// source is one pack: a path on disk, or an fs.FS read as a folder.
type source struct {
	name string // the pack's name in provenance
	path string // on disk; empty for an fs.FS
	fsys fs.FS
}

func (s source) String() string {
	if s.fsys != nil {
		return s.name
	}
	return s.path
}

func (s source) walk(ctx context.Context, lim pack.Limits, fn func(pack.Entry) error) ([]pack.Problem, error) {
	if s.fsys != nil {
		return pack.WalkFS(ctx, s.fsys, lim, fn)
	}
	return pack.Walk(ctx, s.path, lim, fn)
}

func importSources(ctx context.Context, h *store.Home, engID string, srcs []source, opt Options, report func(Progress)) (Summary, error) {
	start := time.Now()
	if opt.Limits == (pack.Limits{}) {
		opt.Limits = pack.DefaultLimits()
	}
	if report == nil {
		report = func(Progress) {}
	}
	eng, err := h.Engagement(ctx, engID)
	if err != nil {
		return Summary{}, err
	}
	im := &importer{h: h, eng: engID, opt: opt, report: report, dates: dateOptions(eng)}
	im.sum.Failed, im.sum.NotExtracted, im.sum.Encrypted = []Problem{}, []Problem{}, []Problem{}
	im.ix = &indexer{ix: opt.Index, h: h, eng: engID}
	im.commits = &committer{h: h, eng: engID, actor: opt.Actor}

	if err := im.ix.catchUp(ctx); err != nil {
		return im.finish(ctx, start, err)
	}
	// First pass: totals for progress, the pack hashes and any manifest.
	im.progress("counting files", "")
	packs := make([]*packInfo, len(srcs))
	for i, src := range srcs {
		info, err := im.survey(ctx, src)
		if err != nil {
			return im.finish(ctx, start, err)
		}
		packs[i] = info
	}
	// Refused before anything is written rather than stopped half way.
	if err := h.RoomFor(store.ImportNeeds(im.sum.BytesTotal), "this import"); err != nil {
		return im.finish(ctx, start, err)
	}
	for _, info := range packs {
		if err := im.importPack(ctx, info); err != nil {
			return im.finish(ctx, start, err)
		}
	}
	return im.finish(ctx, start, nil)
}

type importer struct {
	h       *store.Home
	eng     string
	opt     Options
	report  func(Progress)
	ix      *indexer
	commits *committer
	mem     *budget // of the pack being imported; nil for files from memory
	dates   asof.Options

	mu     sync.Mutex
	sum    Summary
	prog   Progress
	stored bool                     // some copy was recorded: the import changed the engagement
	busy   map[string]chan struct{} // content being imported, closed when done
}

// one waits until no other goroutine imports the content id, and returns
// the call that lets the next one in: two copies of an e-mail in one pack
// then never both go into it for its attachments.
func (im *importer) one(id string) (done func()) {
	for {
		im.mu.Lock()
		wait, busy := im.busy[id]
		if !busy {
			if im.busy == nil {
				im.busy = map[string]chan struct{}{}
			}
			ch := make(chan struct{})
			im.busy[id] = ch
			im.mu.Unlock()
			return func() {
				im.mu.Lock()
				delete(im.busy, id)
				im.mu.Unlock()
				close(ch)
			}
		}
		im.mu.Unlock()
		<-wait
	}
}

// packInfo is what the first pass learned of one pack.
type packInfo struct {
	src      source
	name     string
	sha256   string
	manifest map[string]pack.ManifestEntry // by path
}

// survey counts a pack's files and bytes, hashes it, and reads its manifest.
func (im *importer) survey(ctx context.Context, src source) (*packInfo, error) {
	info := &packInfo{src: src, name: src.name, manifest: map[string]pack.ManifestEntry{}}
	listing := sha256.New()
	_, err := src.walk(ctx, im.opt.Limits, func(e pack.Entry) error {
		im.mu.Lock()
		im.sum.FilesTotal++
		im.sum.BytesTotal += e.Size
		im.prog.FilesTotal, im.prog.BytesTotal = im.sum.FilesTotal, im.sum.BytesTotal
		im.mu.Unlock()
		fmt.Fprintf(listing, "%s\x00%d\x00%d\n", e.Path, e.Size, e.ModTime.Unix())
		if e.Depth == 0 && pack.IsManifest(e.Path) {
			data, err := readAll(e, MaxInMemory)
			if err != nil {
				return nil // reported when the manifest is imported as a file
			}
			entries, problems, err := pack.ParseManifest(e.Path, data)
			for _, p := range problems {
				im.fail(&im.sum.Failed, p.Path, "manifest: "+p.Reason)
			}
			if err != nil {
				im.fail(&im.sum.Failed, e.Path, err.Error())
			}
			for _, m := range entries {
				info.manifest[m.Path] = m
			}
		}
		return nil
	})
	if err != nil {
		return nil, coded(err, "read pack %s", src)
	}
	// A folder has no bytes of its own: its listing stands for it.
	info.sha256 = hex.EncodeToString(listing.Sum(nil))
	if src.fsys != nil {
		return info, nil
	}
	st, err := os.Stat(src.path)
	if err != nil {
		return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", src)
	}
	if !st.IsDir() {
		if info.sha256, err = fileSHA256(src.path); err != nil {
			return nil, audit.Wrap(audit.EINVALID, err, "cannot read %s", src)
		}
	}
	return info, nil
}

// importPack walks one pack and hands its files to goroutines, many more
// than the extractor has workers: while some wait for a worker, others
// wait for their group to be committed (committer), so that workers and
// the store are both kept busy. What they hold in memory is bounded by a
// budget of inFlightBytes.
func (im *importer) importPack(ctx context.Context, info *packInfo) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	files := make(chan file)
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	mem := newBudget(inFlightBytes)
	im.mem = mem
	for range max(1, im.opt.Extractor.Size()) * goroutinesPerWorker {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range files {
				err := im.importFile(ctx, info, f, 0)
				mem.release(f.held)
				if err != nil {
					select {
					case errc <- err:
					default:
					}
					cancel()
				}
			}
		}()
	}
	problems, walkErr := info.src.walk(ctx, im.opt.Limits, func(e pack.Entry) error {
		held, err := mem.take(ctx, e.Size)
		if err != nil {
			return err
		}
		f, err := load(e)
		f.held = held
		if err != nil {
			mem.release(held)
			im.done(e.Size, e.Path)
			im.fail(&im.sum.Failed, prefixed(info, e.Path), err.Error())
			return nil
		}
		select {
		case files <- f:
			return nil
		case <-ctx.Done():
			mem.release(held)
			return ctx.Err()
		}
	})
	close(files)
	wg.Wait()
	for _, p := range problems {
		im.fail(&im.sum.Failed, prefixed(info, p.Path), p.Reason)
	}
	select {
	case err := <-errc:
		return err
	default:
	}
	if walkErr != nil {
		return coded(walkErr, "read pack %s", info.src)
	}
	return nil
}

// file is one entry read for import.
type file struct {
	entry  pack.Entry
	data   []byte // nil when the file is too large to hold: then it is streamed
	sha256 string
	parent string // evidence ID of the file this one was found in
	// controls and requests of the parent: an attachment answers what the
	// e-mail that carried it answers.
	controls, requests []string
	held               int64 // what it holds of the import's memory budget
}

// load reads an entry whole, or hashes it as a stream when it is too large.
func load(e pack.Entry) (file, error) {
	f := file{entry: e}
	if e.Size <= MaxInMemory {
		data, err := readAll(e, MaxInMemory)
		if err == nil {
			sum := sha256.Sum256(data)
			f.data, f.sha256 = data, hex.EncodeToString(sum[:])
			return f, nil
		}
		if !errors.Is(err, errTooLarge) {
			return f, err
		}
	}
	r, err := e.Open()
	if err != nil {
		return f, err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return f, err
	}
	f.sha256 = hex.EncodeToString(h.Sum(nil))
	return f, nil
}

// importFile stores, extracts, records and indexes one file. After a
// cancel it starts nothing: a file not yet handed to a parser, or extracted
// but not yet committed, is dropped whole and not counted as done.
func (im *importer) importFile(ctx context.Context, info *packInfo, f file, depth int) (err error) {
	e := f.entry
	p := prefixed(info, e.Path)
	id := f.sha256[:24]
	if err := canceled(ctx); err != nil {
		return err
	}
	defer im.one(id)()
	recorded := false
	defer func() {
		if depth == 0 && (err == nil || recorded) {
			im.done(e.Size, p)
		}
	}()
	now := time.Now().UTC()
	prov := audit.Provenance{EvidenceID: id, Pack: info.name, PackSHA256: info.sha256, Path: e.Path,
		Size: e.Size, ModTime: e.ModTime.UTC(), ImportedBy: im.opt.Actor, ImportedAt: now, Source: im.opt.Source}

	// The same copy again (a re-import) adds nothing, unless a kill kept
	// some of its attachments out: then the file is read again for them.
	// A kill that kept it out of the index is made good when the import
	// starts (catchUp).
	seen, exists, err := im.h.Seen(ctx, im.eng, id, store.ProvenanceKey(info.sha256, e.Path))
	if err != nil {
		return err
	}
	pending := 0
	if exists {
		if pending, err = im.h.ChildrenPending(ctx, im.eng, id); err != nil {
			return err
		}
	}
	if seen && pending == 0 {
		recorded = true
		im.count(&im.sum.Duplicates)
		return nil
	}
	ev := audit.Evidence{ID: id, SHA256: f.sha256, Size: e.Size, Name: path.Base(e.Path), Path: e.Path,
		Pack: info.name, Parent: f.parent, ImportedAt: now, ImportedBy: im.opt.Actor}
	var res extract.Result
	if !seen {
		if res, err = im.record(ctx, info, f, prov, &ev, exists, &recorded); err != nil {
			return err
		}
	} else {
		im.count(&im.sum.Duplicates)
		im.mapping(info, f, &ev)
	}
	if pending > 0 {
		if res, err = im.opt.Extractor.Extract(ctx, ev.Name, f.data); err != nil {
			return extractErr(ctx, ev.Name, err)
		}
		if len(res.Children) < pending {
			im.fail(&im.sum.Failed, p, fmt.Sprintf("%d of its %d attachments read again: %s", len(res.Children), pending, res.Reason))
			return nil
		}
	}
	return im.attachments(ctx, info, f, ev, res.Children, depth)
}

// record stores, commits and indexes one copy of a file, returning what
// its extraction found (nothing when the content was stored before); it
// sets *recorded once the copy is committed.
func (im *importer) record(ctx context.Context, info *packInfo, f file, prov audit.Provenance, ev *audit.Evidence, exists bool, recorded *bool) (extract.Result, error) {
	c := store.Copy{Provenance: prov}
	var res extract.Result
	if !exists {
		var err error
		if res, err = im.store(ctx, f, ev, &c); err != nil {
			return res, err
		}
		c.Children = len(res.Children)
		text := int64(0)
		for _, p := range c.Parts {
			text += int64(len(p.Text))
		}
		im.mem.charge(text)
		defer im.mem.release(text)
	}
	im.mapping(info, f, ev)
	im.dateFromCopy(ev, prefixed(info, f.entry.Path), f.entry.ModTime)
	c.Evidence = *ev
	if err := canceled(ctx); err != nil {
		return res, err
	}
	isNew, err := im.commits.commit(ctx, c)
	if err != nil {
		return res, err
	}
	*recorded = true
	im.mu.Lock()
	im.stored = true
	im.mu.Unlock()
	if !isNew {
		im.count(&im.sum.Duplicates)
		return res, nil
	}
	im.count(&im.sum.Imported)
	p := prefixed(info, f.entry.Path)
	switch ev.Status {
	case audit.Failed:
		im.fail(&im.sum.Failed, p, ev.Reason)
	case audit.NotExtracted:
		im.fail(&im.sum.NotExtracted, p, ev.Reason)
	case audit.Encrypted:
		im.fail(&im.sum.Encrypted, p, ev.Reason)
	}
	return res, im.ix.add(ctx, *ev, c.Parts)
}

// attachments imports the attachments found in a file as evidence of their
// own, and then records them all stored, so that importing the file again
// need not go into it.
func (im *importer) attachments(ctx context.Context, info *packInfo, f file, ev audit.Evidence, children []extract.Child, depth int) error {
	if len(children) == 0 {
		return nil
	}
	e, p := f.entry, prefixed(info, f.entry.Path)
	for _, c := range children {
		if depth >= maxChildDepth {
			im.fail(&im.sum.Failed, p+"/"+c.Name, "attachment nested too deep")
			continue
		}
		sum := sha256.Sum256(c.Data)
		child := file{data: c.Data, sha256: hex.EncodeToString(sum[:]), parent: ev.ID, controls: ev.Controls, requests: ev.Requests, entry: pack.Entry{
			Path: e.Path + "/" + safeName(c.Name), Size: int64(len(c.Data)), ModTime: e.ModTime, Depth: e.Depth}}
		if err := im.importFile(ctx, info, child, depth+1); err != nil {
			return err
		}
	}
	return im.h.ChildrenStored(ctx, im.eng, ev.ID)
}

// store extracts a file and puts its content and text in c, to be written
// with its record; a file too large to hold is streamed into the store now.
// It fills in what extraction learned.
func (im *importer) store(ctx context.Context, f file, ev *audit.Evidence, c *store.Copy) (extract.Result, error) {
	var res extract.Result
	if f.data == nil {
		r, err := f.entry.Open()
		if err != nil {
			return res, audit.Wrap(audit.EINTERNAL, err, "reopen %s", f.entry.Path)
		}
		_, err = im.h.PutContent(ctx, im.eng, ev.ID, r)
		r.Close()
		if err != nil {
			return res, err
		}
		res = extract.Result{Type: "unknown", Status: audit.NotExtracted,
			Reason: fmt.Sprintf("larger than %d MiB: stored and hashed, not extracted", MaxInMemory>>20)}
	} else {
		var err error
		if res, err = im.opt.Extractor.Extract(ctx, ev.Name, f.data); err != nil {
			return res, extractErr(ctx, ev.Name, err)
		}
		c.Content = f.data
	}
	c.Parts, c.Thumbnail = res.Parts, res.Thumbnail
	ev.Type, ev.MIME, ev.Status, ev.Reason = res.Type, res.MIME, res.Status, res.Reason
	ev.Title, ev.Meta, ev.Parts = res.Title, res.Meta, len(res.Parts)
	if !res.AsOf.IsZero() {
		ev.AsOf, ev.AsOfSource, ev.AsOfDetail = res.AsOf.UTC().Format(audit.DateLayout), asof.Document, res.AsOfField
	}
	return res, nil
}

// mapping names the requests and controls the file answers: its parent's
// for an attachment, else the manifest's if it names the file, else the
// IDs in its folder and file names.
func (im *importer) mapping(info *packInfo, f file, ev *audit.Evidence) {
	if f.parent != "" {
		ev.Controls, ev.Requests = slices.Clone(f.controls), slices.Clone(f.requests)
		return
	}
	if m, ok := info.manifest[ev.Path]; ok {
		if m.RequestID != "" {
			ev.Requests = []string{m.RequestID}
		}
		ev.Controls = m.ControlIDs
		if m.AsOf != "" {
			ev.AsOf, ev.AsOfSource, ev.AsOfDetail = m.AsOf, asof.Manifest, "as_of"
		}
		if m.Description != "" {
			ev.Meta = withMeta(ev.Meta, "description", m.Description)
		}
		return
	}
	ev.Controls, ev.Requests = pack.IDsFromPath(ev.Path)
}

// dateFromCopy dates evidence that neither its manifest nor its content
// dates: from its file or folder names, else from a real file time, else
// unknown. The import date is never an as-of date. p is the copy's path
// with the pack's name first, so a dated pack name dates its files.
func (im *importer) dateFromCopy(ev *audit.Evidence, p string, mod time.Time) {
	if ev.AsOf != "" {
		return
	}
	if d, src, frag, ok := asof.FromPath(p, im.dates); ok {
		ev.AsOf, ev.AsOfSource, ev.AsOfDetail = d, src, frag
	} else if asof.RealTime(mod, time.Now()) {
		ev.AsOf, ev.AsOfSource, ev.AsOfDetail = mod.UTC().Format(audit.DateLayout), asof.FileTime, "modified "+mod.UTC().Format(time.RFC3339)
	} else {
		ev.AsOf, ev.AsOfSource, ev.AsOfDetail = "", asof.Unknown, ""
	}
}

// dateOptions reads names the way the engagement says: its date order, and
// a fiscal year ending in the month its period ends.
func dateOptions(e audit.Engagement) asof.Options {
	o := asof.Options{MDY: e.DateOrder == audit.MDY}
	if t, err := time.Parse(audit.DateLayout, e.PeriodEnd); err == nil {
		o.FYEndMonth = t.Month()
	}
	return o
}

func (im *importer) finish(ctx context.Context, start time.Time, err error) (Summary, error) {
	im.commits.stop()
	// What was committed is indexed even when the import stops early.
	flushErr := im.ix.finish(context.WithoutCancel(ctx))
	im.mu.Lock()
	sum, stored := im.sum, im.stored
	im.mu.Unlock()
	sum.ElapsedS = time.Since(start).Seconds()
	for _, l := range [][]Problem{sum.Failed, sum.NotExtracted, sum.Encrypted} {
		sort.Slice(l, func(a, b int) bool { return l[a].Path < l[b].Path })
	}
	if ctx.Err() != nil || audit.ErrorCode(err) == audit.ECANCELED {
		sum.Canceled = true
		sum.NotImported = sum.FilesTotal - im.filesDone()
		err = nil
	}
	if err == nil {
		err = flushErr
	}
	// Importing the same packs again changes nothing and so records
	// nothing, as a scope import of an unchanged file does; an import that
	// met a problem is recorded, so the trail shows what was refused.
	quiet := !stored && !sum.Canceled && len(sum.Failed)+len(sum.NotExtracted)+len(sum.Encrypted) == 0
	if err == nil && !quiet {
		err = im.h.RecordEvent(context.WithoutCancel(ctx), im.eng, im.opt.Actor, "import.finish", "engagement/"+im.eng, sum)
	}
	return sum, err
}

func (im *importer) done(size int64, current string) {
	im.mu.Lock()
	im.prog.FilesDone++
	im.prog.BytesDone += size
	im.prog.Current = current
	p := im.prog
	im.mu.Unlock()
	p.Stage = "importing"
	im.report(p)
}

func (im *importer) filesDone() int {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.prog.FilesDone
}

// canceled is the import's error once ctx is done.
func canceled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return audit.Wrap(audit.ECANCELED, err, "canceled")
	}
	return nil
}

// extractErr is the import's error when the extractor gives up on name:
// canceled only when the import was, else the extractor's own error with
// its kind kept (an uncoded one is internal), naming the file.
func extractErr(ctx context.Context, name string, err error) error {
	if c := canceled(ctx); c != nil {
		return c
	}
	var coded *audit.Error
	if errors.As(err, &coded) {
		return audit.Wrap(coded.Code, err, "%s: %s", name, coded.Message)
	}
	return audit.Wrap(audit.EINTERNAL, err, "%s: extraction failed: %v", name, err)
}

// CancelNote is how a canceled import's outcome reads in the CLI; the
// import panel words it the same from not_imported.
func (s Summary) CancelNote() string {
	return fmt.Sprintf("canceled: %d of %d files imported; %d not imported", s.FilesTotal-s.NotImported, s.FilesTotal, s.NotImported)
}

func (im *importer) progress(stage, current string) {
	im.mu.Lock()
	p := im.prog
	im.mu.Unlock()
	p.Stage, p.Current = stage, current
	im.report(p)
}

func (im *importer) fail(list *[]Problem, path, reason string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	*list = append(*list, Problem{Path: path, Reason: reason})
}

func (im *importer) count(n *int) {
	im.mu.Lock()
	defer im.mu.Unlock()
	*n++
}
