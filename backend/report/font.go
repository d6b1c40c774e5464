package report

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/phpdave11/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// The report's typeface is DejaVu Sans, embedded from the Go module
// github.com/go-fonts/dejavu (DejaVu 2.37, the Bitstream Vera licence: free to
// embed and redistribute). maroto's built-in Helvetica is cp1252 and drops
// anything outside it; the Go fonts (golang.org/x/image/font/gofont) cover
// Latin, Greek and Cyrillic but lack symbols such as ✓ (U+2713). DejaVu Sans
// covers Latin (é ü ë ø ł …), Greek, Cyrillic, Arabic and Hebrew letters,
// arrows, box drawing and the dingbats auditors use as tickmarks. It has no
// CJK: a font that has (Noto Sans CJK, Droid Sans Fallback) is 4–16 MB and
// maroto sets one font per text, so such characters are named as unsupported
// instead: each is drawn as missingMark and the report says so (see clean).
// Right-to-left scripts are treated the same way (see Drawable).
const (
	family      = "dejavu"
	missingMark = '▯' // U+25AF, drawn in place of a character the font lacks
)

// customFonts are the faces maroto embeds (gofpdf subsets them on output).
func customFonts() []*entity.CustomFont {
	return []*entity.CustomFont{
		{Family: family, Style: fontstyle.Normal, Bytes: dejavusans.TTF},
		{Family: family, Style: fontstyle.Bold, Bytes: dejavusansbold.TTF},
	}
}

// coverage records, for every rune of the Basic Multilingual Plane, whether
// both faces have a glyph for it.
var coverage struct {
	once      sync.Once
	bmp       [0x10000 / 64]uint64
	reg, bold *sfnt.Font
}

func loadCoverage() {
	var err error
	if coverage.reg, err = sfnt.Parse(dejavusans.TTF); err != nil {
		panic("report: embedded DejaVu Sans does not parse: " + err.Error())
	}
	if coverage.bold, err = sfnt.Parse(dejavusansbold.TTF); err != nil {
		panic("report: embedded DejaVu Sans Bold does not parse: " + err.Error())
	}
	var buf sfnt.Buffer
	for r := rune(0); r < 0x10000; r++ {
		if hasGlyph(&buf, r) {
			coverage.bmp[r/64] |= 1 << (r % 64)
		}
	}
}

func hasGlyph(buf *sfnt.Buffer, r rune) bool {
	for _, f := range []*sfnt.Font{coverage.reg, coverage.bold} {
		if g, err := f.GlyphIndex(buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// Drawable reports whether the report can draw r: the font has it in both
// weights, it is in the Basic Multilingual Plane (DejaVu has a few emoji
// beyond it, but gofpdf's CID map stops at U+FFFF and panics past it), and it
// is not from a right-to-left script: gofpdf sets runes left to right without
// bidi reordering or Arabic shaping, which would print such words backwards.
func Drawable(r rune) bool {
	if r < 0 || r >= 0x10000 {
		return false
	}
	if p, _ := bidi.LookupRune(r); p.Class() == bidi.R || p.Class() == bidi.AL {
		return false
	}
	coverage.once.Do(loadCoverage)
	return coverage.bmp[r/64]&(1<<(r%64)) != 0
}

// clean makes s safe to draw on one line: composed to NFC (the font has
// precomposed letters; gofpdf cannot place combining marks), line breaks and
// tabs turned into spaces, other control characters dropped, and characters
// the font lacks replaced by missingMark. It reports whether it replaced any.
func clean(s string) (string, bool) {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	missing := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError, unicode.IsControl(r):
		case unicode.Is(unicode.Cf, r):
			// Format characters (zero-width joiners, bidi marks) draw nothing.
		case !Drawable(r):
			b.WriteRune(missingMark)
			missing = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), missing
}

// metrics measures text the way maroto will draw it, to break words that are
// wider than their column (paths, hashes, URLs): maroto wraps only at spaces
// and would let such a word run over the next column.
type metrics struct{ pdf *gofpdf.Fpdf }

func newMetrics() *metrics {
	pdf := gofpdf.New("P", "mm", "A4", "")
	for _, f := range customFonts() {
		pdf.AddUTF8FontFromBytes(f.Family, string(f.Style), f.Bytes)
	}
	return &metrics{pdf: pdf}
}

func (m *metrics) width(s string, bold bool, size float64) float64 {
	style := ""
	if bold {
		style = "B"
	}
	m.pdf.SetFont(family, style, size)
	return m.pdf.GetStringWidth(s)
}

// fit breaks every word of s wider than width into pieces that fit,
// preferring to break after a separator such as / or _.
func (m *metrics) fit(s string, bold bool, size, width float64) string {
	words := strings.Split(s, " ")
	changed := false
	for i, w := range words {
		if utf8.RuneCountInString(w) < 6 || m.width(w, bold, size) <= width {
			continue
		}
		words[i] = strings.Join(m.pieces(w, bold, size, width), " ")
		changed = true
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}

func (m *metrics) pieces(w string, bold bool, size, width float64) []string {
	var out []string
	rs := []rune(w)
	for len(rs) > 0 {
		n := 1
		for n < len(rs) && m.width(string(rs[:n+1]), bold, size) <= width {
			n++
		}
		if n < len(rs) {
			// Prefer the last separator in the piece, if it is not too early.
			for j := n - 1; j > n/2; j-- {
				if strings.ContainsRune("/\\_-.:,;=&?", rs[j]) {
					n = j + 1
					break
				}
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return out
}
