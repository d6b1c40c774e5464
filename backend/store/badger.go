package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"auditroom/backend/audit"

	"github.com/dgraph-io/badger/v4"
)

// quietLogger passes on Badger's warnings and errors and drops the chatter.
// Badger logs file names and counts, never keys or values.
type quietLogger struct{ l *log.Logger }

var badgerLog = quietLogger{log.New(os.Stderr, "badger: ", log.LstdFlags)}

func (q quietLogger) Errorf(f string, a ...any) {
	// Open logs the error it is about to return (a wrong passphrase, say);
	// the store reports that one itself.
	if strings.HasPrefix(f, "Received err:") {
		return
	}
	q.l.Printf("error: "+f, a...)
}
func (q quietLogger) Warningf(f string, a ...any) { q.l.Printf("warning: "+f, a...) }
func (quietLogger) Infof(string, ...any)          {}
func (quietLogger) Debugf(string, ...any)         {}

// dbSize picks cache and memtable sizes: the home database holds a few
// records, an engagement database holds evidence.
type dbSize struct{ memTable, blockCache, indexCache int64 }

var (
	homeSize = dbSize{memTable: 16 << 20, blockCache: 4 << 20, indexCache: 4 << 20}
	// Sized so that an import stays within a few hundred megabytes: Badger's
	// defaults (five 64 MiB memtables, caches of 256 MiB) took over 600 MiB
	// of the importer's heap on the test corpus, and building the level-0
	// table of a 16 MiB memtable of inline values took 120 MiB more.
	engagementSize = dbSize{memTable: 8 << 20, blockCache: 32 << 20, indexCache: 16 << 20}
)

// openDB opens (or creates) an encrypted Badger database in the data folder
// folder. what names it in errors, e.g. "data folder /x" or "engagement
// eng_…"; readOnly, when not "", says why it is opened read-only.
func openDB(folder, path string, key []byte, size dbSize, what, readOnly string) (db *badger.DB, err error) {
	if readOnly == "" {
		// Opening for writing writes the new memtable through a map.
		if err := roomFor(folder, folder, 0, "opening it for writing"); err != nil {
			return nil, err
		}
	}
	// Badger panics on some faults of the disk under it (a file it expects
	// gone); the caller gets an error naming the folder instead.
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, storageError(folder, fmt.Errorf("%v", r))
		}
	}()
	opts := badger.DefaultOptions(path).
		WithEncryptionKey(key).
		WithIndexCacheSize(size.indexCache). // an encrypted store without it panics
		WithBlockCacheSize(size.blockCache).
		WithMemTableSize(size.memTable).
		WithNumMemtables(2).
		WithNumCompactors(2). // each compaction builds tables in memory
		// Content, texts and records over 4 KiB go to the value log, not
		// the memtables: the memtables fill with small records and keys
		// only, and the bytes are written once, not again by compactions.
		WithValueThreshold(4 << 10).
		// Value-log files are mapped at twice this size; small ones keep
		// what a nearly full disk must back within spareBytes (space.go).
		WithValueLogFileSize(32 << 20).
		WithReadOnly(readOnly != "").
		// Commits are made durable by an explicit Sync: at once for a user's
		// change (update), every so often and at the end for an import.
		WithSyncWrites(false).
		WithLogger(badgerLog)
	if readOnly == "" {
		dropEmptyLogs(path)
	}
	defer fatalAsPanic()()
	db, err = badger.Open(opts)
	if err != nil && readOnly == "" && strings.Contains(err.Error(), missingTable) {
		if dropped, _ := dropUnflushedTables(path); dropped {
			db, err = badger.Open(opts)
		}
	}
	if err == nil {
		states.Store(db, &dbState{folder: folder, path: path, readOnly: readOnly})
		return db, nil
	}
	// On some failures Badger returns a half-made DB with the error; it has
	// already cleaned it up, so it is dropped here.
	switch {
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return nil, audit.Wrap(audit.EPASSPHRASE, err, "wrong passphrase")
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		// Badger formats the flock error with %+v, so only its text is left.
		return nil, audit.Wrap(audit.ELOCKED, err, "%s is open in another Audit Room process", what)
	}
	if f := audit.DiskFault(folder, err); f != nil {
		return nil, f
	}
	return nil, audit.Wrap(audit.EINTERNAL, err, "open %s", what)
}

