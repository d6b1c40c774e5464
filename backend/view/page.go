// Package view prepares evidence for the viewer: PDF pages drawn by MuPDF
// with where their characters sit (Render, which reads hostile input and so
// runs in a worker process), and the stored text of other files as numbered
// lines and sheet rows, with a query's matches marked.
package view

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"

	"github.com/gen2brain/go-fitz"

	"auditroom/backend/audit"
)

// Scale limits. A page is drawn at most MaxPixels in all, so that a poster
// sized page or a large zoom cannot make an image of gigabytes.
const (
	MinScale  = 0.1
	MaxScale  = 8
	MaxPixels = 16 << 20
)

// PageRequest asks for one page of a PDF.
type PageRequest struct {
	Page  int     // from 1; 0 asks only for the number of pages
	Scale float64 // image pixels per PDF point (72 per inch); 0 means 1
}

// Page is one page of a PDF, drawn.
type Page struct {
	Pages  int     // pages in the document
	Number int     // this page, from 1; 0 when only the count was asked
	Width  float64 // of the page, in points
	Height float64
	Scale  float64 // pixels per point of PNG, after the MaxPixels cap
	PNG    []byte
	// Layout is the page's text as drawn, a line per baseline, built from
	// the characters MuPDF drew and where it drew them; Boxes holds the box
	// of each of its runes, in points from the page's top left (an empty box
	// for the spaces and line breaks put between them). Invisible text,
	// such as the OCR layer of a scan, is not drawn and so is not here.
	Layout string
	Boxes  []Rect
	// Text is the page's text as MuPDF reads it, the text extraction
	// indexed: invisible text included.
	Text string
}

// Rect is a box on a page, in points from its top left.
type Rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Render draws one page of a PDF and reads where its text sits. Hostile
// input can make MuPDF hang or grow without bound: call it in a worker
// process (backend/worker) with its limits. Errors are EINVALID and say
// why the PDF or page cannot be shown.
func Render(ctx context.Context, data []byte, req PageRequest) (Page, error) {
	doc, err := open(data)
	if err != nil {
		return Page{}, err
	}
	defer doc.Close()
	n := doc.NumPage()
	if n < 0 {
		return Page{}, audit.Errorf(audit.EINVALID, "cannot count the pages of this PDF")
	}
	p := Page{Pages: n}
	if req.Page == 0 {
		return p, nil
	}
	if req.Page < 1 || req.Page > n {
		return p, audit.Errorf(audit.EINVALID, "page %d is not in this PDF, which has %d %s", req.Page, n, plural(n, "page", "pages"))
	}
	if err := ctx.Err(); err != nil {
		return p, audit.Wrap(audit.ECANCELED, err, "drawing canceled")
	}
	i := req.Page - 1
	p.Number = req.Page
	svg, err := doc.SVG(i)
	if err != nil {
		return p, pageErr(req.Page, err)
	}
	glyphs, w, h := parseSVG(svg)
	if w <= 0 || h <= 0 {
		b, err := doc.Bound(i)
		if err != nil {
			return p, pageErr(req.Page, err)
		}
		w, h = float64(b.Dx()), float64(b.Dy())
	}
	p.Width, p.Height = w, h
	p.Scale = capScale(req.Scale, w, h)
	if p.PNG, err = doc.ImagePNG(i, p.Scale*72); err != nil {
		return p, pageErr(req.Page, err)
	}
	p.Layout, p.Boxes = layout(glyphs)
	if p.Text, err = doc.Text(i); err != nil {
		p.Text = ""
	}
	return p, nil
}

// open reads a PDF from memory, as extraction does: junk before the header
// is skipped, and a PDF that needs a password says so.
func open(data []byte) (*fitz.Document, error) {
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	doc, err := fitz.NewFromMemory(data)
	switch {
	case err == nil:
		return doc, nil
	case errors.Is(err, fitz.ErrNeedsPassword):
		doc.Close()
		return nil, audit.Errorf(audit.EINVALID, "this PDF needs a password to open: Audit Room keeps it, but cannot show its pages")
	case errors.Is(err, fitz.ErrEmptyBytes):
		return nil, audit.Errorf(audit.EINVALID, "this PDF is empty")
	case doc != nil && !errors.Is(err, fitz.ErrCreateContext):
		doc.Close()
	}
	return nil, audit.Errorf(audit.EINVALID, "cannot open this PDF: %s", strings.TrimPrefix(err.Error(), "fitz: "))
}

func pageErr(page int, err error) error {
	return audit.Errorf(audit.EINVALID, "cannot draw page %d of this PDF: %s", page, strings.TrimPrefix(err.Error(), "fitz: "))
}

// capScale keeps a scale within MinScale and MaxScale, and the image of a
// w × h point page within MaxPixels.
func capScale(s, w, h float64) float64 {
	if s <= 0 || math.IsNaN(s) {
		s = 1
	}
	s = min(max(s, MinScale), MaxScale)
	if w > 0 && h > 0 && w*h*s*s > MaxPixels {
		s = math.Sqrt(MaxPixels / (w * h))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
