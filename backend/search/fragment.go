package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fragment is a piece of a hit's text around the matches, as plain text:
// never markup. Highlights are the matched ranges as [start, end) offsets
// in Unicode code points (runes) of Text — in JavaScript, indexes into
// Array.from(text), not into the UTF-16 string. Whitespace runs are
// collapsed to one space, and "…" marks text cut at either end.
type Fragment struct {
	Text       string   `json:"text"`
	Highlights [][2]int `json:"highlights"`
}

// Fragment sizes, in runes.
const (
	fragmentWidth = 180 // of the window of text a fragment shows
	fragmentLead  = 50  // of text shown before the first match
	snapSlack     = 20  // how far a cut may move to fall between words
	maxFragments  = 2   // per hit
)

// span is a matched range of bytes in a field's text, and which term.
type span struct {
	start, end int
	term       string
}

// fragments picks up to max windows of text holding the most distinct
// matched terms, best first. width 0 shows the whole text as one fragment.
func fragments(text string, spans []span, max, width int) []Fragment {
	spans = runeSpans(text, spans)
	if len(spans) == 0 {
		return nil
	}
	runes := []rune(text)
	n := len(runes)
	type window struct {
		start, end int
		score      int
	}
	var windows []window
	if width == 0 || n <= width {
		windows = append(windows, window{0, n, 0})
	} else {
		for _, a := range spans {
			w := window{start: a.start - fragmentLead}
			if w.start+width > n {
				w.start = n - width
			}
			w.start = max0(w.start)
			w.end = min(n, w.start+width)
			if a.end > w.end {
				w.end = a.end // a long match shows whole
			}
			terms := map[string]bool{}
			count := 0
			for _, s := range spans {
				if s.start >= w.start && s.end <= w.end {
					terms[s.term] = true
					count++
				}
			}
			w.score = len(terms)*100 + min(count, 99)
			windows = append(windows, w)
		}
		// Best first; among equals, the earliest.
		sort.SliceStable(windows, func(i, j int) bool { return windows[i].score > windows[j].score })
	}
	var picked []window
	for _, w := range windows {
		if len(picked) == max {
			break
		}
		overlaps := false
		for _, p := range picked {
			overlaps = overlaps || (w.start < p.end && p.start < w.end)
		}
		if !overlaps {
			picked = append(picked, w)
		}
	}
	out := make([]Fragment, 0, len(picked))
	for _, w := range picked {
		start, end := snap(runes, spans, w.start, w.end)
		out = append(out, render(runes, spans, start, end))
	}
	return out
}

// runeSpans turns byte spans into rune spans, sorted, with overlapping
// ones merged; spans outside the text or off rune boundaries (which a
// stale index could give) are dropped.
func runeSpans(text string, spans []span) []span {
	var ok []span
	for _, s := range spans {
		if s.start >= 0 && s.start < s.end && s.end <= len(text) &&
			utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) {
			ok = append(ok, s)
		}
	}
	sort.Slice(ok, func(i, j int) bool {
		if ok[i].start != ok[j].start {
			return ok[i].start < ok[j].start
		}
		if ok[i].end != ok[j].end {
			return ok[i].end > ok[j].end
		}
		return ok[i].term < ok[j].term
	})
	var merged []span
	for _, s := range ok {
		if k := len(merged) - 1; k >= 0 && s.start < merged[k].end {
			merged[k].end = max(merged[k].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	// Byte to rune offsets, counting forward once.
	b, r := 0, 0
	at := func(off int) int {
		r += utf8.RuneCountInString(text[b:off])
		b = off
		return r
	}
	for i := range merged {
		merged[i].start = at(merged[i].start)
		merged[i].end = at(merged[i].end)
	}
	return merged
}

// snap moves the ends of a window to the nearest space within reach, so
// that a fragment does not start or end in the middle of a word, without
// cutting a match.
func snap(runes []rune, spans []span, start, end int) (int, int) {
	first, last := end, start
	for _, s := range spans {
		if s.start >= start && s.end <= end {
			first, last = min(first, s.start), max(last, s.end)
		}
	}
	if start > 0 {
		for i := start; i < min(start+snapSlack, first); i++ {
			if unicode.IsSpace(runes[i]) {
				start = i + 1
				break
			}
		}
	}
	if end < len(runes) {
		for i := end - 1; i >= max(end-snapSlack, last); i-- {
			if unicode.IsSpace(runes[i]) {
				end = i
				break
			}
		}
	}
	return start, end
}

// render writes runes[start:end] as a fragment: whitespace, control
// characters and U+FFFD (what extraction makes of glyphs it cannot map)
// collapsed to single spaces, "…" where text was cut, and the
// spans inside the window as highlights.
func render(runes []rune, spans []span, start, end int) Fragment {
	var b strings.Builder
	out := 0 // runes written
	pos := make(map[int]int)
	var inside []span
	for _, s := range spans {
		if s.start >= start && s.end <= end {
			inside = append(inside, s)
			pos[s.start], pos[s.end] = -1, -1
		}
	}
	if start > 0 {
		b.WriteRune('…')
		out++
	}
	space := start > 0 // no space right after the ellipsis
	for i := start; i < end; i++ {
		if _, ok := pos[i]; ok {
			pos[i] = out
		}
		c := runes[i]
		if unicode.IsSpace(c) || unicode.IsControl(c) || c == utf8.RuneError {
			if out > 0 && !space {
				b.WriteByte(' ')
				out++
				space = true
			}
			continue
		}
		b.WriteRune(c)
		out++
		space = false
	}
	if _, ok := pos[end]; ok {
		pos[end] = out
	}
	text := b.String()
	if space && strings.HasSuffix(text, " ") {
		text = text[:len(text)-1]
		out--
	}
	if end < len(runes) {
		text += "…"
	}
	h := make([][2]int, 0, len(inside))
	for _, s := range inside {
		a, z := pos[s.start], pos[s.end]
		z = min(z, out)
		if a >= 0 && a < z {
			h = append(h, [2]int{a, z})
		}
	}
	return Fragment{Text: text, Highlights: h}
}

func max0(i int) int { return max(i, 0) }
