package selection

import (
	"fmt"

	"auditroom/backend/population"
)

// Cell is cell-bounded monetary-unit sampling: over the items with an
// amount above zero, in population order, with T their total in cents,
// cell i (i = 0 … n−1) is the cents [⌊i·T/n⌋, ⌊(i+1)·T/n⌋), and its point
// is ⌊i·T/n⌋ + below(width of the cell), the values taken from the stream
// "main" in cell order. Each point selects the item whose cumulative cents
// contain it. An item wider than a cell may be hit in several cells; it is
// listed once, with its hits as Points, so the sample may hold fewer than n
// items. Unlike one random start, a point per cell spreads the sample over
// the whole total. Extending adds items by size among those not yet drawn,
// as a monetary-unit sample does.
const Cell Method = "cell"

// CellDetail is how a cell sample was laid out, in cents.
type CellDetail struct {
	Total    int64   `json:"total"`    // T: of the amounts above zero
	Cells    int     `json:"cells"`    // n
	Width    int64   `json:"width"`    // T/n rounded down, for show: the cells use T/n exactly
	Points   []int64 `json:"points"`   // each cell's point, in cell order
	Excluded int     `json:"excluded"` // items of zero, negative or missing amount
}

func (d *Draw) cells(f Frame, n int) error {
	u, excluded, err := drawUnits(f, n, fmt.Sprintf("cell sample of %d cells", n))
	if err != nil {
		return err
	}
	T := uint64(u.total)
	s := newStream(d.Seed, "main")
	detail := &CellDetail{Total: u.total, Cells: n, Width: int64(T / uint64(n)), Excluded: excluded, Points: make([]int64, n)}
	last := -1
	for i := range n {
		lo := mulAddDiv(uint64(i), T, 0, uint64(n))
		hi := mulAddDiv(uint64(i+1), T, 0, uint64(n))
		detail.Points[i] = int64(lo + s.below(hi-lo))
		d.hit(u, detail.Points[i], &last)
	}
	d.Cell = detail
	return nil
}

func cellSummary(d Draw) string {
	if d.Cell == nil {
		return ""
	}
	multi := 0
	for _, it := range d.Items {
		if it.Points > 1 {
			multi++
		}
	}
	return fmt.Sprintf("%d cells of %s over %s in amounts; items hit in more than one cell: %d", d.Cell.Cells,
		population.Amount(d.Cell.Width), population.Amount(d.Cell.Total), multi)
}
