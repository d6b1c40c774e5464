package demo

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// A small PDF writer for the demo's policies: Helvetica text on Letter
// pages, uncompressed, with a document information dictionary. Written by
// hand rather than with a layout library so that the bytes depend on
// nothing but this code: the demo files must be byte-stable.

// block is one piece of a document: a heading or a paragraph.
type block struct {
	Kind string // "title", "subtitle", "heading", "para", "bullet", "meta"
	Text string
}

// docInfo is a document's properties.
type docInfo struct {
	Title, Author, Subject, Keywords string
	Created                          time.Time
}

// pdfLine is one line placed on a page.
type pdfLine struct {
	font string  // F1 Helvetica, F2 Helvetica-Bold
	size float64 // points
	x, y float64
	text string
}

const (
	pageW, pageH   = 612.0, 792.0 // US Letter
	marginX        = 72.0
	marginTop      = 720.0
	marginBottom   = 84.0
	bodyWrap       = 92 // characters a body line holds at 10 pt
	bulletWrap     = 88
	footerFontSize = 8
)

// blockStyle is how a kind of block is set: font, size, leading, space
// before it, and how many characters a line holds.
var blockStyle = map[string]struct {
	font               string
	size, lead, before float64
	wrap               int
}{
	"title":    {"F2", 20, 26, 0, 50},
	"subtitle": {"F1", 12, 16, 4, 80},
	"meta":     {"F1", 9, 12, 2, 110},
	"heading":  {"F2", 13, 17, 14, 70},
	"para":     {"F1", 10, 14, 6, bodyWrap},
	"bullet":   {"F1", 10, 14, 3, bulletWrap},
}

// layout sets the blocks on pages, a line at a time.
func layout(blocks []block) [][]pdfLine {
	var pages [][]pdfLine
	var page []pdfLine
	y := marginTop
	for _, b := range blocks {
		st := blockStyle[b.Kind]
		lines := wrap(b.Text, st.wrap)
		// A heading starts a new page rather than end one: it needs room
		// for itself and three lines of what follows.
		if b.Kind == "heading" && y-st.before-st.lead-3*14 < marginBottom && len(page) > 0 {
			pages, page, y = append(pages, page), nil, marginTop
		} else if len(page) > 0 {
			y -= st.before
		}
		for i, l := range lines {
			if y-st.lead < marginBottom {
				pages, page, y = append(pages, page), nil, marginTop
			}
			y -= st.lead
			x := marginX
			if b.Kind == "bullet" {
				x += 14
				if i == 0 {
					page = append(page, pdfLine{font: st.font, size: st.size, x: marginX + 4, y: y, text: "-"})
				}
			}
			page = append(page, pdfLine{font: st.font, size: st.size, x: x, y: y, text: l})
		}
	}
	if len(page) > 0 {
		pages = append(pages, page)
	}
	return pages
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// pageOf returns the 1-based page of the laid-out document on which phrase
// starts, or 0.
func pageOf(pages [][]pdfLine, phrase string) int {
	for i, p := range pages {
		var b strings.Builder
		for _, l := range p {
			b.WriteString(l.text)
			b.WriteByte(' ')
		}
		if strings.Contains(b.String(), phrase) {
			return i + 1
		}
	}
	return 0
}

// pdfString escapes text for a literal string; the demo's text is ASCII.
func pdfString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}

func pdfDate(t time.Time) string { return t.UTC().Format("D:20060102150405Z") }

// writePDF renders the blocks as a PDF with a footer on every page.
func writePDF(info docInfo, footer string, blocks []block) []byte {
	pages := layout(blocks)
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

	// Objects 1–5: catalog, page tree, two fonts, info; then a page and its
	// content for each page.
	n := len(pages)
	kids := make([]string, n)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	obj(fmt.Sprintf("<< /Title %s /Author %s /Subject %s /Keywords %s /Creator %s /Producer %s /CreationDate %s /ModDate %s >>",
		pdfString(info.Title), pdfString(info.Author), pdfString(info.Subject), pdfString(info.Keywords),
		pdfString("Acme Holdings document control"), pdfString("Audit Room demo generator"),
		pdfString(pdfDate(info.Created)), pdfString(pdfDate(info.Created))))
	for i, p := range pages {
		var c strings.Builder
		for _, l := range p {
			fmt.Fprintf(&c, "BT /%s %g Tf %.2f %.2f Td %s Tj ET\n", l.font, l.size, l.x, l.y, pdfString(l.text))
		}
		fmt.Fprintf(&c, "BT /F1 %d Tf %.2f %.2f Td %s Tj ET\n", footerFontSize, marginX, 48.0, pdfString(footer))
		fmt.Fprintf(&c, "BT /F1 %d Tf %.2f %.2f Td %s Tj ET\n", footerFontSize, pageW-marginX-60, 48.0, pdfString(fmt.Sprintf("Page %d of %d", i+1, n)))
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			pageW, pageH, 7+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}
