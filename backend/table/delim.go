package table

import (
	"encoding/csv"
	"errors"
	"strings"
)

// EachLine calls fn for each line of s (1-based), without line endings,
// until fn returns an error, which it returns.
func EachLine(s string, fn func(n int, line string) error) error {
	for n := 1; s != ""; n++ {
		i := strings.IndexByte(s, '\n')
		var l string
		if i < 0 {
			l, s = s, ""
		} else {
			l, s = s[:i], s[i+1:]
		}
		if err := fn(n, strings.TrimRight(l, "\r")); err != nil {
			return err
		}
	}
	return nil
}

var errEnough = errors.New("enough lines")

// Lines returns up to n lines of s, without their line endings. Blank
// lines at the end are dropped.
func Lines(s string, n int) []string {
	var out []string
	_ = EachLine(s, func(_ int, l string) error {
		if len(out) == n {
			return errEnough
		}
		out = append(out, l)
		return nil
	})
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// sampleRecords is how many records Delimiter looks at.
const sampleRecords = 20

// Delimiter picks, among tab, comma, semicolon and bar, the one that splits
// most of the first records of text into the same number of cells (more
// than one); 0 when none is consistent. Records are read as CSV, so a
// quoted cell's delimiters and line breaks do not count. Twenty records
// are taken to be cut at the end of a head, so the last is not counted.
func Delimiter(text string) rune {
	best, bestScore := rune(0), 0
	for _, d := range []rune{'\t', ',', ';', '|'} {
		counts := fieldCounts(text, d)
		if len(counts) == 1 && d == '\t' && counts[0] > 0 {
			return '\t' // one line of tab-separated cells
		}
		if len(counts) < 2 || counts[0] == 0 {
			continue
		}
		same := 0
		for _, n := range counts {
			if n == counts[0] {
				same++
			}
		}
		if same*10 >= len(counts)*8 && same*counts[0] > bestScore {
			best, bestScore = d, same*counts[0]
		}
	}
	return best
}

// fieldCounts is the number of delimiters d in each of the first records
// of text that are not blank.
func fieldCounts(text string, d rune) []int {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var counts []int
	n := 0
	for ; n < sampleRecords; n++ {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if len(rec) > 1 || strings.TrimSpace(rec[0]) != "" {
			counts = append(counts, len(rec)-1)
		}
	}
	if n == sampleRecords && len(counts) > 1 {
		counts = counts[:len(counts)-1] // the last may be cut
	}
	return counts
}

// guessDelimiter is the delimiter of a file known to be a table: the
// consistent one (Delimiter), else the one found most often in the first
// records, which copes with title rows narrower than the table below them;
// 0 when the text has none.
func guessDelimiter(text string) rune {
	if d := Delimiter(text); d != 0 {
		return d
	}
	best, most := rune(0), 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		n := 0
		for _, c := range fieldCounts(text, d) {
			n += c
		}
		if n > most {
			best, most = d, n
		}
	}
	return best
}
