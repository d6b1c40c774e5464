package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestZipBomb(t *testing.T) {
	const n = 100 << 20 // 100 MB of zeros
	comp, crc := deflateZeros(t, n)
	bomb := rawZip(t, "zeros.bin", comp, n, crc)
	lying := rawZip(t, "small.txt", comp, 1000, crc) // declares 1000 bytes, inflates to 100 MB

	tests := []struct {
		name   string
		zip    []byte
		lim    Limits
		reason string // problem expected for the entry; "" for none
	}{
		{"ratio over the limit", bomb, DefaultLimits(), "zip bomb: compression ratio"},
		{"tiny entry size", bomb, Limits{MaxRatio: 1e9, MaxEntrySize: 1 << 20}, "file too large"},
		{"tiny total", bomb, Limits{MaxRatio: 1e9, MaxTotal: 1 << 20}, "pack too large"},
		{"lying declared size", lying, DefaultLimits(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeFile(t, t.TempDir(), "pack.zip", tt.zip)
			var readN int64
			var readErr error
			probs, err := Walk(context.Background(), src, tt.lim, func(e Entry) error {
				rc, err := e.Open()
				if err != nil {
					return err
				}
				defer rc.Close()
				readN, readErr = io.Copy(io.Discard, rc)
				return nil
			})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if tt.reason != "" {
				if !hasProblem(probs, "zeros.bin", tt.reason) {
					t.Errorf("problems %v, want one containing %q", probs, tt.reason)
				}
				if readN != 0 || readErr != nil {
					t.Errorf("bomb entry was passed to fn and read: %d bytes, err %v", readN, readErr)
				}
				return
			}
			if !errors.Is(readErr, ErrCorrupt) || readN > 1001 {
				t.Errorf("lying entry: read %d bytes, err %v; want at most 1001 bytes and ErrCorrupt", readN, readErr)
			}
		})
	}
	if r := fmt.Sprint(mustWalkProblems(t, bomb)); !strings.Contains(r, "exceeds 200:1") {
		t.Errorf("bomb reason %s does not name the limit", r)
	}
}

