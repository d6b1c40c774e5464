// Package pack walks evidence packs — zip files (possibly holding zips),
// folders and single files — safely: nothing is ever written to disk, names
// inside a pack are only displayed, and every read is bounded by Limits.
package pack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// Entry is one file found in a pack. Its Path is provenance only: it is never
// used to write anywhere.
type Entry struct {
	// Path is the path inside the pack, '/'-separated, as a person reads it.
	// Nested zips appear as "outer/inner.zip/dir/file.txt". Zip names are
	// decoded from CP437 unless the UTF-8 flag is set or the bytes are valid
	// UTF-8 (an Info-ZIP Unicode Path field wins over both). Backslashes
	// become '/'. Unsafe parts are dropped — "..", ".", empty segments, a
	// leading "/" and a drive letter ("C:") — so "../../x" is shown as "x",
	// with a Problem naming the stored name. Control characters become '_'.
	// Two entries may therefore share a Path; both are visited.
	Path string
	// Size is the uncompressed size as declared (folders: the file size).
	Size    int64
	ModTime time.Time
	// Depth is 0 for entries of the pack itself, 1 inside a nested zip, …
	Depth int
	// Open streams the content, enforcing the limits while reading; errors
	// wrap ErrZipBomb, ErrTooLarge or ErrCorrupt and name the reason. Open may
	// be called more than once, also after Walk returns; for entries of nested
	// zips it keeps the nested zip's bytes in memory for as long as the Entry
	// is kept.
	Open func() (io.ReadCloser, error)
}

// Problem is an entry that could not be read, or whose name was unsafe, with
// why. A Path of "" means the pack itself.
type Problem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"` // lower case, e.g. "zip bomb: compression ratio 1030:1 exceeds 200:1"
}

// Walk visits every file of src — a zip file, a folder, or a single other
// file — calling fn for each, depth-first, in a stable order (sorted by path
// within each folder or zip).
//
// Nested zips, recognised by content ("PK\x03\x04"), are read into memory
// (bounded by MaxNested) and walked too; the nested zip itself is also passed
// to fn first, as evidence in its own right. A truncated or corrupt zip yields
// what can be read (scanning local file headers when the central directory is
// missing or broken) and Problems for the rest. Symlinks in folders are
// followed only when they resolve inside the folder, and loops are detected.
//
// Walk returns the problems found. Its error is non-nil only when src cannot
// be read at all, when fn returns an error (Walk stops and returns it as is),
// or when ctx is done.
func Walk(ctx context.Context, src string, lim Limits, fn func(Entry) error) ([]Problem, error) {
	w := &walker{ctx: ctx, lim: lim.withDefaults(), fn: fn}
	err := w.walkRoot(src)
	if errors.Is(err, errStop) {
		err = nil
	}
	return w.problems, err
}

// errStop ends a walk early without an error: the entry limit was reached.
var errStop = errors.New("stop walking")

// walker holds the state of one Walk: the budget used so far and the
// problems found.
type walker struct {
	ctx      context.Context
	lim      Limits
	fn       func(Entry) error
	problems []Problem
	entries  int   // files met so far, readable or not
	total    int64 // declared bytes of the entries passed to fn
}

func (w *walker) problem(path, format string, args ...any) {
	w.problems = append(w.problems, Problem{Path: path, Reason: fmt.Sprintf(format, args...)})
}

// count records one more file of the pack; past MaxEntries it records a
// Problem and returns errStop.
func (w *walker) count() error {
	w.entries++
	if w.entries > w.lim.MaxEntries {
		w.problem("", "too many files: the pack holds more than %d", w.lim.MaxEntries)
		return errStop
	}
	return nil
}

// admit checks one entry's declared size against MaxEntrySize and MaxTotal,
// recording a Problem and returning false when it may not be read.
func (w *walker) admit(path string, size int64) bool {
	if size < 0 {
		w.problem(path, "%s: negative size", ErrCorrupt)
		return false
	}
	if size > w.lim.MaxEntrySize {
		w.problem(path, "%s", entryTooLarge(size, w.lim))
		return false
	}
	if size > w.lim.MaxTotal-w.total {
		w.problem(path, "pack %s: reading %d more bytes would pass the %d-byte limit for the whole pack", ErrTooLarge, size, w.lim.MaxTotal)
		return false
	}
	w.total += size
	return true
}

// visit passes one entry to fn, after checking the context.
func (w *walker) visit(e Entry) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.fn(e)
}

// walkRoot dispatches on what src is.
func (w *walker) walkRoot(src string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("open pack: %w", err)
	}
	if fi.IsDir() {
		return w.walkFolder(src)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("open pack %s: not a regular file or folder", src)
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open pack: %w", err)
	}
	defer f.Close()
	var magic [4]byte
	n, err := io.ReadFull(f, magic[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("read pack: %w", err)
	}
	if isZipMagic(magic[:n]) && !isDocument(f, fi.Size()) {
		return w.walkZip(f, fi.Size(), fileOpener(src, fi), "", 0)
	}
	// A single other file is a pack of one entry, named after it.
	if err := w.count(); err != nil {
		return err
	}
	name := displayName(filepath.Base(src))
	if !w.admit(name, fi.Size()) {
		return nil
	}
	return w.visit(Entry{
		Path:    name,
		Size:    fi.Size(),
		ModTime: fi.ModTime(),
		Open:    func() (io.ReadCloser, error) { return openFile(src, fi, w.lim) },
	})
}

// isZipMagic reports whether b starts a zip: a local file header, or the end
// record of an empty zip.
func isZipMagic(b []byte) bool {
	return len(b) >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6)
}

// displayPath turns a name stored in a zip into a harmless '/'-separated
// path for display. unsafe reports that something meant to escape (a "..",
// a leading "/", a drive letter) was dropped.
func displayPath(name string) (clean string, unsafe bool) {
	name = displayName(strings.ReplaceAll(name, `\`, "/"))
	if len(name) >= 2 && name[1] == ':' && isASCIILetter(name[0]) {
		name, unsafe = name[2:], true
	}
	if strings.HasPrefix(name, "/") {
		unsafe = true
	}
	var parts []string
	for _, p := range strings.Split(name, "/") {
		switch p {
		case "", ".":
		case "..":
			unsafe = true
		default:
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "_", true
	}
	return strings.Join(parts, "/"), unsafe
}

// displayName makes a name printable: invalid UTF-8 becomes U+FFFD,
// control characters '_', and bidirectional controls visible text
// (audit.VisibleName), so that the name reads as its bytes do.
func displayName(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) {
		return audit.VisibleName(s)
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return audit.VisibleName(strings.Map(func(r rune) rune {
		if isControl(r) {
			return '_'
		}
		return r
	}, s))
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
