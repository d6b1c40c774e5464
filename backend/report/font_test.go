package report

import (
	"strings"
	"testing"
)

func TestDrawable(t *testing.T) {
	for _, r := range "éüëøłŁØÆßçñ✓✗•–—“”€…ΩЖ" + string(missingMark) {
		if !Drawable(r) {
			t.Errorf("Drawable(%q) = false; the report font must draw it", r)
		}
	}
	for _, r := range "王中文日本語한국어" {
		if Drawable(r) {
			t.Errorf("Drawable(%q) = true; DejaVu Sans has no such glyph", r)
		}
	}
	// DejaVu has these, but gofpdf would set them left to right, unshaped.
	for _, r := range "مرحباשלום" {
		if Drawable(r) {
			t.Errorf("Drawable(%q) = true for a right-to-left letter", r)
		}
	}
	// DejaVu has this one, but gofpdf cannot embed a glyph beyond U+FFFF.
	if Drawable('😀') {
		t.Errorf("Drawable('😀') = true; gofpdf panics on runes past the BMP")
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		missing  bool
	}{
		{"Zoë Müller", "Zoë Müller", false},
		{"Zoe\u0308 Mu\u0308ller", "Zoë Müller", false}, // decomposed: composed for the font
		{"a\tb\nc\r\nd", "a b c  d", false},
		{"bell\x07 and zero\u200bwidth", "bell and zerowidth", false},
		{"王小明 (Wang)", "▯▯▯ (Wang)", true},
		{"ok ✓ / no ✗", "ok ✓ / no ✗", false},
	} {
		got, missing := clean(tc.in)
		if got != tc.want || missing != tc.missing {
			t.Errorf("clean(%q) = %q, %v; want %q, %v", tc.in, got, missing, tc.want, tc.missing)
		}
	}
}

func TestFitBreaksLongWords(t *testing.T) {
	m := newMetrics()
	const width = 30.0 // mm
	path := "IT/IAM/exports/2025/aws_iam_credential_report_2025-06-30_production_account_123456789012.csv"
	got := m.fit("see "+path+" now", false, 8, width)
	if strings.ReplaceAll(got, " ", "") != strings.ReplaceAll("see "+path+" now", " ", "") {
		t.Fatalf("fit changed the characters: %q", got)
	}
	for _, w := range strings.Split(got, " ") {
		if m.width(w, false, 8) > width {
			t.Errorf("piece %q is %.1f mm wide, more than %.0f", w, m.width(w, false, 8), width)
		}
	}
	if !strings.Contains(got, "IT/IAM/") {
		t.Errorf("fit did not prefer breaking after a separator: %q", got)
	}
	if short := "short words only"; m.fit(short, false, 8, width) != short {
		t.Errorf("fit changed text that fits")
	}
}

func TestChunks(t *testing.T) {
	s := strings.Repeat("word ", 500)
	var joined []string
	for _, c := range chunks(strings.TrimSpace(s), 300) {
		if n := len([]rune(c)); n > 300 {
			t.Errorf("chunk of %d runes, more than 300", n)
		}
		joined = append(joined, c)
	}
	if strings.Join(joined, " ") != strings.TrimSpace(s) {
		t.Errorf("chunks lost or changed text")
	}
}
