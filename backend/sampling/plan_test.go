package sampling

import (
	"strconv"
	"testing"
)

// A frequency size's rates: a clean sample of the size supports reliance
// at them, and one deviation does not.
func TestFrequencyRates(t *testing.T) {
	for _, tc := range []struct {
		n          int
		risk       Risk
		conf, tol  string
		cleanLimit string
	}{
		{25, LowerRisk, "90%", "9%", "8.8%"},   // multiple-daily, lower risk
		{20, LowerRisk, "90%", "11%", "10.9%"}, // daily, lower risk
		{40, HigherRisk, "95%", "8%", "7.3%"},  // daily, higher risk
		{60, HigherRisk, "95%", "5%", "4.9%"},  // multiple-daily, higher risk
	} {
		c, tol := FrequencyRates(tc.n, tc.risk)
		if c.Percent() != tc.conf || tol.Percent() != tc.tol {
			t.Errorf("%d at %s risk: %s, %s; want %s, %s", tc.n, tc.risk, c.Percent(), tol.Percent(), tc.conf, tc.tol)
		}
		clean, _ := Evaluate(EvaluationInput{SampleSize: tc.n, Deviations: 0, Confidence: c, Tolerable: tol})
		if !*clean.SupportsReliance {
			t.Errorf("%d clean at %s/%s does not support reliance: %s", tc.n, tc.conf, tc.tol, clean.Conclusion)
		}
		if got := strconv.FormatFloat(clean.UpperDeviationLimit*100, 'f', 1, 64) + "%"; got != tc.cleanLimit {
			t.Errorf("%d clean: upper limit %s, want %s", tc.n, got, tc.cleanLimit)
		}
		one, _ := Evaluate(EvaluationInput{SampleSize: tc.n, Deviations: 1, Confidence: c, Tolerable: tol})
		if *one.SupportsReliance {
			t.Errorf("%d with one deviation supports reliance at %s/%s", tc.n, tc.conf, tc.tol)
		}
	}
}

// The cell a statistical plan names is the cell of the printed table that
// holds its size, checked against testdata/aicpa.
func TestStatisticalBasisNamesThePrintedCell(t *testing.T) {
	files := map[string]string{"A-1": "table-a1.tsv", "A-2": "table-a2.tsv"}
	for _, tc := range []struct{ conf, tol, exp, table, col, row string }{
		{"95%", "5%", "0%", "A-1", "5%", "0.00%"},
		{"90%", "10%", "1%", "A-2", "10%", "1.00%"},
		{"95%", "7%", "2.5%", "A-1", "7%", "2.50%"},
	} {
		in := AttributeInput{Confidence: MustRate(tc.conf), Tolerable: MustRate(tc.tol), Expected: MustRate(tc.exp)}
		a, err := AttributeSize(in)
		if err != nil {
			t.Fatal(err)
		}
		p := StatisticalBasis(in, a)
		if p.AICPACell == nil || *p.AICPACell != (TableCell{tc.table, tc.col, tc.row}) {
			t.Fatalf("%v: cell %+v, want %s %s %s", tc, p.AICPACell, tc.table, tc.col, tc.row)
		}
		tb := readTable(t, files[tc.table])
		printed := ""
		for i, r := range tb.rows {
			for j, c := range tb.cols {
				if r+"%" == tc.row && c+"%" == tc.col {
					printed = tb.cell[i][j]
				}
			}
		}
		if printed != strconv.Itoa(p.SampleSize) {
			t.Errorf("%v: size %d, the table prints %s", tc, p.SampleSize, printed)
		}
		if p.Confidence != tc.conf || p.Tolerable != tc.tol {
			t.Errorf("%v: rates %s, %s", tc, p.Confidence, p.Tolerable)
		}
	}
	// A stated population is hypergeometric: no printed cell.
	in := AttributeInput{Confidence: MustRate("95%"), Tolerable: MustRate("5%"), Population: 200}
	a, _ := AttributeSize(in)
	if p := StatisticalBasis(in, a); p.AICPACell != nil {
		t.Errorf("hypergeometric plan names cell %+v", p.AICPACell)
	}
}

func TestFrequencyBasisRationale(t *testing.T) {
	fp, err := FrequencySize(FrequencyInput{Frequency: MultipleDaily, Risk: LowerRisk})
	if err != nil {
		t.Fatal(err)
	}
	p := FrequencyBasis(fp)
	want := "A multiple-daily control at lower risk: 25 from the frequency table. A test of it is evaluated at 90% confidence and a 9% tolerable rate, what a sample of 25 without deviations supports at lower risk."
	if p.Rationale != want || p.Basis != ByFrequency || p.SampleSize != 25 {
		t.Errorf("plan %+v\nrationale %q\nwant      %q", p, p.Rationale, want)
	}
}

// The table of docs/methodology.md, "What a frequency size represents",
// row by row.
func TestFrequencyRatesOfTheDefaultTable(t *testing.T) {
	want := map[Frequency][2]string{
		Annual: {"90%", "95%"}, Quarterly: {"69%", "78%"}, Monthly: {"69%", "46%"},
		Weekly: {"37%", "19%"}, Daily: {"11%", "8%"}, MultipleDaily: {"9%", "5%"},
	}
	for f, sizes := range DefaultFrequencyTable() {
		for i, r := range []Risk{LowerRisk, HigherRisk} {
			n := sizes.Lower
			if r == HigherRisk {
				n = sizes.Higher
			}
			if _, tol := FrequencyRates(n, r); tol.Percent() != want[f][i] {
				t.Errorf("%s at %s risk (%d): tolerable %s, the methodology says %s", f, r, n, tol.Percent(), want[f][i])
			}
		}
	}
}
