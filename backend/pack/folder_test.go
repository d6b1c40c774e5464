package pack

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFolder(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "a.txt", []byte("a"))
	writeFile(t, root, "sub/b.txt", []byte("b"))
	writeFile(t, root, "sub/empty.txt", nil)
	writeFile(t, root, "z/pack.zip", zipBytes(t, zfile{name: "in.txt", body: []byte("in")}))
	links := []struct{ target, link string }{
		{".", "loop"},             // the folder itself
		{"..", "sub/up"},          // a parent inside the folder
		{"/etc", "etc"},           // outside
		{"/etc/passwd", "passwd"}, // outside, a file
		{"a.txt", "alias.txt"},    // a file inside: followed
		{"sub", "sublink"},        // a folder already walked
		{"missing", "broken"},     // dangling
		{"self", "self"},          // a link to itself
	}
	for _, l := range links {
		if err := os.Symlink(l.target, filepath.Join(root, l.link)); err != nil {
			t.Skipf("symlinks unsupported: %v", err)
		}
	}
	gs, probs, err := walkAll(t, root, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{Path: "a.txt", Size: 1, Content: "a"},
		{Path: "alias.txt", Size: 1, Content: "a"},
		{Path: "sub/b.txt", Size: 1, Content: "b"},
		{Path: "sub/empty.txt"},
		{Path: "z/pack.zip", Size: int64(len(zipBytes(t, zfile{name: "in.txt", body: []byte("in")}))), Content: string(zipBytes(t, zfile{name: "in.txt", body: []byte("in")}))},
		{Path: "z/pack.zip/in.txt", Depth: 1, Size: 2, Content: "in"},
	}
	if !slices.Equal(gs, want) {
		t.Errorf("entries %q, want %q", paths(gs), paths(want))
	}
	for _, p := range []struct{ path, reason string }{
		{"loop", "symlink loop"},
		{"sub/up", "symlink loop"},
		{"etc", "symlink points outside the folder"},
		{"passwd", "symlink points outside the folder"},
		{"sublink", "already walked"},
		{"broken", "broken symlink"},
		{"self", "symlink loop"},
	} {
		if !hasProblem(probs, p.path, p.reason) {
			t.Errorf("problems %v, want %s: %s", probs, p.path, p.reason)
		}
	}
}

// TestFolderChanged: a file replaced after it was listed is not read.
func TestFolderChanged(t *testing.T) {
	root := t.TempDir()
	p := writeFile(t, root, "a.txt", []byte("abc"))
	var e Entry
	if _, err := Walk(t.Context(), root, DefaultLimits(), func(x Entry) error { e = x; return nil }); err != nil {
		t.Fatal(err)
	}
	// Grown in place: reading fails.
	if err := os.WriteFile(p, []byte("abcdef"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, err := e.Open()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("grown file: read %q, err %v; want ErrCorrupt", b, err)
	}
	// Replaced by another file: opening fails.
	writeFile(t, root, "new.txt", []byte("xyz"))
	if err := os.Rename(filepath.Join(root, "new.txt"), p); err != nil {
		t.Fatal(err)
	}
	if rc, err := e.Open(); err == nil {
		rc.Close()
		t.Error("replaced file opened")
	}
}
