package view

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/search"
	"auditroom/backend/view/pdftest"
)

const (
	page1 = "BT /F1 12 Tf 72 720 Td (Quarterly user access review) Tj 0 -20 Td (Signed by the CISO) Tj ET"
	// Words placed apart with no space between them, as many PDFs do, a
	// second column on the same baseline, and a line turned upright.
	page2 = "BT /F1 10 Tf 72 600 Td (firewall) Tj 40 0 Td (rules) Tj ET " +
		"BT /F1 10 Tf 400 600 Td (approved) Tj ET " +
		"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Rotated review) Tj ET"
)

func render(t testing.TB, data []byte, page int, scale float64) Page {
	t.Helper()
	p, err := Render(context.Background(), data, PageRequest{Page: page, Scale: scale})
	if err != nil {
		t.Fatalf("render page %d: %v", page, err)
	}
	return p
}

func marked(t testing.TB, p Page, query string) []Rect {
	t.Helper()
	m, err := search.NewMarker(query)
	if err != nil {
		t.Fatal(err)
	}
	return Highlights(p.Layout, p.Boxes, m.Marks(p.Layout))
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRenderPage(t *testing.T) {
	data := pdftest.PDF(page1, page2)
	if p := render(t, data, 0, 0); p.Pages != 2 || p.PNG != nil {
		t.Fatalf("count only: %d pages, %d bytes of PNG; want 2 and none", p.Pages, len(p.PNG))
	}
	p := render(t, data, 1, 1.5)
	if p.Pages != 2 || p.Number != 1 || p.Width != 612 || p.Height != 792 || p.Scale != 1.5 {
		t.Errorf("page 1: %d of %d, %gx%g points at %g; want 1 of 2, 612x792 at 1.5", p.Number, p.Pages, p.Width, p.Height, p.Scale)
	}
	img, err := png.Decode(bytes.NewReader(p.PNG))
	if err != nil {
		t.Fatalf("page 1 is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 918 || b.Dy() != 1188 {
		t.Errorf("page 1 image is %dx%d, want 918x1188 (612x792 points at 1.5)", b.Dx(), b.Dy())
	}
	if p.Layout != "Quarterly user access review\nSigned by the CISO" {
		t.Errorf("layout %q", p.Layout)
	}
	if !strings.Contains(p.Text, "Quarterly user access review") {
		t.Errorf("text %q", p.Text)
	}
	if got := len([]rune(p.Layout)); got != len(p.Boxes) {
		t.Errorf("%d runes of layout, %d boxes", got, len(p.Boxes))
	}

	// "access" starts 79.36 points into the line set at x 72 and baseline
	// 72 points from the top, and is 37.3 points wide (Helvetica's widths).
	hl := marked(t, p, "access")
	if len(hl) != 1 {
		t.Fatalf("access: %v, want one box", hl)
	}
	if h := hl[0]; !near(h.X, 151.36, 0.5) || !near(h.W, 37.34, 0.5) || h.Y > 72-8 || h.Y+h.H < 72 || h.Y+h.H > 72+4 {
		t.Errorf("access at %+v, want x 151.4, width 37.3, from above the cap height to the baseline 72", h)
	}
	// A phrase is one box; words on two lines are two.
	if hl := marked(t, p, `"user access review"`); len(hl) != 1 || !near(hl[0].X, 124.7, 0.5) {
		t.Errorf("phrase: %+v, want one box from x 124.7", hl)
	}
	if hl := marked(t, p, "review signed"); len(hl) != 2 || hl[0].Y >= hl[1].Y {
		t.Errorf("two lines: %+v, want two boxes, the second lower", hl)
	}
	if hl := marked(t, p, "nowhere"); len(hl) != 0 {
		t.Errorf("a word not on the page: %+v", hl)
	}
}

func TestRenderLayout(t *testing.T) {
	p := render(t, pdftest.PDF(page1, page2), 2, 1)
	// The gap between two words is a space, a far column on the same
	// baseline too, and the upright line a line of its own.
	if p.Layout != "firewall rules approved\nRotated review" {
		t.Errorf("layout %q", p.Layout)
	}
	hl := marked(t, p, `"firewall rules"`)
	if len(hl) != 1 || !near(hl[0].X, 72, 0.5) || hl[0].W < 60 || hl[0].W > 75 {
		t.Errorf("firewall rules: %+v, want one box from x 72, about 65 wide", hl)
	}
	// Text turned upright: its box is tall and narrow, above its origin.
	hl = marked(t, p, "rotated")
	if len(hl) != 1 || hl[0].H < hl[0].W || !near(hl[0].Y+hl[0].H, 492, 0.5) {
		t.Errorf("upright word: %+v, want a box taller than wide ending at y 492", hl)
	}
}

func TestRenderErrors(t *testing.T) {
	good := pdftest.PDF(page1)
	for _, tc := range []struct {
		name string
		data []byte
		page int
		want string
	}{
		{"encrypted", pdftest.Encrypted("s3cret", page1), 1, "needs a password"},
		{"broken", []byte("%PDF-1.4\nnot a pdf at all"), 1, "this pdf"},
		{"empty", nil, 1, "empty"},
		{"page out of range", good, 3, "page 3 is not in this PDF, which has 1 page"},
		{"page zero below", good, -1, "page -1 is not in this PDF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Render(context.Background(), tc.data, PageRequest{Page: tc.page})
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(strings.ToLower(audit.ErrorMessage(err)), strings.ToLower(tc.want)) {
				t.Errorf("%s: %v (%s); want an EINVALID error saying %q", tc.name, err, audit.ErrorCode(err), tc.want)
			}
		})
	}
}

func TestCapScale(t *testing.T) {
	for _, tc := range []struct{ s, w, h, want float64 }{
		{0, 612, 792, 1},
		{math.NaN(), 612, 792, 1},
		{2, 612, 792, 2},
		{0.01, 612, 792, MinScale},
		{100, 612, 792, math.Sqrt(MaxPixels / (612 * 792.0))},
		{1, 14400, 14400, math.Sqrt(MaxPixels / (14400 * 14400.0))},
	} {
		if got := capScale(tc.s, tc.w, tc.h); !near(got, tc.want, 1e-9) {
			t.Errorf("capScale(%g, %g, %g) = %g, want %g", tc.s, tc.w, tc.h, got, tc.want)
		}
	}
}

func TestPathXExtent(t *testing.T) {
	for _, tc := range []struct {
		d           string
		left, right float64
		ok          bool
	}{
		{"M.48199464 0V.5239868H.39898683V.22698975C.39898683 .11999512 .34298707 .049987794 .2559967 .049987794Z", .2559967, .48199464, true},
		{"M-.1 1e-2L.5 -.2Z", -.1, .5, true},
		{"M0 0Z", 0, 0, true},
		{"", 0, 0, false},
	} {
		l, r, ok := pathXExtent(tc.d)
		if ok != tc.ok || !near(l, tc.left, 1e-9) || !near(r, tc.right, 1e-9) {
			t.Errorf("pathXExtent(%q) = %g, %g, %v; want %g, %g, %v", tc.d, l, r, ok, tc.left, tc.right, tc.ok)
		}
	}
}

// A real document from the shared corpus: the title on page 1 of a paper
// set in TeX fonts with no space characters.
func TestRenderCorpusPDF(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "pdfjs", "tracemonkey.pdf")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("the shared corpus is not at %s", path)
	}
	p := render(t, data, 1, 1)
	if p.Pages != 14 {
		t.Errorf("%d pages, want 14", p.Pages)
	}
	hl := marked(t, p, `"just-in-time"`)
	if len(hl) == 0 || hl[0].Y > 100 || hl[0].W < 50 {
		t.Errorf("the title's just-in-time: %+v in layout %.200q", hl, p.Layout)
	}
}
