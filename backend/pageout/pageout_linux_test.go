package pageout

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// A file mapped and read whole is resident; after Files, most of it is
// not, and it still reads back the same. The folder is reached through a
// symbolic link and its real path holds a space, as a user's data folder
// may: the kernel names mappings by real path.
func TestFilesGivesBackMappedPages(t *testing.T) {
	real := filepath.Join(t.TempDir(), "Audit Room data")
	link := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	content := make([]byte, 16<<20)
	rand.Read(content)
	path := filepath.Join(link, "segment.zap")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := unix.Mmap(int(f.Fd()), 0, len(content), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	if !bytes.Equal(m, content) { // reading it makes it resident
		t.Fatal("the mapping differs from the file")
	}
	before, err := Resident(link, ".zap")
	if err != nil {
		t.Skip(err)
	}
	if before < int64(len(content))/2 {
		t.Fatalf("%d MB of %d MB resident after reading the mapping whole", before>>20, len(content)>>20)
	}
	if other, _ := Resident(link, ".vlog"); other != 0 {
		t.Errorf("%d bytes resident counted for a suffix no file has", other)
	}
	Files(link, ".vlog")
	if still, _ := Resident(link, ".zap"); still < before/2 {
		t.Errorf("Files for another suffix gave back pages: %d MB resident of %d MB", still>>20, before>>20)
	}
	Files(link, ".zap")
	after, _ := Resident(link, ".zap")
	if after > before/4 {
		t.Errorf("resident: %d MB before Files, %d MB after; want most of it given back", before>>20, after>>20)
	}
	if !bytes.Equal(m, content) {
		t.Fatal("the mapping reads back differently after its pages were given back")
	}
}
