package view

import (
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// MuPDF's SVG device draws each character as a glyph outline defined once,
//
//	<path id="font_1_50" d="M.73 -.001 .63 .07C…Z"/>
//
// and placed with the character it stands for and its font matrix:
//
//	<use data-text="Q" xlink:href="#font_1_50" transform="matrix(12,0,0,-12,72,72)"/>
//
// which is where each character sits on the page: go-fitz offers no other
// way to MuPDF's character positions. The outline gives the glyph's width,
// the matrix its origin, size and direction.

// glyph is one character drawn.
type glyph struct {
	text       string
	a, b, c, d float64 // font matrix: font units to points
	e, f       float64 // origin, in points from the top left
	inkLeft    float64 // of the outline, in font units (an em is 1)
	inkRight   float64
	hasInk     bool
}

var (
	svgSize     = regexp.MustCompile(`<svg[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"`)
	svgPath     = regexp.MustCompile(`<path id="(font_[^"]+)" d="([^"]*)"`)
	svgUse      = regexp.MustCompile(`<use\s([^>]*)>`)
	svgAttr     = regexp.MustCompile(`([a-z:-]+)="([^"]*)"`)
	svgNumber   = regexp.MustCompile(`[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[A-Za-z]`)
	maxSVGGlyph = 200000 // characters read from one page
)

// parseSVG returns the characters drawn on a page, in drawing order, and
// the page's size in points (0 when the SVG does not give it).
func parseSVG(svg string) (glyphs []glyph, width, height float64) {
	if m := svgSize.FindStringSubmatch(svg); m != nil {
		width, _ = strconv.ParseFloat(m[1], 64)
		height, _ = strconv.ParseFloat(m[2], 64)
	}
	ink := map[string][2]float64{}
	for _, m := range svgPath.FindAllStringSubmatch(svg, -1) {
		if l, r, ok := pathXExtent(m[2]); ok {
			ink[m[1]] = [2]float64{l, r}
		}
	}
	for _, m := range svgUse.FindAllStringSubmatch(svg, maxSVGGlyph) {
		var g glyph
		var href, transform string
		for _, a := range svgAttr.FindAllStringSubmatch(m[1], -1) {
			switch a[1] {
			case "data-text":
				g.text = html.UnescapeString(a[2])
			case "xlink:href":
				href = strings.TrimPrefix(a[2], "#")
			case "transform":
				transform = a[2]
			}
		}
		if g.text == "" || !matrix(transform, &g) {
			continue // an image or a glyph that stands for no character
		}
		if x, ok := ink[href]; ok {
			g.inkLeft, g.inkRight, g.hasInk = x[0], x[1], true
		}
		glyphs = append(glyphs, g)
	}
	return glyphs, width, height
}

// matrix reads "matrix(a,b,c,d,e,f)" into g.
func matrix(s string, g *glyph) bool {
	s, ok := strings.CutPrefix(s, "matrix(")
	if !ok {
		return false
	}
	s, ok = strings.CutSuffix(s, ")")
	if !ok {
		return false
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
	if len(f) != 6 {
		return false
	}
	var v [6]float64
	for i, x := range f {
		n, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return false
		}
		v[i] = n
	}
	g.a, g.b, g.c, g.d, g.e, g.f = v[0], v[1], v[2], v[3], v[4], v[5]
	return g.a*g.d-g.b*g.c != 0
}

// pathXExtent returns the least and greatest x of an outline's points, in
// font units. MuPDF writes absolute commands: M, L, C, Q pairs of x y, H
// an x, V a y, Z nothing.
func pathXExtent(d string) (left, right float64, ok bool) {
	left, right = math.Inf(1), math.Inf(-1)
	cmd, arg := byte('M'), 0
	for _, tok := range svgNumber.FindAllString(d, -1) {
		if c := tok[0]; len(tok) == 1 && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			cmd, arg = c, 0
			continue
		}
		n, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			continue
		}
		isX := false
		switch cmd {
		case 'H':
			isX = true
		case 'V':
		default:
			isX = arg%2 == 0
		}
		arg++
		if isX {
			left, right, ok = min(left, n), max(right, n), true
		}
	}
	if !ok {
		return 0, 0, false
	}
	return left, right, true
}
