package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/pageout"

	"github.com/dgraph-io/badger/v4"
)

// Home is an open data folder: the unlocked registry of engagements and the
// engagement databases opened so far. It is safe for concurrent use.
type Home struct {
	dir string
	db  *badger.DB // DIR/home

	// life is held shared by every call for as long as it runs, and
	// exclusively by Close, so that no database closes under a call.
	life   sync.RWMutex
	closed bool // set by Close; later calls get ELOCKED

	mu      sync.Mutex // guards engs, heads and onClose
	engs    map[string]*badger.DB
	heads   map[string]uint64 // the trail's last sequence when engs opened it (Changed)
	onClose func()            // run first by Close (OnClose)

	// readOnly says why the folder was opened read-only; "" when writable.
	readOnly string

	// pages counts the bytes of content and text stored, for Sync to give
	// the value log's pages back now and then.
	pages pageout.Throttle
}

// homeOf is an open data folder around its home database.
func homeOf(dir string, db *badger.DB) *Home {
	h := &Home{dir: dir, db: db, engs: map[string]*badger.DB{}, heads: map[string]uint64{}}
	h.pages.Every = pageOutEvery
	return h
}

// Initialized reports whether dir holds audit room data.
func Initialized(dir string) bool {
	_, err := os.Stat(settingsPath(dir))
	return err == nil
}

// Create sets up a new data folder in dir, protected by passphrase.
// It returns ECONFLICT if dir already holds audit room data and EINVALID for
// a passphrase that is too short.
func Create(ctx context.Context, dir, passphrase string) (*Home, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if Initialized(dir) {
		return nil, audit.Errorf(audit.ECONFLICT, "audit room data already exists in %s", dir)
	}
	if utf8.RuneCountInString(passphrase) < minPassphrase {
		return nil, audit.Errorf(audit.EINVALID, "passphrase must be at least %d characters", minPassphrase)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "create data folder %s", dir)
	}
	if err := clearAbandonedHome(dir); err != nil {
		return nil, err
	}
	s, err := newSettings()
	if err != nil {
		return nil, err
	}
	db, err := openDB(dir, homePath(dir), s.key(passphrase), homeSize, "data folder "+dir, "")
	if err != nil {
		// A held lock means another process is creating it right now.
		if audit.ErrorCode(err) != audit.ELOCKED {
			os.RemoveAll(homePath(dir))
		}
		return nil, err
	}
	// auditroom.json comes last: without it nobody is asked for a passphrase
	// the half-made folder could not accept.
	if err := writeSettings(dir, s); err != nil {
		closeDB(db)
		os.RemoveAll(homePath(dir))
		return nil, err
	}
	return homeOf(dir, db), nil
}

// clearAbandonedHome removes DIR/home left by a Create that stopped before
// writing auditroom.json: its salt was never saved, so no passphrase can
// open it. Anything at DIR/home that is not a Badger folder is left alone.
func clearAbandonedHome(dir string) error {
	entries, err := os.ReadDir(homePath(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "read %s", homePath(dir))
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(homePath(dir), badger.KeyRegistryFileName)); err != nil {
		return audit.Errorf(audit.ECONFLICT, "%s already exists and is not audit room data; choose another data folder", homePath(dir))
	}
	if err := os.RemoveAll(homePath(dir)); err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "remove unfinished %s", homePath(dir))
	}
	return nil
}

// Open unlocks the data folder in dir. It returns ENOTFOUND if dir holds no
// audit room data, EPASSPHRASE ("wrong passphrase") for a wrong passphrase and
// ELOCKED when another process has the folder open.
func Open(ctx context.Context, dir, passphrase string) (*Home, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := recoverChange(dir); err != nil {
		return nil, err
	}
	s, err := readSettings(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(homePath(dir)); err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "data folder %s has no home database", dir)
	}
	// A folder that cannot be written, or a disk too full to, is opened
	// read-only: everything can be read and searched, nothing changed.
	ro := readOnlyReason(dir)
	db, err := openDB(dir, homePath(dir), s.key(passphrase), homeSize, "data folder "+dir, ro)
	if err != nil {
		return nil, err
	}
	h := homeOf(dir, db)
	h.readOnly = ro
	return h, nil
}

// ReadOnly says why the data folder was opened read-only (it cannot be
// written, or its disk is full), or "" when it is writable.
func (h *Home) ReadOnly() string { return h.readOnly }

// Dir returns the data folder.
func (h *Home) Dir() string { return h.dir }

// Close closes every engagement database opened and then the home database.
// Later calls on h return ELOCKED.
func (h *Home) Close() error {
	h.mu.Lock()
	fn := h.onClose
	h.onClose = nil
	h.mu.Unlock()
	if fn != nil {
		fn()
	}
	h.life.Lock()
	defer h.life.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	h.mu.Lock()
	defer h.mu.Unlock()
	var errs []error
	for id, db := range h.engs {
		if err := closeDB(db); err != nil {
			errs = append(errs, audit.Wrap(audit.EINTERNAL, err, "close engagement %s", id))
		}
	}
	h.engs = nil
	if err := closeDB(h.db); err != nil {
		errs = append(errs, audit.Wrap(audit.EINTERNAL, err, "close data folder %s", h.dir))
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// use starts a call: it returns ELOCKED once h is closed, and otherwise a
// function to call when done.
func (h *Home) use(ctx context.Context) (done func(), err error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	h.life.RLock()
	if h.closed {
		h.life.RUnlock()
		return nil, audit.Errorf(audit.ELOCKED, "the audit room is locked")
	}
	return h.life.RUnlock, nil
}
