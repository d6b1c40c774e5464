package textenc

import "strings"

// Lines returns up to n lines of s, without their line endings. Blank
// lines at the end are dropped.
func Lines(s string, n int) []string {
	var out []string
	for len(out) < n && s != "" {
		i := strings.IndexByte(s, '\n')
		var l string
		if i < 0 {
			l, s = s, ""
		} else {
			l, s = s[:i], s[i+1:]
		}
		out = append(out, strings.TrimRight(l, "\r"))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// Delimiter picks, among tab, comma, semicolon and bar, the one with the
// same non-zero count on most sampled lines; 0 when none is consistent.
// Twenty lines are taken to be cut at the end of a head, so the last is
// not counted.
func Delimiter(lines []string) rune {
	if len(lines) > 1 && len(lines) == 20 {
		lines = lines[:len(lines)-1] // the last line may be cut
	}
	var nonEmpty []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			nonEmpty = append(nonEmpty, l)
		}
	}
	if len(nonEmpty) < 2 {
		if len(nonEmpty) == 1 && countOutsideQuotes(nonEmpty[0], '\t') > 0 {
			return '\t'
		}
		return 0
	}
	best, bestScore := rune(0), 0
	for _, d := range []rune{'\t', ',', ';', '|'} {
		first := countOutsideQuotes(nonEmpty[0], d)
		if first == 0 {
			continue
		}
		same := 0
		for _, l := range nonEmpty {
			if countOutsideQuotes(l, d) == first {
				same++
			}
		}
		if same*10 >= len(nonEmpty)*8 && same*first > bestScore {
			best, bestScore = d, same*first
		}
	}
	return best
}

func countOutsideQuotes(l string, d rune) int {
	n, quoted := 0, false
	for _, r := range l {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}
