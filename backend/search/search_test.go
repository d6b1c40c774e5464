package search

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"auditroom/backend/audit"
	"auditroom/backend/index"
	"auditroom/backend/ingest"
)

// testIndex builds an index in a temporary folder from evidence and its
// parts, as an import would.
func testIndex(t testing.TB, files []testFile) *index.Index {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	ix, _, err := index.Open(filepath.Join(t.TempDir(), "index"), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var docs []index.Doc
	for _, f := range files {
		docs = append(docs, ingest.Docs(f.ev, f.parts)...)
	}
	if err := ix.Add(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

type testFile struct {
	ev    audit.Evidence
	parts []audit.Part
}

func ev(id, pack, path, typ, asOf string) audit.Evidence {
	return audit.Evidence{ID: id, Name: path[strings.LastIndexByte(path, '/')+1:], Path: path, Pack: pack,
		Type: typ, Status: audit.Extracted, AsOf: asOf}
}

// fixture is a small engagement: a PDF, a CSV with accents, a log, a
// workbook, an encrypted PDF and a file named like markup.
func fixture(t testing.TB) *index.Index {
	t.Helper()
	return testIndex(t, fixtureFiles())
}

func fixtureFiles() []testFile {
	review := ev("aaa", "acme.zip", "q1/CC6.1 access/review.pdf", "pdf", "2026-03-31")
	review.Controls, review.Requests = []string{"CC6.1"}, []string{"R-12"}
	rules := ev("ddd", "acme.zip", "network/Firewall rules.xlsx", "xlsx", "2026-06-30")
	rules.Controls, rules.Requests = []string{"CC6.6"}, []string{"PBC-012"}
	secret := ev("eee", "other pack", "secret.pdf", "pdf", "2026-02-01")
	secret.Status = audit.Encrypted
	xss := ev("fff", "acme.zip", "web/x.txt", "text", "2026-04-01")
	xss.Name = "<script>alert(1)<script>.txt"
	return []testFile{
		{review, []audit.Part{
			{Page: 1, Text: "Quarterly access review of the payroll ledger.\nApproved by the controller on 31 March."},
			{Page: 2, Text: "Draft appendix: the termination list for the quarter."},
		}},
		{ev("bbb", "acme.zip", "stats/table-with-accents.csv", "csv", "2025-12-31"), []audit.Part{
			{Row: 1, Text: "Classement;Quartier;Date;Année;Occupancy rate\n1;Château-Rouge;2025-01-01;2025;0.93"},
		}},
		{ev("ccc", "logs", "app/auth.log", "log", "2026-03-02"), []audit.Part{
			{Line: 1, Text: "2026-03-01 INFO user jdoe logged in"},
			{Line: 101, Text: "2026-03-02 INFO user jdoe terminated, access revoked by HR"},
		}},
		{rules, []audit.Part{
			{Sheet: "Rules", Row: 5, Text: "Reconciliation of firewall rules approved by the network lead"},
		}},
		{secret, nil},
		{xss, []audit.Part{
			{Line: 1, Text: `payload <img src=x onerror=alert(1)> in the text`},
		}},
	}
}

func ids(r Results) []string {
	out := []string{}
	for _, h := range r.Hits {
		out = append(out, h.EvidenceID)
	}
	return out
}

func sorted(s []string) []string {
	s = append([]string{}, s...)
	sort.Strings(s)
	return s
}

func TestSearch(t *testing.T) {
	ix := fixture(t)
	for _, tc := range []struct {
		q    string
		want []string // evidence IDs, in rank order unless unordered
		any  bool     // any order
	}{
		{"payroll", []string{"aaa"}, false},
		{"PAYROLL ledger", []string{"aaa"}, false},
		{"payroll termination", []string{"aaa"}, false}, // on two pages of the file
		{"controls", []string{"aaa"}, false},            // "controller" too stems to "control"
		{`"access review"`, []string{"aaa"}, false},
		{`"review access"`, []string{}, false},
		{"reconcil*", []string{"ddd"}, false},
		{"termin*", []string{"aaa", "ccc"}, true},
		{"approv*", []string{"aaa", "ddd"}, true},
		{"payrol~", []string{"aaa"}, false},
		{"acess~", []string{"aaa", "ccc"}, true},
		{"firewal~2", []string{"ddd"}, false},
		{"access -draft", []string{"ccc"}, false}, // aaa's second page says Draft: the whole file goes
		{`access -"the termination list"`, []string{"ccc"}, false},
		{"-draft type:pdf", []string{"eee"}, false},
		{"Annee", []string{"bbb"}, false},
		{"ANNÉE chateau", []string{"bbb"}, false},
		{`"annee occupancy"`, []string{"bbb"}, false},
		{"firewall", []string{"ddd"}, false},
		{"secret", []string{"eee"}, false}, // in the name only
		{"review", []string{"aaa"}, false}, // in the text, the path and "review.pdf"
		{"xlsx", []string{"ddd"}, false},   // the file name splits at the dot
		{"type:pdf", []string{"aaa", "eee"}, true},
		{"type:PDF type:csv", []string{"aaa", "bbb", "eee"}, true},
		{"-type:pdf", []string{"bbb", "ccc", "ddd", "fff"}, true},
		{"control:cc6.1", []string{"aaa"}, false},
		{"control:CC6.6 approved", []string{"ddd"}, false},
		{"request:r-12", []string{"aaa"}, false},
		{"request:pbc_012", []string{"ddd"}, false},
		{"pack:acme.zip type:pdf", []string{"aaa"}, false},
		{"pack:acme* -pack:acme.zip", []string{}, false},
		{`pack:"other pack"`, []string{"eee"}, false},
		{"name:REVIEW.PDF", []string{"aaa"}, false},
		{"name:*.xlsx", []string{"ddd"}, false},
		{"name:review", []string{}, false}, // a name is matched whole
		{"after:2026-04-01", []string{"ddd", "fff"}, true},
		{"before:2025-12-31", []string{"bbb"}, false},
		{"after:2026-03 before:2026-03", []string{"aaa", "ccc"}, true},
		{"year:2025", []string{"bbb"}, false},
		{"status:encrypted", []string{"eee"}, false},
		{"access year:2026 -control:CC6.1", []string{"ccc"}, false},
		{"& ! ,", []string{}, false},
		{"& type:pdf", []string{"aaa", "eee"}, true},
		{"script", []string{"fff"}, false},
	} {
		r, err := Search(context.Background(), ix, tc.q, 0, 10)
		got := ids(r)
		want := tc.want
		if tc.any {
			got, want = sorted(got), sorted(want)
		}
		if err != nil || !reflect.DeepEqual(got, want) || r.Total != len(tc.want) {
			t.Errorf("Search(%q) = %v (total %d), %v; want %v", tc.q, got, r.Total, err, want)
		}
	}
}

func TestSearchHits(t *testing.T) {
	ix := fixture(t)
	r, err := Search(context.Background(), ix, "Annee rate", 0, 10)
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("Search = %+v, %v", r, err)
	}
	h := r.Hits[0]
	want := Hit{EvidenceID: "bbb", Part: 0, Name: "table-with-accents.csv", Path: "stats/table-with-accents.csv", Pack: "acme.zip",
		Type: "csv", AsOf: "2025-12-31", Score: h.Score, Locator: audit.Locator{Row: 1},
		Fragments: []Fragment{{Text: "Classement;Quartier;Date;Année;Occupancy rate 1;Château-Rouge;2025-01-01;2025;0.93", Highlights: [][2]int{{25, 30}, {41, 45}}}}}
	if !reflect.DeepEqual(h, want) || h.Score <= 0 {
		t.Errorf("hit\n%+v\nwant\n%+v", h, want)
	}
	if got := marks(h.Fragments[0]); !reflect.DeepEqual(got, []string{"Année", "rate"}) {
		t.Errorf("highlighted %q", got)
	}

	// A log line, a sheet row and a file found by name say where they are.
	for _, tc := range []struct {
		q    string
		want func(Hit) bool
	}{
		{"revoked", func(h Hit) bool { return h.Line == 101 && h.Part == 1 && h.Type == "log" }},
		{"reconciliation", func(h Hit) bool { return h.Sheet == "Rules" && h.Row == 5 }},
		{"payroll", func(h Hit) bool { return h.Page == 1 && h.AsOf == "2026-03-31" }},
		{"type:pdf status:encrypted", func(h Hit) bool { return h.Part == -1 && h.Name == "secret.pdf" && len(h.Fragments) == 0 }},
		{"secret", func(h Hit) bool {
			return h.Part == -1 && len(h.Fragments) == 1 && h.Fragments[0].Text == "secret.pdf" && reflect.DeepEqual(marks(h.Fragments[0]), []string{"secret"})
		}},
		{"network", func(h Hit) bool { // the path, and the text: the text shows
			return h.Row == 5 && reflect.DeepEqual(marks(h.Fragments[0]), []string{"network"})
		}},
		{"pack:logs", func(h Hit) bool { return h.Part == -1 && h.Path == "app/auth.log" && h.Pack == "logs" }},
	} {
		r, err := Search(context.Background(), ix, tc.q, 0, 10)
		if err != nil || len(r.Hits) != 1 || !tc.want(r.Hits[0]) {
			t.Errorf("Search(%q) = %+v, %v", tc.q, r.Hits, err)
		}
	}

	// Markup in names and text stays text: JSON escapes it, nothing renders it.
	r, err = Search(context.Background(), ix, "onerror", 0, 10)
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("onerror: %+v, %v", r, err)
	}
	f := r.Hits[0].Fragments[0]
	if f.Text != "payload <img src=x onerror=alert(1)> in the text" || r.Hits[0].Name != "<script>alert(1)<script>.txt" ||
		!reflect.DeepEqual(marks(f), []string{"onerror"}) {
		t.Errorf("markup hit %+v", r.Hits[0])
	}
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "<img") || strings.Contains(string(b), "<script") {
		t.Errorf("JSON holds raw markup: %s", b)
	}
}

