package search

import (
	"reflect"
	"strings"
	"testing"
)

// at returns the byte span of the n-th occurrence (from 0) of word in text.
func at(text, word string, n int, term string) span {
	off := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[off:], word)
		if i < 0 {
			panic(word)
		}
		off += i + len(word)
	}
	return span{start: off - len(word), end: off, term: term}
}

func TestFragments(t *testing.T) {
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 20) // 540 bytes
	long := "Début " + filler + "the Année fiscale was closed;\n\n the   Année   report " + filler + "end"
	for _, tc := range []struct {
		name  string
		text  string
		spans []span
		max   int
		width int
		want  []string // fragment text with «» around highlights
	}{
		{
			name:  "whole short text, whitespace collapsed",
			text:  "  Quarterly\taccess\n\nreview  ",
			spans: []span{{12, 18, "access"}, {20, 26, "review"}},
			max:   2, width: 180,
			want: []string{"Quarterly «access» «review»"},
		},
		{
			name:  "a window around the densest matches, cut between words",
			text:  long,
			spans: []span{at(long, "Année", 0, "anne"), at(long, "fiscale", 0, "fiscal"), at(long, "Année", 1, "anne"), at(long, "Début", 0, "debut")},
			max:   1, width: 180,
			want: []string{"…dolor sit amet lorem ipsum dolor sit amet the «Année» «fiscale» was closed; the «Année» report lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet…"},
		},
		{
			name:  "second fragment elsewhere",
			text:  long,
			spans: []span{at(long, "Année", 0, "anne"), at(long, "fiscale", 0, "fiscal"), at(long, "Début", 0, "debut")},
			max:   2, width: 60,
			want: []string{"…sit amet lorem ipsum dolor sit amet the «Année» «fiscale»…", "«Début» lorem ipsum dolor sit amet lorem ipsum dolor sit amet…"},
		},
		{
			name:  "overlapping spans merge, bad ones are dropped",
			text:  "Année",
			spans: []span{{0, 6, "anne"}, {0, 3, "an"}, {1, 2, "x"}, {-1, 3, "y"}, {4, 99, "z"}},
			max:   2, width: 180,
			want: []string{"«Année»"},
		},
		{
			name: "no spans, no fragment",
			text: "text",
			max:  2, width: 180,
			want: []string{},
		},
	} {
		got := []string{}
		for _, f := range fragments(tc.text, tc.spans, tc.max, tc.width) {
			got = append(got, marked(f))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// marked puts « and » around the highlights, by rune offsets.
func marked(f Fragment) string {
	runes := []rune(f.Text)
	var b strings.Builder
	prev := 0
	for _, h := range f.Highlights {
		b.WriteString(string(runes[prev:h[0]]) + "«" + string(runes[h[0]:h[1]]) + "»")
		prev = h[1]
	}
	return b.String() + string(runes[prev:])
}
