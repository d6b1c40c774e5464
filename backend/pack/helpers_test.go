package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zfile is one file to put in a test zip.
type zfile struct {
	name    string
	body    []byte
	store   bool // stored, not deflated
	nonUTF8 bool
}

// zipBytes builds a zip with archive/zip (which writes data descriptors).
func zipBytes(tb testing.TB, files ...zfile) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, NonUTF8: f.nonUTF8}
		if f.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(f.body); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// rawZip builds a zip of one deflated entry with the sizes it is told,
// written in the local header (no data descriptor).
func rawZip(tb testing.TB, name string, comp []byte, usize uint64, crc uint32) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate,
		CompressedSize64: uint64(len(comp)), UncompressedSize64: usize, CRC32: crc})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write(comp); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// deflateZeros compresses n zero bytes; it returns the stream and its CRC.
func deflateZeros(tb testing.TB, n int64) ([]byte, uint32) {
	tb.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	h := crc32.NewIEEE()
	for n > 0 {
		k := min(n, int64(len(zeros)))
		fw.Write(zeros[:k])
		h.Write(zeros[:k])
		n -= k
	}
	if err := fw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), h.Sum32()
}

func writeFile(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// got is what a walk saw: each entry with its content (or read error).
type got struct {
	Path    string
	Depth   int
	Size    int64
	Content string
	ReadErr error
}

func walkAll(tb testing.TB, src string, lim Limits) ([]got, []Problem, error) {
	tb.Helper()
	var out []got
	probs, err := Walk(context.Background(), src, lim, func(e Entry) error {
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

func paths(gs []got) []string {
	var p []string
	for _, g := range gs {
		p = append(p, g.Path)
	}
	return p
}

// hasProblem reports whether some problem's path is path (any path when
// path is "*") and its reason contains substr.
func hasProblem(probs []Problem, path, substr string) bool {
	for _, p := range probs {
		if (path == "*" || p.Path == path) && strings.Contains(p.Reason, substr) {
			return true
		}
	}
	return false
}