// fatalAsPanic turns, until the function it returns is called, a
// log.Fatal into a panic: Badger's Open calls it (y.Check) when its
// discard-stats file cannot be mapped, which would end the process without
// a word from the store, where openDB's recover names the folder instead.
// Other log output passes through.
func fatalAsPanic() func() {
	prev := log.Writer()
	log.SetOutput(fatalWriter{prev})
	return func() { log.SetOutput(prev) }
}

type fatalWriter struct{ next io.Writer }

func (w fatalWriter) Write(b []byte) (int, error) {
	pcs := make([]uintptr, 8)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "log.Fatal") {
			panic(errors.New(strings.TrimSpace(string(b))))
		}
		if !more {
			return w.next.Write(b)
		}
	}
}

// dropEmptyLogs removes memtable and value-log files of no size: a failed
// write or a crash between creating one and sizing it leaves it so, it
// holds nothing (not even its header), and Badger refuses to open a
// database that has one ("Create a new file").
func dropEmptyLogs(path string) {
	mem, _ := filepath.Glob(filepath.Join(path, "*.mem"))
	vlog, _ := filepath.Glob(filepath.Join(path, "*.vlog"))
	for _, f := range append(mem, vlog...) {
		if info, err := os.Stat(f); err == nil && info.Size() == 0 {
			os.Remove(f)
		}
	}
}

// maxConflictRetries bounds retries of a transaction that lost a race with
// another writer (badger.ErrConflict); the loser re-reads and tries again.
const maxConflictRetries = 10

// writes serialises read-write transactions within the process. Every one
// of them appends to the trail, so each reads the trail's last event and any
// two running at once would conflict; in turn they never do, and retries are
// left for another process writing the same store.
var writes sync.Mutex

// update runs fn in a read-write transaction, retrying on conflict, and
// makes the change durable before returning.
func update(ctx context.Context, db *badger.DB, fn func(txn *badger.Txn) error) error {
	if err := updateLazy(ctx, db, fn); err != nil {
		return err
	}
	return writeErr(db, db.Sync())
}

// updateLazy is update without the sync, for the many small commits of an
// import: they are atomic and ordered, and survive the process being
// killed; the importer syncs them in batches (Home.Sync).
func updateLazy(ctx context.Context, db *badger.DB, fn func(txn *badger.Txn) error) error {
	writes.Lock()
	defer writes.Unlock()
	for range maxConflictRetries {
		if err := ctxErr(ctx); err != nil {
			return err
		}
		if err := wrote(db, 0); err != nil {
			return err
		}
		err := db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) {
			return writeErr(db, err)
		}
	}
	return audit.Errorf(audit.ECONFLICT, "too many concurrent changes, try again")
}

// ctxErr turns a done context into ECANCELED.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return audit.Wrap(audit.ECANCELED, err, "canceled")
	}
	return nil
}

// closeDB closes db unless its folder is gone: Badger would retry writing
// its memtable there for ever, and nothing more can be saved anyway.
func closeDB(db *badger.DB) error {
	s := stateOf(db)
	states.Delete(db)
	if _, err := os.Stat(s.path); s.path != "" && err != nil {
		return storageError(s.folder, err)
	}
	return db.Close()
}

// writeErr turns a failed write to db into ESTORAGE naming the data folder
// when the disk under it is at fault.
func writeErr(db *badger.DB, err error) error {
	var e *audit.Error
	if errors.As(err, &e) {
		return err
	}
	if f := audit.DiskFault(stateOf(db).folder, err); f != nil {
		return f
	}
	return err
}

// coded returns err unchanged if it carries a code, else wraps it as an
// internal error naming what was being done.
func coded(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var e *audit.Error
	if errors.As(err, &e) {
		return err
	}
	return audit.Wrap(audit.EINTERNAL, err, format, args...)
}
