package search

import (
	"context"
	"reflect"
	"testing"

	"auditroom/backend/audit"
)

// spreadFiles are evidence whose words sit on different pages, rows and
// sheets: Walden with the author's name on page 1 and the phrase on page 2,
// notes holding all of it on one page, and a workbook listing monitors on
// one sheet and their size on another.
func spreadFiles() []testFile {
	return []testFile{
		{ev("wal", "books.zip", "library/Walden.pdf", "pdf", "2026-01-05"), []audit.Part{
			{Page: 1, Text: "Walden; or, Life in the Woods. By Henry David Thoreau."},
			{Page: 2, Text: "This is a delicious evening, when the whole body is one sense, and imbibes delight through every pore."},
			{Page: 3, Text: "I went to the woods because I wished to live deliberately."},
		}},
		{ev("tho", "books.zip", "library/notes.pdf", "pdf", "2026-01-06"), []audit.Part{
			{Page: 1, Text: "Reading notes on American essayists."},
			{Page: 2, Text: "Thoreau describes a delicious evening by the pond."},
		}},
		{ev("mon", "it.zip", "hardware/inventory.xlsx", "xlsx", "2026-02-01"), []audit.Part{
			{Sheet: "Monitors", Row: 1, Text: "Item\tModel\nMonitor\tDell P2419H\nMonitor\tLG 27UL500\n"},
			{Sheet: "Specs", Row: 5, Text: "Size\t20-23 inch\nWeight\t4 kg\n"},
		}},
	}
}

func TestSearchAnywhereInFile(t *testing.T) {
	ix := testIndex(t, spreadFiles())
	type cited struct {
		id    string
		place audit.Locator
	}
	for _, tc := range []struct {
		q    string
		want []cited
	}{
		// The notes hold the words on one page and rank first; Walden has
		// them on two, shown by page 2, which holds two of the three.
		{"thoreau delicious evening", []cited{{"tho", audit.Locator{Page: 2}}, {"wal", audit.Locator{Page: 2}}}},
		// One word on each of two pages: the rarer word's page shows.
		{"Thoreau deliberately", []cited{{"wal", audit.Locator{Page: 3}}}},
		// Words in different sheets of a workbook: the sheet holding three
		// of the four is cited, at the row of the size.
		{"monitor size 20-23 inch", []cited{{"mon", audit.Locator{Sheet: "Specs", Row: 5}}}},
		// A word of the name and one of the text.
		{"walden delicious", []cited{{"wal", audit.Locator{Page: 2}}}},
		{"inventory weight", []cited{{"mon", audit.Locator{Sheet: "Specs", Row: 6}}}},
		{`"delicious evening" woods`, []cited{{"wal", audit.Locator{Page: 2}}}},
		{"thoreau pore*", []cited{{"wal", audit.Locator{Page: 2}}}},
		{"thoreau delicous~", []cited{{"tho", audit.Locator{Page: 2}}, {"wal", audit.Locator{Page: 1}}}},
		// Filters and exclusions hold for the whole file as before.
		{"thoreau evening type:pdf -pond", []cited{{"wal", audit.Locator{Page: 1}}}},
		{"thoreau evening -type:pdf", nil},
		{"thoreau evening name:notes.pdf", []cited{{"tho", audit.Locator{Page: 2}}}},
		{"thoreau monitor", nil},
		// OR and parentheses.
		{"deliberately OR pond", []cited{{"tho", audit.Locator{Page: 2}}, {"wal", audit.Locator{Page: 3}}}},
		{"(pond OR deliberately) thoreau", []cited{{"tho", audit.Locator{Page: 2}}, {"wal", audit.Locator{Page: 3}}}},
		{"(monitor weight) OR (walden deliberately)", []cited{{"wal", audit.Locator{Page: 3}}, {"mon", audit.Locator{Sheet: "Monitors", Row: 2}}}},
		{"monitor OR nothingatall", []cited{{"mon", audit.Locator{Sheet: "Monitors", Row: 2}}}},
		// Near: at most N other words between them, in any order, in one part.
		{`"delicious sense"~7`, []cited{{"wal", audit.Locator{Page: 2}}}},
		{`"delicious sense"~6`, nil},
		{"NEAR(sense delicious, 7)", []cited{{"wal", audit.Locator{Page: 2}}}},
		{"NEAR(thoreau delicious, 10)", []cited{{"tho", audit.Locator{Page: 2}}}},
		{"NEAR(walden thoreau, 10) OR NEAR(monitor inch, 3)", []cited{{"wal", audit.Locator{Page: 1}}}},
	} {
		t.Run(tc.q, func(t *testing.T) {
			r, err := Search(context.Background(), ix, tc.q, 0, 10)
			var got []cited
			for _, h := range r.Hits {
				l := h.Locator
				got = append(got, cited{h.EvidenceID, l})
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) || r.Total != len(tc.want) {
				t.Errorf("Search(%q) = %+v (total %d), %v; want %+v", tc.q, got, r.Total, err, tc.want)
			}
		})
	}
}

// The passage of a file found on several parts is of the part holding the
// most words, with them marked; the facets and paging count both kinds of
// file.
func TestSearchAnywherePassageAndPaging(t *testing.T) {
	ix := testIndex(t, spreadFiles())
	r, err := Search(context.Background(), ix, "thoreau delicious evening", 1, 1)
	if err != nil || r.Total != 2 || len(r.Hits) != 1 {
		t.Fatalf("second page: %+v, %v", r, err)
	}
	h := r.Hits[0]
	if h.EvidenceID != "wal" || h.Part != 1 || len(h.Fragments) == 0 ||
		!reflect.DeepEqual(marks(h.Fragments[0]), []string{"delicious", "evening"}) {
		t.Errorf("Walden's hit %+v", h)
	}
	if !reflect.DeepEqual(r.Facets.Type, []FacetValue{{"pdf", 2}}) || !reflect.DeepEqual(r.Facets.Year, []FacetValue{{"2026", 2}}) {
		t.Errorf("facets %+v, want both PDFs", r.Facets)
	}
	r, err = Search(context.Background(), ix, "monitor size 20-23 inch", 0, 10)
	if err != nil || len(r.Hits) != 1 || !reflect.DeepEqual(marks(r.Hits[0].Fragments[0]), []string{"Size", "20", "23", "inch"}) {
		t.Errorf("workbook hit %+v, %v", r.Hits, err)
	}
}
