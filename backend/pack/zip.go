package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Zip record signatures.
const (
	sigLocal      = "PK\x03\x04"
	sigCentral    = "PK\x01\x02"
	sigEnd        = "PK\x05\x06"
	sigEnd64      = "PK\x06\x06"
	sigDescriptor = "PK\x07\x08"
)

// opener opens the bytes of a zip afresh for Entry.Open; the Closer may be nil.
type opener func() (io.ReaderAt, io.Closer, error)

func memOpener(data []byte) opener {
	return func() (io.ReaderAt, io.Closer, error) { return bytes.NewReader(data), nil, nil }
}

// record is one entry of a zip, from its central directory or, when that is
// unreadable, from its local header.
type record struct {
	name   string // display path within this zip
	stored string // stored name, decoded, as it was written
	unsafe bool   // name had to be cleaned for display
	dir    bool
	link   bool
	flags  uint16
	method uint16
	csize  uint64
	usize  uint64
	crc    uint32
	off    int64 // offset of the data
	offErr error // the local header could not be read
	mod    time.Time
}

// reader streams the record's content from ra, checked against lim; c, if
// not nil, is closed with it.
func (r *record) reader(ra io.ReaderAt, lim Limits, c io.Closer) io.ReadCloser {
	sec := io.NewSectionReader(ra, r.off, int64(r.csize))
	var closers []io.Closer
	var src io.Reader = sec
	comp := int64(-1)
	if r.method == zip.Deflate {
		fr := flate.NewReader(sec)
		src, comp = fr, int64(r.csize)
		closers = append(closers, fr)
	}
	if c != nil {
		closers = append(closers, c)
	}
	return newCheckedReader(src, lim, int64(r.usize), comp, true, r.crc, closers...)
}

