package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/sys/unix"

	"auditroom/backend/audit"
)

// A passphrase change re-wraps keys only. The passphrase's key is the
// master key of the home database: Badger keeps the data keys it encrypts
// with in its KEYREGISTRY, encrypted by that master key, and the
// engagements' own data keys live inside the home database. So the change
// writes a new KEYREGISTRY under the new key and a new auditroom.json with
// a new salt, and no database is rewritten.
//
// The two files cannot change together. Both are first written whole into
// DIR/.passphrase-change (auditroom.json last: with it there, the change
// is decided), then moved into place, the registry first. A kill before
// the stage is whole leaves the old passphrase working and the stage is
// dropped; a kill after it is finished by the next Open, so the new one
// works. Never neither.
const changeFolder = ".passphrase-change"

// ChangePassphrase gives the data folder in dir a new passphrase. It
// returns EPASSPHRASE when old does not open it and ELOCKED while another
// process has it open.
func ChangePassphrase(ctx context.Context, dir, old, new string) error {
	if utf8.RuneCountInString(new) < minPassphrase {
		return audit.Errorf(audit.EINVALID, "the new passphrase must be at least %d characters", minPassphrase)
	}
	h, err := Open(ctx, dir, old) // checks old, finishes an earlier change
	if err != nil {
		return err
	}
	ro := h.ReadOnly()
	if err := h.Close(); err != nil {
		return err
	}
	if ro != "" {
		return audit.Errorf(audit.ESTORAGE, "data folder %s is open read-only (%s): the passphrase cannot be changed", dir, ro)
	}
	unlock, err := lockHome(dir)
	if err != nil {
		return err
	}
	defer unlock()
	s, err := readSettings(dir)
	if err != nil {
		return err
	}
	ns, err := newSettings()
	if err != nil {
		return err
	}
	ns.BackupsKept = s.BackupsKept
	stage := filepath.Join(dir, changeFolder)
	fail := func(err error) error {
		os.RemoveAll(stage)
		return storageError(dir, err)
	}
	if err := os.RemoveAll(stage); err != nil {
		return fail(err)
	}
	if err := os.Mkdir(stage, 0o700); err != nil {
		return fail(err)
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: homePath(dir), ReadOnly: true, EncryptionKey: s.key(old)})
	if err != nil {
		return fail(err)
	}
	err = badger.WriteKeyRegistry(kr, badger.KeyRegistryOptions{Dir: stage, EncryptionKey: ns.key(new)})
	kr.Close()
	if err != nil {
		return fail(err)
	}
	killPoint("passphrase.staging")
	if err := writeSettings(stage, ns); err != nil {
		return fail(err)
	}
	killPoint("passphrase.staged")
	return finishChange(dir)
}

// finishChange moves a whole staged change into place, or drops a stage
// that is not whole. Run again after a kill, it finishes what is left.
func finishChange(dir string) error {
	stage := filepath.Join(dir, changeFolder)
	if _, err := os.Stat(settingsPath(stage)); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(stage); err == nil {
			return removeStage(dir, stage)
		}
		return nil
	} else if err != nil {
		return storageError(dir, err)
	}
	staged := filepath.Join(stage, badger.KeyRegistryFileName)
	if _, err := os.Stat(staged); err == nil {
		if err := os.Rename(staged, filepath.Join(homePath(dir), badger.KeyRegistryFileName)); err != nil {
			return storageError(dir, err)
		}
		if err := syncDir(homePath(dir)); err != nil {
			return err
		}
	}
	killPoint("passphrase.registry")
	if err := os.Rename(settingsPath(stage), settingsPath(dir)); err != nil {
		return storageError(dir, err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return removeStage(dir, stage)
}

func removeStage(dir, stage string) error {
	if err := os.RemoveAll(stage); err != nil {
		return storageError(dir, err)
	}
	return nil
}

// recoverChange finishes or drops a passphrase change a kill cut short,
// before Open reads auditroom.json. Nothing to do is the common case.
func recoverChange(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, changeFolder)); err != nil {
		return nil
	}
	unlock, err := lockHome(dir)
	if err != nil {
		return err
	}
	defer unlock()
	return finishChange(dir)
}

// lockHome takes the lock Badger takes on the home database, so that no
// process opens it while its registry is replaced.
func lockHome(dir string) (func(), error) {
	f, err := os.Open(homePath(dir))
	if err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "data folder %s has no home database", dir)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, audit.Errorf(audit.ELOCKED, "data folder %s is open in another Audit Room process", dir)
	}
	return func() { f.Close() }, nil
}