// marks returns the highlighted text of a fragment, by rune offsets.
func marks(f Fragment) []string {
	runes := []rune(f.Text)
	var out []string
	for _, h := range f.Highlights {
		out = append(out, string(runes[h[0]:h[1]]))
	}
	return out
}

func TestSearchFacets(t *testing.T) {
	ix := fixture(t)
	r, err := Search(context.Background(), ix, "approved", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := Facets{
		Type:    []FacetValue{{"pdf", 1}, {"xlsx", 1}},
		Control: []FacetValue{{"CC6.1", 1}, {"CC6.6", 1}},
		Request: []FacetValue{{"PBC-012", 1}, {"R-12", 1}},
		Year:    []FacetValue{{"2026", 2}},
	}
	if !reflect.DeepEqual(r.Facets, want) {
		t.Errorf("facets %+v, want %+v", r.Facets, want)
	}
	r, _ = Search(context.Background(), ix, "-status:extracted -status:encrypted", 0, 10)
	if r.Total != 0 || r.Hits == nil || r.Facets.Type == nil || r.Facets.Year == nil {
		t.Errorf("nothing found: %+v; want empty lists, not nil", r)
	}
	r, _ = Search(context.Background(), ix, "type:pdf type:csv type:log", 0, 10)
	if !reflect.DeepEqual(r.Facets.Year, []FacetValue{{"2026", 3}, {"2025", 1}}) {
		t.Errorf("year facet %+v, want newest first", r.Facets.Year)
	}
}

// Files of many matching parts each: paging is over files, with no file
// twice and none missed, and the facets count files, not parts.
func TestSearchPaging(t *testing.T) {
	var files []testFile
	for i := range 45 {
		f := testFile{ev: ev(fmt.Sprintf("e%02d", i), "p", fmt.Sprintf("logs/%02d.log", i), "log", "2026-01-01")}
		for j := range 1 + i%7 {
			f.parts = append(f.parts, audit.Part{Line: 1 + 100*j, Text: strings.Repeat("wombat ", 1+(i*j)%5) + "ledger"})
		}
		files = append(files, f)
	}
	ix := testIndex(t, files)
	seen := map[string]bool{}
	var last float64 = 1e9
	for offset := 0; offset < 45; offset += 7 {
		r, err := Search(context.Background(), ix, "wombat", offset, 7)
		if err != nil || r.Total != 45 {
			t.Fatalf("page at %d: total %d, %v", offset, r.Total, err)
		}
		if want := min(7, 45-offset); len(r.Hits) != want {
			t.Errorf("page at %d has %d hits, want %d", offset, len(r.Hits), want)
		}
		for _, h := range r.Hits {
			if seen[h.EvidenceID] {
				t.Errorf("%s on two pages", h.EvidenceID)
			}
			if h.Score > last {
				t.Errorf("%s at %d scores %f, above the one before (%f)", h.EvidenceID, offset, h.Score, last)
			}
			seen[h.EvidenceID], last = true, h.Score
		}
		if !reflect.DeepEqual(r.Facets.Type, []FacetValue{{"log", 45}}) {
			t.Errorf("type facet %+v, want 45 files", r.Facets.Type)
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d files over all pages, want 45", len(seen))
	}
	// The same page twice is the same.
	a, _ := Search(context.Background(), ix, "wombat", 14, 7)
	b, _ := Search(context.Background(), ix, "wombat", 14, 7)
	if !reflect.DeepEqual(ids(a), ids(b)) {
		t.Errorf("page 3 twice: %v then %v", ids(a), ids(b))
	}
	if r, err := Search(context.Background(), ix, "wombat", 100, 7); err != nil || r.Total != 45 || len(r.Hits) != 0 {
		t.Errorf("past the end: %+v, %v", r, err)
	}
}

func TestSearchCanceled(t *testing.T) {
	ix := fixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Search(ctx, ix, "payroll", 0, 10); audit.ErrorCode(err) != audit.ECANCELED {
		t.Errorf("cancelled search: %v, want ECANCELED", err)
	}
	if _, err := Search(context.Background(), ix, `"payroll`, 0, 10); audit.ErrorCode(err) != audit.EINVALID {
		t.Errorf("bad syntax: %v, want EINVALID", err)
	}
}

// FuzzSearch runs any query that parses on a small index: it answers or
// fails as invalid, never with an internal error or a panic.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"payroll", "name:*(", `name:"[a-" x*`, "ac~2 -zz* pack:\\", "after:1700 before:2200", "-x", "ÿÿ*"} {
		f.Add(s)
	}
	ix := fixture(f)
	f.Fuzz(func(t *testing.T, s string) {
		_, err := Search(context.Background(), ix, s, 0, 5)
		if err != nil && audit.ErrorCode(err) != audit.EINVALID {
			t.Fatalf("Search(%q): %v", s, err)
		}
	})
}

