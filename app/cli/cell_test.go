package cli_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A cell sample drawn with the sample command's own flags, from a
// population made from nothing: the invoices hit for seed cell-2026 (the
// cells worked out in backend/selection's TestCellSample).
func TestSampleDrawCell(t *testing.T) {
	env := []string{"AUDITROOM_DATA=" + t.TempDir(), "AUDITROOM_PASSPHRASE=correct horse battery"}
	id := createAcme(t, env)
	csv := "Invoice,Posted,Amount\n"
	for i, a := range []string{"1200.00", "0.00", "45.50", "9800.00", "-20.00", "310.00", "775.00", "150.25", "2600.00", "99.00"} {
		csv += fmt.Sprintf("INV-%02d,2026-03-%02d,%s\n", i+1, i+1, a)
	}
	ev := importCSV(t, env, id, "invoices.csv", csv)
	var p populationOut
	mustJSON(t, auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "Invoice",
		"--date", "Posted", "--amount", "Amount", "--json"), &p)

	var s struct {
		Method       string `json:"method"`
		AmountColumn string `json:"amount_column"`
		Cell         struct {
			Points []int64 `json:"points"`
		} `json:"cell"`
		Items []struct {
			Key    string `json:"key"`
			Row    int    `json:"row"`
			Points int    `json:"points"`
		} `json:"items"`
	}
	mustJSON(t, auditroom(t, env, "sample", "draw", "--engagement", id, "--population", p.ID, "--method", "cell",
		"--size", "6", "--seed", "cell-2026", "--json"), &s)
	var got []string
	for _, it := range s.Items {
		got = append(got, fmt.Sprintf("%s row %d ×%d", it.Key, it.Row, it.Points))
	}
	if want := "INV-01 row 2 ×1, INV-04 row 5 ×3, INV-07 row 8 ×1, INV-09 row 10 ×1"; strings.Join(got, ", ") != want ||
		s.Method != "cell" || s.AmountColumn != "Amount" || !slices.Equal(s.Cell.Points, []int64{102612, 492107, 601982, 877866, 1205124, 1343806}) {
		t.Errorf("cell sample %s, method %s, column %q, points %v\nwant %s", strings.Join(got, ", "), s.Method, s.AmountColumn, s.Cell.Points, want)
	}

	// The text names the layout; a population without amounts is refused.
	r := auditroom(t, env, "sample", "draw", "--engagement", id, "--population", p.ID, "--method", "cell", "--size", "6", "--seed", "cell-2026")
	if r.code != 0 || !strings.Contains(r.stdout, "method cell, algorithm auditroom-random-v1, seed \"cell-2026\"\n6 cells of 2496.62 over 14979.75 in amounts; items hit in more than one cell: 1\n") {
		t.Errorf("text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var plain populationOut
	mustJSON(t, auditroom(t, env, "population", "create", "--engagement", id, "--evidence", ev, "--key", "Invoice", "--date", "Posted", "--json"), &plain)
	r = auditroom(t, env, "sample", "draw", "--engagement", id, "--population", plain.ID, "--method", "cell", "--size", "3", "--seed", "1")
	if want := "population " + plain.ID + " has no amount column: choose one when creating the population for a cell (monetary-unit) sample"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("no amounts: exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
}
