package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/sys/unix"

	"auditroom/backend/audit"
)

// Free space. Badger writes its value log, memtables and tables through
// memory maps of files made at full size but sparse, and a store into a
// page the file system cannot back kills the process with SIGBUS rather
// than returning an error. So the store never lets the file system come
// near full: writes stop, with an error, while spareBytes are still free.
const (
	// spareBytes covers what may be written between two checks and after
	// the last: a write batch (flushBytes), a memtable and the level-0
	// table its flush writes, compactions, and the index's segments.
	spareBytes = 64 << 20
	// checkEvery is how much is written between two looks at free space.
	checkEvery = 4 << 20
)

// dbState is what the store knows of one open Badger database beyond
// Badger itself: where it is, and whether it may be written.
type dbState struct {
	folder   string // the data folder, named in errors
	path     string // the database's own folder, whose file system is checked
	readOnly string // why it was opened read-only; "" when writable
	written  atomic.Int64
}

var states sync.Map // *badger.DB → *dbState

func stateOf(db *badger.DB) *dbState {
	if s, ok := states.Load(db); ok {
		return s.(*dbState)
	}
	return &dbState{} // not opened by openDB (never in practice)
}

// wrote is called before n more bytes are written to db: it refuses a
// database opened read-only, and every checkEvery bytes it looks at free
// space, so that a long import stops cleanly before the disk fills.
func wrote(db *badger.DB, n int) error {
	s := stateOf(db)
	if s.readOnly != "" {
		return audit.Errorf(audit.ESTORAGE, "data folder %s is open read-only (%s): nothing can be changed", s.folder, s.readOnly)
	}
	if s.path == "" || s.written.Add(int64(n)) < checkEvery {
		return nil
	}
	s.written.Store(0)
	return roomFor(s.folder, s.path, 0, "writing")
}

// roomFor returns ESTORAGE unless the file system holding path has need
// bytes free beyond spareBytes. folder names it and doing says for what.
func roomFor(folder, path string, need int64, doing string) error {
	free, err := freeBytes(path)
	if err != nil {
		return storageError(folder, err)
	}
	if free >= need+spareBytes {
		return nil
	}
	if need == 0 {
		return audit.Errorf(audit.ESTORAGE, "data folder %s is nearly full: %s free, at least %s needed for %s; free some space and try again (what was stored is kept)",
			folder, mb(free), mb(spareBytes), doing)
	}
	return audit.Errorf(audit.ESTORAGE, "not enough space in data folder %s for %s: %s free, about %s needed", folder, doing, mb(free), mb(need+spareBytes))
}

// RoomFor returns ESTORAGE unless the data folder has room for need more
// bytes, for the job doing: an import checks before it writes anything.
func (h *Home) RoomFor(need int64, doing string) error {
	if h.readOnly != "" {
		return audit.Errorf(audit.ESTORAGE, "data folder %s is open read-only (%s): nothing can be changed", h.dir, h.readOnly)
	}
	return roomFor(h.dir, h.dir, need, doing)
}

// ImportNeeds estimates the space an import of packs holding n bytes
// takes: the content as stored (at most n, less once compressed), and
// the text and the index, which together stay within another n.
func ImportNeeds(n int64) int64 { return 2 * n }

// IndexNeeds estimates the space rebuilding the search index of evidence
// holding n bytes takes: the index's share of what ImportNeeds allows.
func IndexNeeds(n int64) int64 { return n }

func freeBytes(path string) (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * st.Bsize, nil
}

// readOnlyReason says why the data folder in dir cannot be written, or ""
// when it can: a read-only file system or folder, or one too full to open
// Badger for writing (opening writes its memtable through a map).
func readOnlyReason(dir string) string {
	switch err := unix.Access(homePath(dir), unix.W_OK); {
	case errors.Is(err, unix.EROFS):
		return "its file system is read-only"
	case err != nil:
		return "it is not writable"
	}
	if free, err := freeBytes(dir); err == nil && free < spareBytes {
		return fmt.Sprintf("its file system is full, %s free", mb(free))
	}
	return ""
}

// storageError names the data folder and the cause of a failed write or
// look at it; a cause that is no fault of the disk is shown as it is.
func storageError(folder string, err error) error {
	if e := audit.DiskFault(folder, err); e != nil {
		return e
	}
	return audit.Wrap(audit.ESTORAGE, err, "cannot write to %s", folder)
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