// Copies of one text tie: they rank by how many of their parts match,
// alike on every page.
func TestSearchTies(t *testing.T) {
	var files []testFile
	for i := range 150 {
		f := testFile{ev: ev(fmt.Sprintf("t%03d", i), "p", fmt.Sprintf("copies/%03d.txt", i), "text", "2026-01-01")}
		for j := range 1 + i%3 {
			f.parts = append(f.parts, audit.Part{Line: 1 + j, Text: "the same numbat census"})
		}
		files = append(files, f)
	}
	ix := testIndex(t, files)
	seen := map[string]bool{}
	prevParts := 3
	for offset := 0; offset < 150; offset += 10 {
		r, err := Search(context.Background(), ix, "numbat census", offset, 10)
		if err != nil || len(r.Hits) != 10 || r.Total != 150 {
			t.Fatalf("page at %d: %d hits of %d, %v", offset, len(r.Hits), r.Total, err)
		}
		for _, h := range r.Hits {
			var i int
			fmt.Sscanf(h.EvidenceID, "t%d", &i)
			if seen[h.EvidenceID] || 1+i%3 > prevParts {
				t.Errorf("%s (%d parts) at %d: seen before %v, or after a file of fewer parts", h.EvidenceID, 1+i%3, offset, seen[h.EvidenceID])
			}
			seen[h.EvidenceID], prevParts = true, 1+i%3
		}
	}
}

func TestSplitID(t *testing.T) {
	for _, tc := range []struct {
		id, ev string
		part   int
	}{
		{"abc/3", "abc", 3}, {"abc/-1", "abc", -1}, {"abc/12.2", "abc", 12}, {"abc", "abc", -1}, {"abc/x", "abc", -1},
	} {
		if ev, part := splitID(tc.id); ev != tc.ev || part != tc.part {
			t.Errorf("splitID(%q) = %q, %d; want %q, %d", tc.id, ev, part, tc.ev, tc.part)
		}
	}
}
