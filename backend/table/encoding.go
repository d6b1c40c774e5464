package table

// Text encodings: which one a text file is in, and turning it into UTF-8,
// whole or as a stream. The extractor decodes every text file with these,
// not only tables, so that a file reads the same in the search index, a
// population and an import.

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// SniffLen is how much of a file the heuristics look at.
const SniffLen = 8 << 10

// Encoding names, as Decode and NewReader report them.
const (
	UTF8        = "utf-8"
	UTF8BOM     = "utf-8-bom"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1252 = "windows-1252"
)

// Detect names the encoding of a text from its first bytes: a UTF-8 or
// UTF-16 byte order mark wins, then valid UTF-8 (a multi-byte character cut
// at the end of head still counts), then UTF-16 guessed from NUL bytes, else
// Windows-1252, a superset of the printable Latin-1.
func Detect(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		return UTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return UTF16BE
	case utf8.Valid(head):
		return UTF8
	}
	if validCut(head) {
		return UTF8
	}
	if e := UTF16NoBOM(head); e != "" {
		return e
	}
	return Windows1252
}

// validCut reports whether b is valid UTF-8 up to a character cut at its end.
func validCut(b []byte) bool {
	if len(b) <= 4 || !utf8.Valid(b[:len(b)-4]) || bytes.Contains(b, []byte{0}) {
		return false
	}
	cut := len(b)
	for i := 0; i < 3 && cut > 0 && !utf8.RuneStart(b[cut-1]); i++ {
		cut--
	}
	if cut > 0 && utf8.RuneStart(b[cut-1]) && b[cut-1] >= 0xC0 {
		cut--
	}
	return utf8.Valid(b[:cut])
}

// Decode converts b to UTF-8 by the rules of Detect and returns the text and
// the encoding's name. A valid UTF-8 head cut mid-character loses the cut
// character.
func Decode(b []byte) (string, string) {
	enc := Detect(b)
	switch {
	case enc == UTF8BOM:
		return Clean(string(b[3:])), enc
	case enc == UTF8 && utf8.Valid(b):
		return string(b), enc
	case enc == UTF8:
		return strings.ToValidUTF8(string(b), ""), enc
	case enc == Windows1252:
		return decodeWith(charmap.Windows1252, b), enc
	}
	return decodeWith(utf16(enc, hasBOM(b)), b), enc
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}

// utf16 is the UTF-16 decoder of that byte order; with a byte order mark,
// the mark decides and is dropped.
func utf16(name string, bom bool) encoding.Encoding {
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.ExpectBOM
	}
	if name == UTF16BE {
		return unicode.UTF16(unicode.BigEndian, policy)
	}
	return unicode.UTF16(unicode.LittleEndian, policy)
}

func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return Clean(string(out))
}

// Clean makes s valid UTF-8 without NUL bytes.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}

// UTF16NoBOM guesses UTF-16 without a byte order mark from the NUL pattern of
// ASCII text, returning "utf-16le", "utf-16be" or "".
func UTF16NoBOM(b []byte) string {
	if len(b) < 8 {
		return ""
	}
	if len(b) > SniffLen {
		b = b[:SniffLen]
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := len(b) / 2
	switch {
	case odd*10 > half*9 && even*10 < half:
		return UTF16LE
	case even*10 > half*9 && odd*10 < half:
		return UTF16BE
	}
	return ""
}

// streamSniff is how much of a stream NewReader looks at to choose the
// encoding: more than SniffLen, because a stream cannot change its mind.
const streamSniff = 64 << 10

// NewReader returns r decoded to UTF-8, the encoding chosen by Detect on the
// stream's first 64 KiB, and the encoding's name. A byte order mark is
// dropped. Where the head was UTF-8 and a later byte is not, that byte is
// read as Windows-1252, so that a file that is mostly ASCII decodes the
// same however far in its first accented letter comes.
func NewReader(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, streamSniff)
	head, err := br.Peek(streamSniff)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	enc := Detect(head)
	var t transform.Transformer
	switch enc {
	case UTF8BOM:
		if _, err := br.Discard(3); err != nil {
			return nil, "", err
		}
		t = utf8Fallback{}
	case UTF16LE, UTF16BE:
		t = utf16(enc, hasBOM(head)).NewDecoder()
	case UTF8:
		t = utf8Fallback{}
	default:
		t = charmap.Windows1252.NewDecoder()
	}
	return transform.NewReader(br, t), enc, nil
}

// utf8Fallback passes UTF-8 through and reads any byte that is not part of
// a valid UTF-8 character as Windows-1252.
type utf8Fallback struct{ transform.NopResetter }

func (utf8Fallback) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc // the rest may come next
			}
			r = charmap.Windows1252.DecodeByte(c)
			size = 1
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}