// walkZip walks the zip in ra. prefix is the display path of the zip followed
// by '/' ("" for the pack itself); depth is the depth of its entries.
func (w *walker) walkZip(ra io.ReaderAt, size int64, open opener, prefix string, depth int) error {
	zipPath := strings.TrimSuffix(prefix, "/")
	recs, cdErr := readCentral(ra, size)
	if cdErr != nil {
		recs = w.scanLocal(ra, size, prefix)
		if len(recs) == 0 {
			w.problem(zipPath, "corrupt zip: no readable entries (%v)", cdErr)
			return nil
		}
		w.problem(zipPath, "corrupt zip: central directory unreadable (%v); %d entries recovered from local headers", cdErr, len(recs))
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].name < recs[j].name })

	var fr io.ReadCloser // reused to peek at deflated entries
	for i := range recs {
		r := &recs[i]
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if r.dir {
			continue
		}
		if err := w.count(); err != nil {
			return err
		}
		path := prefix + r.name
		if r.unsafe {
			w.problem(path, "unsafe path %s stored as %s", r.stored, r.name)
		}
		if reason := r.refuse(size, w.lim); reason != "" {
			w.problem(path, "%s", reason)
			continue
		}
		if !w.admit(path, int64(r.usize)) {
			continue
		}
		rec, lim := *r, w.lim
		e := Entry{
			Path:    path,
			Size:    int64(r.usize),
			ModTime: r.mod,
			Depth:   depth,
			Open: func() (io.ReadCloser, error) {
				ra, c, err := open()
				if err != nil {
					return nil, err
				}
				return rec.reader(ra, lim, c), nil
			},
		}
		if r.usize < 30 { // too small to hold a local header: not a zip
			if err := w.visit(e); err != nil {
				return err
			}
			continue
		}
		isZip, err := peekZip(ra, r, &fr)
		if err != nil {
			w.problem(path, "%v", err)
			continue
		}
		if isZip {
			err = w.nested(e)
		} else {
			err = w.visit(e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// refuse returns why the record will not be read, or "".
func (r *record) refuse(size int64, lim Limits) string {
	switch {
	case r.offErr != nil:
		return fmt.Sprintf("%s: local header unreadable (%v)", ErrCorrupt, r.offErr)
	case r.link:
		return "symlink inside a zip is not followed"
	case r.flags&1 != 0:
		return "encrypted entry cannot be read"
	case r.method != zip.Store && r.method != zip.Deflate:
		return fmt.Sprintf("unsupported compression method %d", r.method)
	case r.usize > math.MaxInt64/2 || r.csize > math.MaxInt64/2:
		return fmt.Sprintf("%s: impossible size", ErrCorrupt)
	case r.method == zip.Store && r.csize != r.usize:
		return fmt.Sprintf("%s: stored entry declares %d bytes but holds %d", ErrCorrupt, r.usize, r.csize)
	case r.method == zip.Deflate && int64(r.usize) > lim.ratioCap(int64(r.csize)):
		return bombError(int64(r.usize), int64(r.csize), lim).Error()
	case r.off < 0 || r.off > size || int64(r.csize) > size-r.off:
		return fmt.Sprintf("%s: entry runs past the end of the zip", ErrTruncated)
	}
	return ""
}

// peekZip reports whether the record's content starts with a local file
// header. fr holds a flate reader reused between calls.
func peekZip(ra io.ReaderAt, r *record, fr *io.ReadCloser) (bool, error) {
	sec := io.NewSectionReader(ra, r.off, int64(r.csize))
	var src io.Reader = sec
	if r.method == zip.Deflate {
		if *fr == nil {
			*fr = flate.NewReader(sec)
		} else if err := (*fr).(flate.Resetter).Reset(sec, nil); err != nil {
			return false, fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		src = *fr
	}
	var b [4]byte
	if _, err := io.ReadFull(src, b[:]); err != nil {
		return false, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return string(b[:]) == sigLocal, nil
}

// nested passes a nested zip to fn and walks its entries at the next depth.
func (w *walker) nested(e Entry) error {
	if e.Depth+1 > w.lim.MaxDepth {
		if err := w.visit(e); err != nil {
			return err
		}
		w.problem(e.Path, "nesting deeper than %d", w.lim.MaxDepth)
		return nil
	}
	if e.Size > w.lim.MaxNested {
		if err := w.visit(e); err != nil {
			return err
		}
		w.problem(e.Path, "nested zip %s: %d bytes exceeds the %d-byte limit for opening it in memory", ErrTooLarge, e.Size, w.lim.MaxNested)
		return nil
	}
	data, err := readAll(e)
	if err != nil {
		w.problem(e.Path, "%v", err)
		return nil
	}
	e.Open = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	if err := w.visit(e); err != nil {
		return err
	}
	if isDocument(bytes.NewReader(data), int64(len(data))) {
		return nil
	}
	return w.walkZip(bytes.NewReader(data), int64(len(data)), memOpener(data), e.Path+"/", e.Depth+1)
}

func readAll(e Entry) ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// readCentral lists a zip's entries from its central directory.
func readCentral(ra io.ReaderAt, size int64) ([]record, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	recs := make([]record, 0, len(zr.File))
	for _, f := range zr.File {
		stored := decodeName(f.Name, f.Flags, f.Extra)
		name, unsafe := displayPath(stored)
		off, offErr := f.DataOffset()
		mod := f.Modified
		// archive/zip reads a zero DOS date as 1979-11-30.
		if mod.IsZero() || mod.Year() < 1980 {
			mod = dosTime(f.ModifiedDate, f.ModifiedTime)
		}
		recs = append(recs, record{
			name:   name,
			stored: stored,
			unsafe: unsafe,
			dir:    strings.HasSuffix(f.Name, "/") || strings.HasSuffix(f.Name, `\`) || f.Mode().IsDir(),
			link:   f.Mode()&fs.ModeSymlink != 0,
			flags:  f.Flags,
			method: f.Method,
			csize:  f.CompressedSize64,
			usize:  f.UncompressedSize64,
			crc:    f.CRC32,
			off:    off,
			offErr: offErr,
			mod:    mod,
		})
	}
	return recs, nil
}

// scanLocal recovers entries from the local file headers of a zip whose
// central directory is missing or broken. It stops at the first entry it
// cannot delimit, recording a Problem.
func (w *walker) scanLocal(ra io.ReaderAt, size int64, prefix string) []record {
	zipPath := strings.TrimSuffix(prefix, "/")
	var recs []record
	pos := indexAt(ra, size, 0, sigLocal)
	for pos >= 0 {
		if w.ctx.Err() != nil || len(recs) > w.lim.MaxEntries {
			return recs
		}
		var h [30]byte
		if _, err := ra.ReadAt(h[:], pos); err != nil {
			w.problem(zipPath, "%s: local header at offset %d cut off", ErrTruncated, pos)
			return recs
		}
		le := binary.LittleEndian
		r := record{
			flags:  le.Uint16(h[6:]),
			method: le.Uint16(h[8:]),
			mod:    dosTime(le.Uint16(h[12:]), le.Uint16(h[10:])),
			crc:    le.Uint32(h[14:]),
			csize:  uint64(le.Uint32(h[18:])),
			usize:  uint64(le.Uint32(h[22:])),
		}
		nameLen, extraLen := int64(le.Uint16(h[26:])), int64(le.Uint16(h[28:]))
		ne := make([]byte, nameLen+extraLen)
		if _, err := ra.ReadAt(ne, pos+30); err != nil {
			w.problem(zipPath, "%s: local header at offset %d cut off", ErrTruncated, pos)
			return recs
		}
		rawName, extra := string(ne[:nameLen]), ne[nameLen:]
		r.stored = decodeName(rawName, r.flags, extra)
		r.name, r.unsafe = displayPath(r.stored)
		r.dir = strings.HasSuffix(rawName, "/") || strings.HasSuffix(rawName, `\`)
		r.off = pos + 30 + nameLen + extraLen
		readZip64(&r, extra)

		var next int64
		if r.flags&8 != 0 {
			// Sizes follow the data, in a data descriptor.
			end, n := findDescriptor(ra, size, r.off, &r)
			if end < 0 {
				w.problem(prefix+r.name, "%s: entry cut off before its end", ErrTruncated)
				return recs
			}
			next = end + n
		} else {
			if r.csize > uint64(size-r.off) {
				w.problem(prefix+r.name, "%s: entry cut off after %d of %d bytes", ErrTruncated, size-r.off, r.csize)
				return recs
			}
			next = r.off + int64(r.csize)
		}
		recs = append(recs, r)

		var sig [4]byte
		if _, err := ra.ReadAt(sig[:], next); err != nil {
			return recs // the zip ends after this entry; its directory is missing
		}
		switch string(sig[:]) {
		case sigLocal:
			pos = next
		case sigCentral, sigEnd, sigEnd64:
			return recs
		default:
			w.problem(zipPath, "corrupt zip: unexpected data at offset %d; later entries are not read", next)
			return recs
		}
	}
	return recs
}

// findDescriptor finds the data descriptor after the data starting at off,
// fills in r's sizes and CRC from it, and returns its offset and length, or
// -1 when there is none.
func findDescriptor(ra io.ReaderAt, size, off int64, r *record) (int64, int64) {
	le := binary.LittleEndian
	for q := indexAt(ra, size, off, sigDescriptor); q >= 0; q = indexAt(ra, size, q+1, sigDescriptor) {
		var d [24]byte
		n, _ := ra.ReadAt(d[:], q)
		if n >= 16 && int64(le.Uint32(d[8:])) == q-off {
			r.crc, r.csize, r.usize = le.Uint32(d[4:]), uint64(le.Uint32(d[8:])), uint64(le.Uint32(d[12:]))
			return q, 16
		}
		if n >= 24 && int64(le.Uint64(d[8:])) == q-off {
			r.crc, r.csize, r.usize = le.Uint32(d[4:]), le.Uint64(d[8:]), le.Uint64(d[16:])
			return q, 24
		}
	}
	return -1, 0
}

// readZip64 takes 64-bit sizes from a local header's zip64 extra field.
func readZip64(r *record, extra []byte) {
	le := binary.LittleEndian
	for len(extra) >= 4 {
		id, n := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			return
		}
		field := extra[:n]
		extra = extra[n:]
		if id != 0x0001 {
			continue
		}
		if r.usize == math.MaxUint32 && len(field) >= 8 {
			r.usize, field = le.Uint64(field), field[8:]
		}
		if r.csize == math.MaxUint32 && len(field) >= 8 {
			r.csize = le.Uint64(field)
		}
	}
}

// indexAt returns the offset of the first s at or after from, or -1.
func indexAt(ra io.ReaderAt, size, from int64, s string) int64 {
	const chunk = 64 * kib
	buf := make([]byte, chunk+len(s)-1)
	for from < size {
		n, err := ra.ReadAt(buf, from)
		if n == 0 && err != nil {
			return -1
		}
		if i := bytes.Index(buf[:n], []byte(s)); i >= 0 {
			return from + int64(i)
		}
		if err != nil {
			return -1
		}
		from += chunk
	}
	return -1
}

// decodeName decodes a stored zip name: the Info-ZIP Unicode Path field when
// it matches the name, else the name itself when the UTF-8 flag is set or it
// is valid UTF-8, else CP437.
func decodeName(raw string, flags uint16, extra []byte) string {
	le := binary.LittleEndian
	for len(extra) >= 4 {
		id, n := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			break
		}
		field := extra[:n]
		extra = extra[n:]
		if id == 0x7075 && len(field) >= 5 && field[0] == 1 &&
			le.Uint32(field[1:]) == crc32.ChecksumIEEE([]byte(raw)) && utf8.Valid(field[5:]) {
			return string(field[5:])
		}
	}
	if flags&0x800 != 0 || utf8.ValidString(raw) {
		return raw
	}
	s, err := charmap.CodePage437.NewDecoder().String(raw)
	if err != nil {
		return raw // displayName will replace what is invalid
	}
	return s
}

// dosTime reads an MS-DOS date and time; a zero date is an entry written
// without one, and its time is unknown (zero), not 1979-11-30.
func dosTime(date, t uint16) time.Time {
	if date == 0 {
		return time.Time{}
	}
	return time.Date(int(date>>9)+1980, time.Month(date>>5&0xf), int(date&0x1f),
		int(t>>11), int(t>>5&0x3f), int(t&0x1f)*2, 0, time.UTC)
}

// isDocument reports whether a zip is an office document or another
// package format (OOXML, OpenDocument, EPUB, JAR) rather than a pack of
// files: such a zip is one piece of evidence, extracted as a document, and
// its parts are not walked. The first local header is checked too, so a
// damaged document with an unreadable directory is still known.
func isDocument(ra io.ReaderAt, size int64) bool {
	var head [30 + 64]byte
	n, _ := ra.ReadAt(head[:], 0)
	if n >= 30 && string(head[:4]) == sigLocal {
		nameLen := int(binary.LittleEndian.Uint16(head[26:28]))
		if 30+nameLen <= n && documentMarker(string(head[30:30+nameLen])) {
			return true
		}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if documentMarker(f.Name) {
			return true
		}
	}
	return false
}

func documentMarker(name string) bool {
	switch name {
	case "[Content_Types].xml", "mimetype", "META-INF/manifest.xml", "META-INF/MANIFEST.MF":
		return true
	}
	return false
}
