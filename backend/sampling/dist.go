package sampling

import (
	"math"
	"math/big"
)

// The cumulative distributions behind every sample size and limit. Each is
// computed twice over: in float64 in log space, which is fast and accurate to
// about 1e-12, and exactly in big integers. A decision "is P(X ≤ k) at most
// the risk?" takes the float answer when it is clear by a wide margin and
// the exact one otherwise, so no table cell hangs on a rounding error.

// margin is how far (relative) the float CDF must be from the risk for its
// answer to stand; the float error is several orders of magnitude smaller.
const margin = 1e-6

// binomCDF returns P(X ≤ k) for X ~ Binomial(n, p).
func binomCDF(k, n int, p float64) float64 {
	switch {
	case k < 0:
		return 0
	case k >= n || p <= 0:
		return 1
	case p >= 1:
		return 0
	}
	// log pmf(0) = n log(1−p); pmf(i+1)/pmf(i) = (n−i)/(i+1) × p/(1−p).
	logs := make([]float64, k+1)
	logs[0] = float64(n) * math.Log1p(-p)
	odds := math.Log(p) - math.Log1p(-p)
	for i := 0; i < k; i++ {
		logs[i+1] = logs[i] + math.Log(float64(n-i)/float64(i+1)) + odds
	}
	return math.Min(1, math.Exp(logSumExp(logs)))
}

// hyperCDF returns P(X ≤ k) for X the deviations in a sample of n drawn
// without replacement from N items of which m deviate.
func hyperCDF(k, N, m, n int) float64 {
	lo, hi := max(0, n-(N-m)), min(n, m)
	if k < lo {
		return 0
	}
	if k >= hi {
		return 1
	}
	// pmf(i) = C(m,i) C(N−m,n−i) / C(N,n); start at lo, step by the ratio
	// pmf(i+1)/pmf(i) = (m−i)(n−i) / ((i+1)(N−m−n+i+1)).
	logs := make([]float64, k-lo+1)
	logs[0] = logChoose(m, lo) + logChoose(N-m, n-lo) - logChoose(N, n)
	for i := lo; i < k; i++ {
		r := float64(m-i) * float64(n-i) / (float64(i+1) * float64(N-m-n+i+1))
		logs[i-lo+1] = logs[i-lo] + math.Log(r)
	}
	return math.Min(1, math.Exp(logSumExp(logs)))
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

func logSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	if math.IsInf(m, -1) {
		return m
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

// binomAtMost reports whether P(X ≤ k) ≤ risk for X ~ Binomial(n, p),
// exactly.
func binomAtMost(k, n int, p, risk *big.Rat) bool {
	pf, _ := p.Float64()
	rf, _ := risk.Float64()
	if c := binomCDF(k, n, pf); c < rf*(1-margin) {
		return true
	} else if c > rf*(1+margin) {
		return false
	}
	return binomAtMostExact(k, n, p, risk)
}

// binomAtMostExact compares Σ_{i≤k} C(n,i) a^i (b−a)^(n−i) with risk × b^n,
// where p = a/b, in integers.
func binomAtMostExact(k, n int, p, risk *big.Rat) bool {
	if k >= n {
		return big.NewRat(1, 1).Cmp(risk) <= 0
	}
	a, b := p.Num(), p.Denom()
	q := new(big.Int).Sub(b, a)
	sum := new(big.Int)
	c := big.NewInt(1) // C(n, i)
	ai := big.NewInt(1)
	qn := new(big.Int).Exp(q, big.NewInt(int64(n)), nil) // q^(n−i), divided down as i grows
	t := new(big.Int)
	for i := 0; i <= k; i++ {
		if q.Sign() == 0 { // p = 1: only the i = n term is non-zero
			break
		}
		t.Mul(c, ai)
		t.Mul(t, qn)
		sum.Add(sum, t)
		c.Mul(c, big.NewInt(int64(n-i)))
		c.Quo(c, big.NewInt(int64(i+1)))
		ai.Mul(ai, a)
		qn.Quo(qn, q)
	}
	return ratAtMost(sum, new(big.Int).Exp(b, big.NewInt(int64(n)), nil), risk)
}

// hyperAtMost reports whether P(X ≤ k) ≤ risk for the hypergeometric
// distribution of hyperCDF, exactly.
func hyperAtMost(k, N, m, n int, risk *big.Rat) bool {
	rf, _ := risk.Float64()
	if c := hyperCDF(k, N, m, n); c < rf*(1-margin) {
		return true
	} else if c > rf*(1+margin) {
		return false
	}
	sum, t, u := new(big.Int), new(big.Int), new(big.Int)
	for i := max(0, n-(N-m)); i <= min(k, m, n); i++ {
		t.Binomial(int64(m), int64(i))
		u.Binomial(int64(N-m), int64(n-i))
		sum.Add(sum, t.Mul(t, u))
	}
	return ratAtMost(sum, new(big.Int).Binomial(int64(N), int64(n)), risk)
}

// ratAtMost reports whether num/den ≤ risk.
func ratAtMost(num, den *big.Int, risk *big.Rat) bool {
	l := new(big.Int).Mul(num, risk.Denom())
	r := new(big.Int).Mul(den, risk.Num())
	return l.Cmp(r) <= 0
}
