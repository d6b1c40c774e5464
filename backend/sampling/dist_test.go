package sampling

import (
	"math"
	"math/big"
	"testing"
)

// The float CDFs against the exact rational ones, over a grid that includes
// the tails.
func TestCDFsAgreeWithExact(t *testing.T) {
	for _, n := range []int{1, 7, 25, 60, 112, 400, 1300} {
		for _, p := range []*big.Rat{big.NewRat(1, 400), big.NewRat(1, 20), big.NewRat(7, 100), big.NewRat(1, 5), big.NewRat(9, 10)} {
			pf, _ := p.Float64()
			for _, k := range []int{0, 1, 4, n / 10, n / 2, n - 1} {
				if k < 0 || k >= n {
					continue
				}
				got := binomCDF(k, n, pf)
				want := exactBinomCDF(k, n, p)
				if math.Abs(got-want) > 1e-10*math.Max(want, 1e-300) && math.Abs(got-want) > 1e-300 {
					t.Errorf("binomCDF(%d; %d, %v) = %.17g, exact %.17g", k, n, pf, got, want)
				}
			}
		}
	}
	for _, tc := range []struct{ N, m, n int }{{100, 5, 45}, {100, 5, 10}, {1000, 50, 59}, {50, 49, 3}, {60, 30, 50}} {
		for k := 0; k <= min(tc.m, tc.n); k++ {
			got := hyperCDF(k, tc.N, tc.m, tc.n)
			want := exactHyperCDF(k, tc.N, tc.m, tc.n)
			if math.Abs(got-want) > 1e-10*math.Max(want, 1e-300) && math.Abs(got-want) > 1e-300 {
				t.Errorf("hyperCDF(%d; N=%d, m=%d, n=%d) = %.17g, exact %.17g", k, tc.N, tc.m, tc.n, got, want)
			}
		}
	}
}

// The exact decisions agree with the exact CDF on either side of a value.
func TestAtMostExact(t *testing.T) {
	p := big.NewRat(7, 100)
	cdf := exactBinomCDFRat(4, 112, p)
	below := new(big.Rat).Mul(cdf, big.NewRat(999999999, 1000000000))
	above := new(big.Rat).Mul(cdf, big.NewRat(1000000001, 1000000000))
	if binomAtMost(4, 112, p, below) || !binomAtMost(4, 112, p, cdf) || !binomAtMost(4, 112, p, above) {
		t.Errorf("binomAtMost(4; 112, 7%%) misjudges a risk within 1e-9 of the CDF %s", cdf.FloatString(12))
	}
	h := exactHyperCDFRat(0, 100, 5, 45)
	if hyperAtMost(0, 100, 5, 45, new(big.Rat).Mul(h, big.NewRat(999999999, 1000000000))) || !hyperAtMost(0, 100, 5, 45, h) {
		t.Errorf("hyperAtMost(0; 100, 5, 45) misjudges a risk within 1e-9 of the CDF %s", h.FloatString(12))
	}
}

func exactBinomCDFRat(k, n int, p *big.Rat) *big.Rat {
	// Σ C(n,i) a^i (b−a)^(n−i) / b^n, written independently of binomAtMostExact.
	a, b := p.Num(), p.Denom()
	q := new(big.Int).Sub(b, a)
	sum := new(big.Int)
	for i := 0; i <= k; i++ {
		t := new(big.Int).Binomial(int64(n), int64(i))
		t.Mul(t, new(big.Int).Exp(a, big.NewInt(int64(i)), nil))
		t.Mul(t, new(big.Int).Exp(q, big.NewInt(int64(n-i)), nil))
		sum.Add(sum, t)
	}
	return new(big.Rat).SetFrac(sum, new(big.Int).Exp(b, big.NewInt(int64(n)), nil))
}

func exactBinomCDF(k, n int, p *big.Rat) float64 {
	f, _ := exactBinomCDFRat(k, n, p).Float64()
	return f
}

func exactHyperCDFRat(k, N, m, n int) *big.Rat {
	sum := new(big.Int)
	for i := max(0, n-(N-m)); i <= min(k, m, n); i++ {
		t := new(big.Int).Binomial(int64(m), int64(i))
		sum.Add(sum, t.Mul(t, new(big.Int).Binomial(int64(N-m), int64(n-i))))
	}
	return new(big.Rat).SetFrac(sum, new(big.Int).Binomial(int64(N), int64(n)))
}

func exactHyperCDF(k, N, m, n int) float64 {
	f, _ := exactHyperCDFRat(k, N, m, n).Float64()
	return f
}
