package report

import (
	"testing"

	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/core"
)

func TestPaginate(t *testing.T) {
	b := newBuilder(acme(t, Draft))
	if b.usable != 259 {
		t.Fatalf("usable height %v mm, the cases below assume 259", b.usable)
	}
	filler := func(h float64) { b.add(row.New(h), item{}) }
	mark := func(h float64, it item) core.Row {
		r := row.New(h)
		b.add(r, it)
		return r
	}
	for _, tc := range []struct {
		name  string
		flow  func()
		pages map[string]int
	}{
		{"new page", func() {
			filler(10)
			mark(10, item{newPage: true, anchor: "a"})
		}, map[string]int{"a": 2}},
		{"no new page at the top of a page", func() {
			mark(10, item{newPage: true, anchor: "a"})
		}, map[string]int{"a": 1}},
		{"a row that does not fit moves on", func() {
			filler(250)
			mark(8.5, item{anchor: "fits"})
			mark(1, item{anchor: "next"})
		}, map[string]int{"fits": 1, "next": 2}},
		{"keeps chain", func() {
			filler(235)
			mark(10, item{keep: 1, anchor: "heading"}) // heading kept with the header,
			mark(10, item{keep: 1})                    // the header with the first row
			mark(10, item{anchor: "row"})
		}, map[string]int{"heading": 2, "row": 2}},
		{"a keep taller than a page is let go", func() {
			filler(100)
			mark(10, item{keep: 1, anchor: "heading"})
			mark(255, item{anchor: "tall"})
		}, map[string]int{"heading": 1, "tall": 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.items = nil
			tc.flow()
			_, anchors, err := b.paginate()
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range tc.pages {
				if anchors[k] != want {
					t.Errorf("%s on page %d, want %d", k, anchors[k], want)
				}
			}
		})
	}

	t.Run("repeated header", func(t *testing.T) {
		b.items = nil
		caption, head := row.New(4), row.New(8)
		b.add(head, item{keep: 1})
		for range 40 {
			b.add(row.New(10), item{repeat: []core.Row{caption, head}, repeatH: 12})
		}
		pages, _, err := b.paginate()
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != 2 {
			t.Fatalf("%d pages, want 2", len(pages))
		}
		if pages[1][0] != caption || pages[1][1] != head {
			t.Errorf("the second page does not start with the caption and header")
		}
		// 8 + 25 × 10 fill the first page; 15 rows follow the repeat.
		if n := len(pages[0]); n != 1+25+1 {
			t.Errorf("first page holds %d rows, want the header, 25 rows and the padding", n)
		}
	})

	t.Run("a row taller than a page is an error", func(t *testing.T) {
		b.items = nil
		filler(300)
		if _, _, err := b.paginate(); err == nil {
			t.Error("no error for a row taller than a page")
		}
	})
}
