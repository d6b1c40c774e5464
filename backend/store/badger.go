package store

import (
	"context"
	"errors"
	"log"
	"os"
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

// openDB opens (or creates) an encrypted Badger database. what names it in
// errors, e.g. "data folder /x" or "engagement eng_…".
func openDB(path string, key []byte, size dbSize, what string) (*badger.DB, error) {
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
		// Commits are made durable by an explicit Sync: at once for a user's
		// change (update), every so often and at the end for an import.
		WithSyncWrites(false).
		WithLogger(badgerLog)
	db, err := badger.Open(opts)
	if err == nil {
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
	return nil, audit.Wrap(audit.EINTERNAL, err, "open %s", what)
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
	return db.Sync()
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
		err := db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) {
			return err
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
