package pack

import (
	"context"
	"io"
	"io/fs"
	"os"
	"slices"
	"testing"
	"testing/fstest"
)

// walkFSAll is walkAll over an fs.FS.
func walkFSAll(tb testing.TB, fsys fs.FS, lim Limits) ([]got, []Problem, error) {
	tb.Helper()
	var out []got
	probs, err := WalkFS(context.Background(), fsys, lim, func(e Entry) error {
		g := got{Path: e.Path, Depth: e.Depth, Size: e.Size}
		rc, err := e.Open()
		if err != nil {
			g.ReadErr = err
		} else {
			b, err := io.ReadAll(rc)
			rc.Close()
			g.Content, g.ReadErr = string(b), err
		}
		out = append(out, g)
		return nil
	})
	return out, probs, err
}

// TestWalkFSMatchesWalk walks the same folder on disk and as an fs.FS: the
// entries, their content and the nested zip must be the same.
func TestWalkFSMatchesWalk(t *testing.T) {
	root := t.TempDir()
	inner := zipBytes(t, zfile{name: "in.txt", body: []byte("in")})
	writeFile(t, root, "a.txt", []byte("a"))
	writeFile(t, root, "sub/b.txt", []byte("b"))
	writeFile(t, root, "sub/empty.txt", nil)
	writeFile(t, root, "z/pack.zip", inner)
	writeFile(t, root, "z/report.docx", zipBytes(t, zfile{name: "[Content_Types].xml", body: []byte("<Types/>")}))

	onDisk, diskProbs, err := walkAll(t, root, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	inFS, fsProbs, err := walkFSAll(t, os.DirFS(root), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inFS, onDisk) {
		t.Errorf("WalkFS entries %q, Walk entries %q", paths(inFS), paths(onDisk))
	}
	if len(diskProbs) != 0 || len(fsProbs) != 0 {
		t.Errorf("problems: Walk %v, WalkFS %v; want none", diskProbs, fsProbs)
	}
	if !slices.Contains(paths(inFS), "z/pack.zip/in.txt") || slices.Contains(paths(inFS), "z/report.docx/[Content_Types].xml") {
		t.Errorf("entries %q: want the nested zip walked and the document not", paths(inFS))
	}
}

func TestWalkFSLimits(t *testing.T) {
	fsys := fstest.MapFS{
		"big.bin":   {Data: make([]byte, 100)},
		"small.txt": {Data: []byte("ok")},
		"third.txt": {Data: []byte("3")},
	}
	gs, probs, err := walkFSAll(t, fsys, Limits{MaxEntrySize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(paths(gs), []string{"small.txt", "third.txt"}) || !hasProblem(probs, "big.bin", "exceeds") {
		t.Errorf("entries %q, problems %v: want big.bin refused for its size", paths(gs), probs)
	}
	gs, probs, err = walkFSAll(t, fsys, Limits{MaxEntries: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || !hasProblem(probs, "", "too many files") {
		t.Errorf("entries %q, problems %v: want two files and a problem", paths(gs), probs)
	}
}

func TestWalkFSCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := WalkFS(ctx, fstest.MapFS{"a.txt": {Data: []byte("a")}}, DefaultLimits(), func(Entry) error { return nil })
	if err == nil {
		t.Error("WalkFS with a cancelled context returned no error")
	}
}
