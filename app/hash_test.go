package app

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// folderHash hashes every path, size and byte of the store under a data
// folder, taken with the store open and idle, as it is when a packet is
// refused. An open Badger keeps gigabyte-sized sparse files; their holes
// (zeros) are skipped, not read, and the offsets of what is read are
// hashed with it. The search indexes are left out: derived from the store,
// Bleve persists them in the background on its own schedule; a test checks
// their document count instead.
func folderHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() && d.Name() == "index" && filepath.Base(filepath.Dir(filepath.Dir(path))) == "engagements" {
			return filepath.SkipDir
		}
		h.Write([]byte(rel + "\x00"))
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		binary.Write(h, binary.BigEndian, st.Size())
		for off := int64(0); off < st.Size(); {
			data, err := unix.Seek(int(f.Fd()), off, unix.SEEK_DATA)
			if errors.Is(err, unix.ENXIO) {
				break // only a hole is left
			}
			if err != nil {
				return err
			}
			hole, err := unix.Seek(int(f.Fd()), data, unix.SEEK_HOLE)
			if err != nil {
				return err
			}
			binary.Write(h, binary.BigEndian, data)
			if _, err := io.Copy(h, io.NewSectionReader(f, data, hole-data)); err != nil {
				return err
			}
			off = hole
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
