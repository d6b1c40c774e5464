package search

import (
	"context"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// bracket shows text with its marks in [brackets].
func bracket(text string, marks [][2]int) string {
	runes := []rune(text)
	var b strings.Builder
	at := 0
	for _, m := range marks {
		b.WriteString(string(runes[at:m[0]]) + "[" + string(runes[m[0]:m[1]]) + "]")
		at = m[1]
	}
	b.WriteString(string(runes[at:]))
	return b.String()
}

func TestMarks(t *testing.T) {
	const text = "Quarterly user access reviews: the CISO reviewed ACCESS for bucketName in Année 2026."
	for _, tc := range []struct {
		query, want string
	}{
		{"access review", "Quarterly user [access] [reviews]: the CISO [reviewed] [ACCESS] for bucketName in Année 2026."},
		{`"access reviews"`, "Quarterly user [access reviews]: the CISO reviewed ACCESS for bucketName in Année 2026."},
		{`"user access review"`, "Quarterly [user access reviews]: the CISO reviewed ACCESS for bucketName in Année 2026."},
		{"annee", "Quarterly user access reviews: the CISO reviewed ACCESS for bucketName in [Année] 2026."},
		{"bucket", "Quarterly user access reviews: the CISO reviewed ACCESS for [bucket]Name in Année 2026."},
		{"quart*", "[Quarterly] user access reviews: the CISO reviewed ACCESS for bucketName in Année 2026."},
		{"revie*", "Quarterly user access [reviews]: the CISO [reviewed] ACCESS for bucketName in Année 2026."},
		{"acess~", "Quarterly user [access] reviews: the CISO reviewed [ACCESS] for bucketName in Année 2026."},
		{"ciso -access type:pdf", "Quarterly user access reviews: the [CISO] reviewed ACCESS for bucketName in Année 2026."},
		{"type:pdf", text},
		{`"reviews access"`, "Quarterly user access reviews: the CISO [reviewed ACCESS] for bucketName in Année 2026."},
		{`"access user"`, text},
		{"<script>", text},
		{"ciso OR bucket", "Quarterly user access reviews: the [CISO] reviewed ACCESS for [bucket]Name in Année 2026."},
		{"(annee OR nothing) quart*", "[Quarterly] user access reviews: the CISO reviewed ACCESS for bucketName in [Année] 2026."},
		{`"ciso quarterly"~4`, "[Quarterly] user access reviews: the [CISO] reviewed ACCESS for bucketName in Année 2026."},
		{`"ciso quarterly"~3`, text},
		{"NEAR(access ciso, 2)", "Quarterly user [access] reviews: the [CISO] reviewed [ACCESS] for bucketName in Année 2026."},
	} {
		m, err := NewMarker(tc.query)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := bracket(text, m.Marks(text)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.query, got, tc.want)
		}
	}
	if _, err := NewMarker(`"unclosed`); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("bad syntax: %v, want an EINVALID error", err)
	}
}

// Where the search finds a part by its text, the marker marks something in
// it, and where it does not, the marker marks nothing: the viewer shows
// what the search found.
func TestMarksAgreeWithSearch(t *testing.T) {
	ix := fixture(t)
	for _, q := range []string{"access review", `"access review"`, "annee", "recon*", "firewal~", "bucket", "ciso"} {
		res, err := Search(context.Background(), ix, q, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMarker(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Part < 0 {
				continue
			}
			text := fixtureText(t, h.EvidenceID, h.Part)
			if len(m.Marks(text)) == 0 {
				t.Errorf("%s: the search found part %d of %s, the marker nothing in %q", q, h.Part, h.Name, text)
			}
		}
	}
}

// fixtureText is the text of one part of the fixture's files.
func fixtureText(t testing.TB, id string, part int) string {
	t.Helper()
	for _, f := range fixtureFiles() {
		if f.ev.ID == id {
			return f.parts[part].Text
		}
	}
	t.Fatalf("no fixture file %s", id)
	return ""
}