func mustWalkProblems(t *testing.T, zipData []byte) []Problem {
	t.Helper()
	_, probs, err := walkAll(t, writeFile(t, t.TempDir(), "p.zip", zipData), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return probs
}

// TestRatioWhileReading: an entry that declares a believable size but whose
// data inflates past MaxRatio × compressed size is stopped while reading.
func TestRatioWhileReading(t *testing.T) {
	comp, crc := deflateZeros(t, 8<<20)
	// Declared 8 MiB from ~8 KB compressed is ~1000:1; allow it at walk time
	// with a large ratio, then check the reader against a small one.
	rec := record{method: 8, csize: uint64(len(comp)), usize: 8 << 20, crc: crc}
	lim := Limits{MaxRatio: 10}.withDefaults()
	rc := rec.reader(bytes.NewReader(comp), lim, nil)
	n, err := io.Copy(io.Discard, rc)
	if !errors.Is(err, ErrZipBomb) || n > lim.ratioCap(int64(len(comp))) {
		t.Errorf("read %d bytes, err %v; want ErrZipBomb within %d bytes", n, err, lim.ratioCap(int64(len(comp))))
	}
}

func TestZipSlip(t *testing.T) {
	dir := t.TempDir()
	src := writeFile(t, dir, "pack.zip", zipBytes(t,
		zfile{name: "../../evil.txt", body: []byte("evil")},
		zfile{name: "/etc/passwd", body: []byte("root")},
		zfile{name: `C:\Windows\x.txt`, body: []byte("win")},
		zfile{name: `a\b\c.txt`, body: []byte("abc")},
		zfile{name: "ok/../../../../x.txt", body: []byte("x")},
	))
	gs, probs, err := walkAll(t, src, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Windows/x.txt", "a/b/c.txt", "etc/passwd", "evil.txt", "ok/x.txt"}
	if got := paths(gs); !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	for _, g := range gs {
		if strings.Contains(g.Path, "..") || strings.HasPrefix(g.Path, "/") || strings.Contains(g.Path, `\`) || strings.Contains(g.Path, ":") {
			t.Errorf("unsafe path %q", g.Path)
		}
		if g.ReadErr != nil {
			t.Errorf("%s: %v", g.Path, g.ReadErr)
		}
	}
	for _, p := range []struct{ path, reason string }{
		{"evil.txt", "unsafe path ../../evil.txt stored as evil.txt"},
		{"etc/passwd", "unsafe path /etc/passwd stored as etc/passwd"},
		{"Windows/x.txt", `unsafe path C:\Windows\x.txt stored as Windows/x.txt`},
	} {
		if !hasProblem(probs, p.path, p.reason) {
			t.Errorf("problems %v, want %q", probs, p.reason)
		}
	}
	if hasProblem(probs, "a/b/c.txt", "") {
		t.Errorf("backslashes alone are not unsafe: %v", probs)
	}
	des, _ := os.ReadDir(dir)
	if len(des) != 1 || des[0].Name() != "pack.zip" {
		t.Errorf("temp dir holds %v, want only pack.zip", des)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil.txt")); err == nil {
		t.Error("evil.txt was written next to the temp dir")
	}
}

func TestDisplayPath(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		unsafe bool
	}{
		{"a/b.txt", "a/b.txt", false},
		{"./a//b.txt", "a/b.txt", false},
		{`a\b.txt`, "a/b.txt", false},
		{"../x", "x", true},
		{"/abs", "abs", true},
		{"C:x", "x", true},
		{`\\server\share\f`, "server/share/f", true},
		{"..", "_", true},
		{"a\x00b", "a_b", false},
	}
	for _, tt := range tests {
		got, unsafe := displayPath(tt.in)
		if got != tt.want || unsafe != tt.unsafe {
			t.Errorf("displayPath(%q) = %q, %v; want %q, %v", tt.in, got, unsafe, tt.want, tt.unsafe)
		}
	}
}

// nestChain builds a zip nested depth times: level i holds "level<i+1>.zip"
// and "file<i>.txt"; the innermost holds "deep.txt".
func nestChain(t *testing.T, depth int) []byte {
	data := zipBytes(t, zfile{name: "deep.txt", body: []byte("bottom")})
	for i := depth; i >= 1; i-- {
		data = zipBytes(t,
			zfile{name: fmt.Sprintf("file%d.txt", i), body: []byte(fmt.Sprint(i))},
			zfile{name: fmt.Sprintf("level%d.zip", i), body: data, store: i%2 == 0})
	}
	return data
}

func TestNested(t *testing.T) {
	inner3 := zipBytes(t, zfile{name: "deep.txt", body: []byte("deep")})
	inner2 := zipBytes(t,
		zfile{name: "c/inner3.zip", body: inner3, store: true},
		zfile{name: "b.txt", body: []byte("b")})
	// Named .bin: nesting is recognised by content, not by name.
	inner1 := zipBytes(t, zfile{name: "inner2.bin", body: inner2})
	outer := zipBytes(t,
		zfile{name: "outer/inner1.zip", body: inner1},
		zfile{name: "top.txt", body: []byte("top")})
	src := writeFile(t, t.TempDir(), "pack.zip", outer)
	gs, probs, err := walkAll(t, src, DefaultLimits())
	if err != nil || len(probs) != 0 {
		t.Fatalf("Walk: %v, problems %v", err, probs)
	}
	want := []got{
		{Path: "outer/inner1.zip", Depth: 0, Content: string(inner1)},
		{Path: "outer/inner1.zip/inner2.bin", Depth: 1, Content: string(inner2)},
		{Path: "outer/inner1.zip/inner2.bin/b.txt", Depth: 2, Content: "b"},
		{Path: "outer/inner1.zip/inner2.bin/c/inner3.zip", Depth: 2, Content: string(inner3)},
		{Path: "outer/inner1.zip/inner2.bin/c/inner3.zip/deep.txt", Depth: 3, Content: "deep"},
		{Path: "top.txt", Depth: 0, Content: "top"},
	}
	if len(gs) != len(want) {
		t.Fatalf("paths %q, want %d entries", paths(gs), len(want))
	}
	for i := range want {
		g := gs[i]
		if g.Path != want[i].Path || g.Depth != want[i].Depth || g.Content != want[i].Content || g.ReadErr != nil || g.Size != int64(len(g.Content)) {
			t.Errorf("entry %d: got %s depth %d err %v, want %s depth %d", i, g.Path, g.Depth, g.ReadErr, want[i].Path, want[i].Depth)
		}
	}
}

func TestNestedTooDeep(t *testing.T) {
	src := writeFile(t, t.TempDir(), "pack.zip", nestChain(t, 10))
	gs, probs, err := walkAll(t, src, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	maxDepth := 0
	for _, g := range gs {
		maxDepth = max(maxDepth, g.Depth)
		if g.ReadErr != nil {
			t.Errorf("%s: %v", g.Path, g.ReadErr)
		}
	}
	if maxDepth != 8 {
		t.Errorf("deepest entry at depth %d, want 8", maxDepth)
	}
	deepest := ""
	for i := 1; i <= 9; i++ {
		deepest += fmt.Sprintf("level%d.zip/", i)
	}
	deepest = strings.TrimSuffix(deepest, "/")
	if !hasProblem(probs, deepest, "nesting deeper than 8") {
		t.Errorf("problems %v, want nesting deeper than 8 at %s", probs, deepest)
	}
	// With a smaller limit the walk stops earlier.
	_, probs, _ = walkAll(t, src, Limits{MaxDepth: 2})
	if !hasProblem(probs, "level1.zip/level2.zip/level3.zip", "nesting deeper than 2") {
		t.Errorf("MaxDepth 2: problems %v", probs)
	}
}

func randomBody(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestCorruptZip(t *testing.T) {
	var files []zfile
	for i := range 10 {
		files = append(files, zfile{name: fmt.Sprintf("f%02d.bin", i), body: randomBody(uint64(i), 10_000), store: i%3 == 0})
	}
	withDescriptors := zipBytes(t, files...)
	body := map[string]string{}
	for _, f := range files {
		body[f.name] = string(f.body)
	}
	garbageCD := func(z []byte) []byte {
		z = bytes.Clone(z)
		end := bytes.LastIndex(z, []byte(sigEnd))
		cd := int(uint32(z[end+16]) | uint32(z[end+17])<<8 | uint32(z[end+18])<<16 | uint32(z[end+19])<<24)
		for i := cd; i < end; i++ {
			z[i] = 0xAB
		}
		return z
	}
	tests := []struct {
		name    string
		data    []byte
		minGot  int // at least this many entries, all readable
		maxGot  int
		problem string
	}{
		{"cut in half", withDescriptors[:len(withDescriptors)/2], 4, 5, "truncated zip"},
		{"garbage central directory", garbageCD(withDescriptors), 10, 10, "corrupt zip: central directory unreadable"},
		{"no central directory", withDescriptors[:bytes.Index(withDescriptors, []byte(sigCentral))], 10, 10, "corrupt zip"},
		{"garbage", randomBody(99, 5000), 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.name == "garbage" {
				data = append([]byte(sigLocal), data...)
			}
			gs, probs, err := walkAll(t, writeFile(t, t.TempDir(), "pack.zip", data), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if len(gs) < tt.minGot || len(gs) > tt.maxGot {
				t.Errorf("got %d entries %q, want %d..%d", len(gs), paths(gs), tt.minGot, tt.maxGot)
			}
			for i, g := range gs {
				if g.ReadErr != nil || g.Content != body[g.Path] || g.Path != files[i].name {
					t.Errorf("%s: err %v, content ok %v", g.Path, g.ReadErr, g.Content == body[g.Path])
				}
			}
			if len(probs) == 0 || !hasProblem(probs, "*", tt.problem) {
				t.Errorf("problems %v, want one containing %q", probs, tt.problem)
			}
		})
	}
}

// TestTruncatedPlain covers local headers that carry their sizes (no data
// descriptors), as most zip tools write them.
func TestTruncatedPlain(t *testing.T) {
	var buf bytes.Buffer
	var names []string
	for i := range 6 {
		comp, crc := deflateZeros(t, 1000)
		z := rawZip(t, fmt.Sprintf("z%d.bin", i), comp, 1000, crc)
		// Keep only the local header and data of each one-entry zip.
		buf.Write(z[:bytes.Index(z, []byte(sigCentral))])
		names = append(names, fmt.Sprintf("z%d.bin", i))
	}
	data := buf.Bytes()
	data = data[:len(data)-10] // the last entry is cut off
	gs, probs, err := walkAll(t, writeFile(t, t.TempDir(), "pack.zip", data), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(gs); !slices.Equal(got, names[:5]) {
		t.Errorf("paths %q, want %q", got, names[:5])
	}
	for _, g := range gs {
		if g.ReadErr != nil || g.Content != string(make([]byte, 1000)) {
			t.Errorf("%s: %v", g.Path, g.ReadErr)
		}
	}
	if !hasProblem(probs, "z5.bin", "truncated zip: entry cut off") {
		t.Errorf("problems %v", probs)
	}
}

func TestZipContents(t *testing.T) {
	dup := []byte("same content")
	cp437 := "\x9abersicht.txt" // "Übersicht.txt" in CP437, no UTF-8 flag
	src := writeFile(t, t.TempDir(), "pack.zip", zipBytes(t,
		zfile{name: "empty.txt"},
		zfile{name: "a/dup.txt", body: dup},
		zfile{name: "b/dup.txt", body: dup},
		zfile{name: cp437, body: []byte("cp437"), nonUTF8: true},
		zfile{name: "Zusammenfassung-ü.txt", body: []byte("utf8")}, // UTF-8 flag set by the writer
		zfile{name: "dir/", body: nil},
	))
	gs, probs, err := walkAll(t, src, DefaultLimits())
	if err != nil || len(probs) != 0 {
		t.Fatalf("Walk: %v, problems %v", err, probs)
	}
	want := []got{
		{Path: "Zusammenfassung-ü.txt", Content: "utf8", Size: 4},
		{Path: "a/dup.txt", Content: string(dup), Size: int64(len(dup))},
		{Path: "b/dup.txt", Content: string(dup), Size: int64(len(dup))},
		{Path: "empty.txt"},
		{Path: "Übersicht.txt", Content: "cp437", Size: 5},
	}
	if !slices.Equal(gs, want) {
		t.Errorf("got  %+v\nwant %+v", gs, want)
	}
}

func TestDecodeName(t *testing.T) {
	tests := []struct {
		raw   string
		flags uint16
		want  string
	}{
		{"\x9abersicht.txt", 0, "Übersicht.txt"},
		{"\x81ber.txt", 0, "über.txt"},
		{"Übersicht.txt", 0x800, "Übersicht.txt"},
		{"Übersicht.txt", 0, "Übersicht.txt"}, // valid UTF-8 without the flag
		{"plain.txt", 0, "plain.txt"},
	}
	for _, tt := range tests {
		if got := decodeName(tt.raw, tt.flags, nil); got != tt.want {
			t.Errorf("decodeName(%q, %#x) = %q, want %q", tt.raw, tt.flags, got, tt.want)
		}
	}
}

func TestLimits(t *testing.T) {
	var files []zfile
	for i := range 10 {
		files = append(files, zfile{name: fmt.Sprintf("f%d.txt", i), body: []byte("0123456789")})
	}
	src := writeFile(t, t.TempDir(), "pack.zip", zipBytes(t, files...))
	tests := []struct {
		name    string
		lim     Limits
		want    int
		problem string
	}{
		{"defaults", DefaultLimits(), 10, ""},
		{"entries", Limits{MaxEntries: 3}, 3, "too many files: the pack holds more than 3"},
		{"total", Limits{MaxTotal: 25}, 2, "pack too large"},
		{"entry size", Limits{MaxEntrySize: 5}, 0, "file too large: 10 bytes exceeds the 5-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs, probs, err := walkAll(t, src, tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			if len(gs) != tt.want {
				t.Errorf("got %d entries, want %d", len(gs), tt.want)
			}
			if tt.problem == "" && len(probs) != 0 || tt.problem != "" && !hasProblem(probs, "*", tt.problem) {
				t.Errorf("problems %v, want %q", probs, tt.problem)
			}
		})
	}
}

func TestWalkStops(t *testing.T) {
	src := writeFile(t, t.TempDir(), "pack.zip", zipBytes(t,
		zfile{name: "a.txt", body: []byte("a")}, zfile{name: "b.txt", body: []byte("b")}))
	stop := errors.New("stop")
	n := 0
	_, err := Walk(context.Background(), src, DefaultLimits(), func(Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("fn error: Walk returned %v after %d calls, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	_, err = Walk(ctx, src, DefaultLimits(), func(Entry) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled: Walk returned %v after %d calls", err, n)
	}
	if _, err := Walk(context.Background(), filepath.Join(t.TempDir(), "missing.zip"), DefaultLimits(), func(Entry) error { return nil }); err == nil {
		t.Error("missing pack: no error")
	}
}

func TestSingleFile(t *testing.T) {
	src := writeFile(t, t.TempDir(), "policy.pdf", []byte("%PDF-1.7"))
	gs, probs, err := walkAll(t, src, DefaultLimits())
	want := []got{{Path: "policy.pdf", Size: 8, Content: "%PDF-1.7"}}
	if err != nil || len(probs) != 0 || !slices.Equal(gs, want) {
		t.Errorf("got %+v, %v, %v; want %+v", gs, probs, err, want)
	}
}

// TestCorpus walks the real packs of the shared corpus, if present.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "otrf-security-datasets")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not present at %s: %v", root, err)
	}
	var zips []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".zip") {
			zips = append(zips, p)
		}
		return nil
	})
	if len(zips) == 0 {
		t.Skipf("no zips under %s", root)
	}
	for _, z := range zips {
		t.Run(filepath.Base(z), func(t *testing.T) {
			gs, probs, err := walkAll(t, z, DefaultLimits())
			if err != nil || len(probs) != 0 || len(gs) == 0 {
				t.Fatalf("Walk: %v, problems %v, %d entries", err, probs, len(gs))
			}
			for _, g := range gs {
				if g.ReadErr != nil || int64(len(g.Content)) != g.Size {
					t.Errorf("%s: read %d of %d bytes: %v", g.Path, len(g.Content), g.Size, g.ReadErr)
				}
			}
		})
	}
}
