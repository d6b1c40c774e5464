// Package agefile writes and reads files encrypted with a passphrase alone
// (age, https://age-encryption.org/v1, with its scrypt recipient): the
// findings and response packets and the engagement backups. It is the one
// place that knows age.
package agefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// WorkFactor is the scrypt work factor new files are made with: 2^18,
// about a second and 256 MiB on a laptop, age's default. Tests lower it.
var WorkFactor = 18

// maxWorkFactor is the most a file may ask of us when opened, so that a
// crafted one cannot demand gigabytes of memory.
const maxWorkFactor = 20

// ErrNotPassphrase is a file encrypted to anything but one passphrase:
// not one of ours, which must not read as a wrong passphrase.
var ErrNotPassphrase = errors.New("not encrypted with a passphrase alone")

// Encrypt returns a writer that encrypts to w with passphrase at work
// factor (0 means WorkFactor); Close finishes the file.
func Encrypt(w io.Writer, passphrase string, workFactor int) (io.WriteCloser, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	if workFactor == 0 {
		workFactor = WorkFactor
	}
	r.SetWorkFactor(workFactor)
	return age.Encrypt(w, r)
}

// Decrypt returns the plaintext of r. The header is checked at once; each
// 64 KiB chunk is authenticated as it is read, and a cut-short file fails
// at its end, so a reader must read to EOF before trusting what it read.
func Decrypt(r io.Reader, passphrase string) (io.Reader, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	id.SetMaxWorkFactor(maxWorkFactor)
	return age.Decrypt(r, passphraseOnly{id})
}

// WrongPassphrase says whether Decrypt failed for the passphrase.
func WrongPassphrase(err error) bool { return errors.Is(err, age.ErrIncorrectIdentity) }

type passphraseOnly struct{ *age.ScryptIdentity }

func (p passphraseOnly) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	if len(stanzas) != 1 || stanzas[0].Type != "scrypt" {
		return nil, ErrNotPassphrase
	}
	return p.ScryptIdentity.Unwrap(stanzas)
}

// ErrExists is returned by WriteNew when path is taken.
var ErrExists = os.ErrExist

// WriteNew writes a new file at path through write, via a synced file
// beside it that is linked into place: no half file is ever at path, and
// a file made there meanwhile is not replaced (ErrExists). The file is
// 0600.
func WriteNew(path string, write func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return ErrExists
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".auditroom-age-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(tmp.Name(), path)
}
