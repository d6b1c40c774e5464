package pack

import (
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// Limits bound what one pack may make the importer read.
//
// A zero field means "use the default", so Limits{MaxDepth: 2} changes only
// the nesting limit.
type Limits struct {
	// MaxRatio is the largest uncompressed:compressed ratio accepted for a zip
	// entry (default 200). An entry declaring more is refused without being
	// inflated, and an entry that produces more than MaxRatio × its compressed
	// size while being read fails, whatever it declared. Entries whose
	// uncompressed size is at most 1 MiB are exempt, so small, highly
	// repetitive files (a page of zeros) are not mistaken for bombs; they are
	// still bounded by their declared size.
	MaxRatio float64
	// MaxEntrySize is the largest single file, in bytes (default 4 GiB).
	MaxEntrySize int64
	// MaxTotal is the total uncompressed bytes of every entry of the pack,
	// nested zips and their contents included (default 32 GiB).
	MaxTotal int64
	// MaxEntries is the number of files in the whole pack, nested included
	// (default 200,000). Walk stops with a Problem when it is reached.
	MaxEntries int
	// MaxDepth is the nesting of zips within zips (default 8); entries of the
	// pack itself are depth 0.
	MaxDepth int
	// MaxNested is the largest nested zip held in memory to open it
	// (default 1 GiB). A larger nested zip is still an entry but is not opened.
	MaxNested int64
}

const (
	kib = 1 << 10
	mib = 1 << 20
	gib = 1 << 30

	// ratioGrace is the uncompressed size up to which MaxRatio is not applied.
	ratioGrace = 1 * mib
)

// DefaultLimits returns the limits used for a pack when nothing else is said.
func DefaultLimits() Limits {
	return Limits{
		MaxRatio:     200,
		MaxEntrySize: 4 * gib,
		MaxTotal:     32 * gib,
		MaxEntries:   200_000,
		MaxDepth:     8,
		MaxNested:    1 * gib,
	}
}

// withDefaults fills zero or negative fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxEntrySize <= 0 {
		l.MaxEntrySize = d.MaxEntrySize
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = d.MaxTotal
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxNested <= 0 {
		l.MaxNested = d.MaxNested
	}
	return l
}

// ratioCap is the most bytes an entry of compressed size comp may produce.
func (l Limits) ratioCap(comp int64) int64 {
	c := l.MaxRatio * float64(comp)
	if c < ratioGrace {
		return ratioGrace
	}
	if c > float64(1<<62) {
		return 1 << 62
	}
	return int64(c)
}

// Errors returned by Entry.Open readers and used in Problem reasons. Check
// them with errors.Is.
var (
	// ErrZipBomb: an entry's compression ratio is over Limits.MaxRatio.
	ErrZipBomb = errors.New("zip bomb")
	// ErrTooLarge: an entry or the pack is over a size limit.
	ErrTooLarge = errors.New("too large")
	// ErrCorrupt: content does not match what the zip or folder declared
	// (size, checksum, compressed data).
	ErrCorrupt = errors.New("corrupt data")
	// ErrTruncated: a zip ends before its entries do.
	ErrTruncated = errors.New("truncated zip")
)

func bombError(usize, comp int64, lim Limits) error {
	if comp <= 0 {
		return fmt.Errorf("%w: %d bytes from an empty compressed stream", ErrZipBomb, usize)
	}
	return fmt.Errorf("%w: compression ratio %.0f:1 exceeds %.0f:1", ErrZipBomb, float64(usize)/float64(comp), lim.MaxRatio)
}

func entryTooLarge(size int64, lim Limits) error {
	return fmt.Errorf("file %w: %d bytes exceeds the %d-byte limit", ErrTooLarge, size, lim.MaxEntrySize)
}

// checkedReader streams an entry's content and fails as soon as it produces
// more than it may: more than declared, more than MaxEntrySize, or more than
// MaxRatio × compressed size. At EOF it checks the size and, when known, the
// CRC-32.
type checkedReader struct {
	r       io.Reader
	closers []io.Closer
	lim     Limits
	want    int64 // declared uncompressed size
	comp    int64 // compressed size; -1 when not compressed (folders, stored)
	crc     hash.Hash32
	wantCRC uint32
	n       int64
	err     error // sticky
	folder  bool  // a file of a folder: a size mismatch means it changed

}

func newCheckedReader(r io.Reader, lim Limits, want, comp int64, checkCRC bool, wantCRC uint32, closers ...io.Closer) *checkedReader {
	c := &checkedReader{r: r, closers: closers, lim: lim, want: want, comp: comp, wantCRC: wantCRC}
	if checkCRC {
		c.crc = crc32.NewIEEE()
	}
	return c
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	// Never ask for more than one byte past the declared size, so a lying
	// entry is caught after at most one extra byte.
	if room := c.want - c.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	switch {
	case c.comp >= 0 && c.n > c.lim.ratioCap(c.comp):
		c.err = bombError(c.n, c.comp, c.lim)
	case c.n > c.lim.MaxEntrySize:
		c.err = entryTooLarge(c.n, c.lim)
	case c.n > c.want && c.folder:
		c.err = fmt.Errorf("%w: file grew since it was listed (%d bytes declared)", ErrCorrupt, c.want)
	case c.n > c.want:
		c.err = fmt.Errorf("%w: entry inflates past its declared size of %d bytes", ErrCorrupt, c.want)
	}
	if c.err != nil {
		return 0, c.err
	}
	if c.crc != nil {
		c.crc.Write(p[:n])
	}
	switch {
	case err == io.EOF:
		if c.n != c.want {
			if c.folder {
				c.err = fmt.Errorf("%w: file shrank since it was listed (%d of %d bytes)", ErrCorrupt, c.n, c.want)
			} else {
				c.err = fmt.Errorf("%w: entry ends after %d of its declared %d bytes", ErrCorrupt, c.n, c.want)
			}
		} else if c.crc != nil && c.crc.Sum32() != c.wantCRC {
			c.err = fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
		} else {
			c.err = io.EOF
		}
		return n, c.err
	case err == io.ErrUnexpectedEOF:
		c.err = fmt.Errorf("%w: compressed data ends early", ErrCorrupt)
		return n, c.err
	case err != nil:
		var cie flate.CorruptInputError
		if errors.As(err, &cie) {
			err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		c.err = err
		return n, c.err
	}
	return n, nil
}

func (c *checkedReader) Close() error {
	var first error
	for _, cl := range c.closers {
		if err := cl.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
