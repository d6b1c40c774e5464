package export

import (
	"testing"

	"auditroom/backend/selection"
)

// The workpaper's "How the items were chosen" is the method's text from
// selection.Methods, and for a cell sample the layout of its cells.
func TestHowChosenCell(t *testing.T) {
	amounts := []int64{120000, 0, 4550, 980000, -2000, 31000, 77500, 15025, 260000, 9900}
	d, err := selection.New(selection.Frame{N: len(amounts), Amounts: amounts}, selection.Cell, "cell-2026", 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "Cell monetary-unit: the running total T of the amounts divided into n cells of equal width T/n, one " +
		"random point drawn in each cell; each point selects the item whose amount spans it, and an item hit in " +
		"several cells is listed once with its hits. Items of zero or negative amount cannot be selected. " +
		"This sample: 6 cells of 2496.62 over 14979.75 in amounts; items hit in more than one cell: 1."
	if got := howChosen(d); got != want {
		t.Errorf("how chosen:\n%s\nwant\n%s", got, want)
	}
}
