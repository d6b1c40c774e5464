package view

import (
	"math"
	"strings"
)

// Character boxes, in ems (font units) around the baseline and origin.
const (
	ascent   = 0.85 // above the baseline
	descent  = 0.25 // below it
	spaceGap = 0.15 // a wider gap between characters on a line is a space
	advance  = 0.5  // width of a character whose outline is unknown
	sameLine = 0.4  // how far off the baseline a character may sit and stay on the line
	backstep = 0.3  // how far back a character may go and stay on the line
)

// layout writes the characters drawn as text, a line per baseline, with a
// box for each rune. PDFs often leave spaces out and place words apart:
// a gap becomes a space, whose box spans the gap so that a phrase is
// marked in one piece. A ligature's runes share its box.
func layout(gs []glyph) (string, []Rect) {
	var b strings.Builder
	var boxes []Rect
	add := func(s string, r Rect) {
		for _, c := range s {
			b.WriteRune(c)
			boxes = append(boxes, r)
		}
	}
	for i, g := range gs {
		left, right := 0.0, advance
		if g.hasInk {
			left, right = min(0, g.inkLeft), max(g.inkRight, 0)
		}
		blank := strings.TrimSpace(g.text) == ""
		if blank && !g.hasInk {
			right = 0.25
		}
		if i+1 == len(gs) {
			add(g.text, rectOf(g, left, right))
			break
		}
		n := gs[i+1]
		along, ok := onLine(g, n)
		if ok && along > right+spaceGap && !blank && strings.TrimSpace(n.text) != "" {
			add(g.text, rectOf(g, left, right))
			add(" ", rectOf(g, right, along))
			continue
		}
		if ok && along > 0 {
			right = along // the next character starts where this one ends
		}
		add(g.text, rectOf(g, left, right))
		if !ok {
			add("\n", Rect{})
		}
	}
	return b.String(), boxes
}

// onLine reports whether n continues g's line: the same direction, its
// origin near g's baseline and not far behind g. along is how far n's
// origin is from g's along the baseline, in g's ems.
func onLine(g, n glyph) (along float64, ok bool) {
	size, nsize := math.Hypot(g.a, g.b), math.Hypot(n.a, n.b)
	if size == 0 || nsize == 0 {
		return 0, false
	}
	ux, uy := g.a/size, g.b/size
	if ux*n.a/nsize+uy*n.b/nsize < 0.99 {
		return 0, false
	}
	dx, dy := n.e-g.e, n.f-g.f
	along = (dx*ux + dy*uy) / size
	across := math.Abs(dx*uy-dy*ux) / max(size, nsize)
	return along, across <= sameLine && along >= -backstep
}

// rectOf is the upright box around a character from x0 to x1 ems along
// its baseline, from its descent to its ascent.
func rectOf(g glyph, x0, x1 float64) Rect {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]float64{{x0, -descent}, {x1, -descent}, {x0, ascent}, {x1, ascent}} {
		x := g.a*p[0] + g.c*p[1] + g.e
		y := g.b*p[0] + g.d*p[1] + g.f
		minX, maxX = min(minX, x), max(maxX, x)
		minY, maxY = min(minY, y), max(maxY, y)
	}
	return Rect{X: minX, Y: minY, W: maxX - minX, H: maxY - minY}
}

// Highlights turns marks on a page's Layout (rune ranges) into boxes: one
// per marked run of characters on a line.
func Highlights(layout string, boxes []Rect, marks [][2]int) []Rect {
	out := []Rect{}
	runes := []rune(layout)
	for _, m := range marks {
		var cur Rect
		open := false
		flush := func() {
			if open {
				out = append(out, cur)
			}
			open = false
		}
		for i := max(m[0], 0); i < min(m[1], len(runes), len(boxes)); i++ {
			r := boxes[i]
			if runes[i] == '\n' || r.W <= 0 || r.H <= 0 {
				flush()
				continue
			}
			if !open {
				cur, open = r, true
				continue
			}
			cur = union(cur, r)
		}
		flush()
	}
	return out
}

func union(a, b Rect) Rect {
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}
