package store

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"auditroom/backend/audit"

	"golang.org/x/crypto/argon2"
)

// settings is auditroom.json: how to turn the passphrase into the home
// database's key. It names no engagement and holds nothing secret.
type settings struct {
	Format    int    `json:"format"`     // 1
	KDF       string `json:"kdf"`        // "argon2id"
	Salt      []byte `json:"salt"`       // 16 random bytes, base64 in JSON
	Time      uint32 `json:"time"`       // Argon2 passes
	MemoryKiB uint32 `json:"memory_kib"` // Argon2 memory
	Threads   uint8  `json:"threads"`    // Argon2 lanes
	// BackupsKept is how many scheduled backups of each engagement are
	// kept (backend/backup); absent means DefaultBackupsKept, 0 none.
	BackupsKept *int `json:"backups_kept,omitempty"`
}

// DefaultBackupsKept is how many scheduled backups of an engagement a data
// folder keeps unless set otherwise.
const DefaultBackupsKept = 5

const (
	settingsFormat = 1
	kdfName        = "argon2id"
	saltLen        = 16
	keyLen         = 32 // AES-256
	minPassphrase  = 8
)

// kdfDefaults are RFC 9106's second recommended Argon2id parameters
// (t=3, 64 MiB, p=4). Tests lower them to keep the suite fast.
var kdfDefaults = settings{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

func newSettings() (settings, error) {
	s := kdfDefaults
	s.Format, s.KDF = settingsFormat, kdfName
	s.Salt = make([]byte, saltLen)
	if _, err := rand.Read(s.Salt); err != nil {
		return settings{}, audit.Wrap(audit.EINTERNAL, err, "read random salt")
	}
	return s, nil
}

func (s settings) key(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), s.Salt, s.Time, s.MemoryKiB, s.Threads, keyLen)
}

func (s settings) validate() error {
	switch {
	case s.Format != settingsFormat:
		return errors.New("unknown format")
	case s.KDF != kdfName:
		return errors.New("unknown key derivation")
	case len(s.Salt) != saltLen:
		return errors.New("salt is not 16 bytes")
	case s.Time < 1 || s.Threads < 1 || s.MemoryKiB < 8*uint32(s.Threads):
		return errors.New("argon2 parameters out of range")
	}
	return nil
}

// readSettings returns ENOTFOUND when dir holds no audit room data.
func readSettings(dir string) (settings, error) {
	b, err := os.ReadFile(settingsPath(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return settings{}, audit.Errorf(audit.ENOTFOUND, "no audit room data in %s", dir)
	}
	if err != nil {
		return settings{}, audit.Wrap(audit.EINTERNAL, err, "read %s", settingsPath(dir))
	}
	var s settings
	if err := json.Unmarshal(b, &s); err != nil {
		return settings{}, audit.Wrap(audit.EINTERNAL, err, "%s is damaged", settingsPath(dir))
	}
	if err := s.validate(); err != nil {
		return settings{}, audit.Wrap(audit.EINTERNAL, err, "%s is damaged", settingsPath(dir))
	}
	return s, nil
}

// writeSettings writes auditroom.json through a synced temporary file and a
// rename, then syncs the folder, so that the file is either whole or absent.
func writeSettings(dir string, s settings) error {
	b, err := json.Marshal(s)
	if err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "encode settings")
	}
	fail := func(err error) error {
		return audit.Wrap(audit.EINTERNAL, err, "write %s", settingsPath(dir))
	}
	f, err := os.CreateTemp(dir, ".auditroom-*.json")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, settingsPath(dir)); err != nil {
		return fail(err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(filepath.Clean(dir))
	if err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "sync %s", dir)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return audit.Wrap(audit.EINTERNAL, err, "sync %s", dir)
	}
	return nil
}
