package selection

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// cellPoint recomputes cell i's point from the description alone: the
// cell [⌊i·T/n⌋, ⌊(i+1)·T/n⌋) and the i-th value below its width of the
// seed's stream "main", as SHA-256 of the stream's message, rejecting the
// values at or above the last whole multiple of the width below 2^64.
// k is the stream's counter, carried from cell to cell.
func cellPoint(seed string, i, n int, T int64, k *int) int64 {
	lo := new(big.Int).Div(big.NewInt(0).Mul(big.NewInt(int64(i)), big.NewInt(T)), big.NewInt(int64(n)))
	hi := new(big.Int).Div(big.NewInt(0).Mul(big.NewInt(int64(i+1)), big.NewInt(T)), big.NewInt(int64(n)))
	w := new(big.Int).Sub(hi, lo)
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	limit := new(big.Int).Sub(two64, new(big.Int).Mod(two64, w))
	for {
		sum := sha256.Sum256(fmt.Appendf(nil, "auditroom-random-v1\n%s\nmain\n%d", seed, *k))
		*k++
		x := new(big.Int).SetUint64(binary.BigEndian.Uint64(sum[:8]))
		if x.Cmp(limit) < 0 {
			return new(big.Int).Add(lo, x.Mod(x, w)).Int64()
		}
	}
}

// The population: ten items in cents, one of zero and one negative (never
// selected), one of 9,800.00 that is wider than a cell of 2,496.62.
func TestCellSample(t *testing.T) {
	amounts := []int64{120000, 0, 4550, 980000, -2000, 31000, 77500, 15025, 260000, 9900}
	f := Frame{N: len(amounts), Amounts: amounts}
	d := mustNew(t, f, Cell, "cell-2026", 6)

	// Each cell's point, and the item whose running total spans it,
	// worked out here from the amounts alone.
	var T int64
	for _, a := range amounts {
		T += max(a, 0)
	}
	k := 0
	var hits []string
	for i := range 6 {
		p := cellPoint("cell-2026", i, 6, T, &k)
		if d.Cell.Points[i] != p {
			t.Errorf("cell %d: point %d, want %d", i, d.Cell.Points[i], p)
		}
		var run int64
		for idx, a := range amounts {
			if run += max(a, 0); a > 0 && run > p {
				hits = append(hits, fmt.Sprintf("cell %d: %d hits item %d", i, p, idx))
				break
			}
		}
	}
	want := []string{
		"cell 0: 102612 hits item 0",
		"cell 1: 492107 hits item 3",
		"cell 2: 601982 hits item 3",
		"cell 3: 877866 hits item 3",
		"cell 4: 1205124 hits item 6",
		"cell 5: 1343806 hits item 8",
	}
	if !slices.Equal(hits, want) {
		t.Errorf("cells:\n%s\nwant\n%s", strings.Join(hits, "\n"), strings.Join(want, "\n"))
	}
	// Item 3 is hit in three cells and listed once; item 8, wider than a
	// cell too, straddles two and is hit in one.
	var got []string
	for _, it := range d.Items {
		got = append(got, fmt.Sprintf("#%d item %d ×%d", it.Number, it.Index, it.Points))
	}
	if s := strings.Join(got, ", "); s != "#1 item 0 ×1, #2 item 3 ×3, #3 item 6 ×1, #4 item 8 ×1" {
		t.Errorf("items %s", s)
	}
	if c := d.Cell; c.Total != 1497975 || c.Cells != 6 || c.Width != 249662 || c.Excluded != 2 || d.Seed != "cell-2026" || !slices.Equal(d.Sizes, []int{6}) {
		t.Errorf("detail %+v, seed %q, sizes %v", *c, d.Seed, d.Sizes)
	}
	if s := Summary(d); s != "6 cells of 2496.62 over 14979.75 in amounts; items hit in more than one cell: 1" {
		t.Errorf("summary %q", s)
	}

	// Extending keeps the four items first and adds by size among the rest.
	if err := d.Extend(f, 6, nil); err != nil || !slices.Equal(indices(d), []int{0, 3, 6, 8, 9, 5}) || d.Items[4].Round != 1 || d.Items[5].Number != 6 {
		t.Errorf("extended to 6 = %v (%+v), %v", indices(d), d.Items[4:], err)
	}
	// Redrawn from the seed and sizes, the same items in the same order.
	r, err := Redraw(f, Cell, "cell-2026", []int{6, 6}, nil)
	if err != nil || !slices.Equal(indices(r), indices(d)) {
		t.Errorf("redraw = %v, %v", indices(r), err)
	}

	for _, tc := range []struct {
		f    Frame
		n    int
		want string
	}{
		{Frame{N: 3}, 2, "needs a population with an amount column"},
		{Frame{N: 3, Amounts: []int64{5, 0, -1}}, 2, "a cell sample of 2 cells needs at least as many items with an amount above zero; the population has 1"},
	} {
		if _, err := New(tc.f, Cell, "1", tc.n, nil); audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("%v: %v, want %q", tc.f, err, tc.want)
		}
	}
}
