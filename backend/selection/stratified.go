package selection

import (
	"cmp"
	"math/big"
	"slices"

	"auditroom/backend/audit"
)

// stratum is one stratum's rows, in population order, and its stream.
type stratum struct {
	label   string
	members []int
}

// strata groups the frame's items by stratum, the strata in byte order of
// their labels; empty strata are left out.
func strata(f Frame) ([]stratum, error) {
	if len(f.Strata) != f.N {
		return nil, audit.Errorf(audit.EINVALID, "a stratified sample needs a population with a stratum column")
	}
	by := make([][]int, len(f.Labels))
	for i, s := range f.Strata {
		by[s] = append(by[s], i)
	}
	var out []stratum
	for s, m := range by {
		if len(m) > 0 {
			out = append(out, stratum{f.Labels[s], m})
		}
	}
	slices.SortFunc(out, func(a, b stratum) int { return cmp.Compare(a.label, b.label) })
	return out, nil
}

func (d *Draw) stratify(f Frame, n int) error {
	st, err := strata(f)
	if err != nil {
		return err
	}
	if n < len(st) {
		return audit.Errorf(audit.EINVALID, "a stratified sample gives each stratum at least one item: %d strata need a size of at least %d", len(st), len(st))
	}
	return d.fillStrata(st, n, 0)
}

func (d *Draw) extendStrata(f Frame, n, round int) error {
	st, err := strata(f)
	if err != nil {
		return err
	}
	return d.fillStrata(st, n, round)
}

// fillStrata brings each stratum up to its allocation at size n, each
// continuing its own stream; new items follow in stratum order.
func (d *Draw) fillStrata(st []stratum, n, round int) error {
	sizes := make([]int, len(st))
	have := make([]int, len(st))
	pos := map[string]int{}
	for i, s := range st {
		sizes[i] = len(s.members)
		pos[s.label] = i
	}
	taken := map[int]bool{}
	for _, it := range d.Items {
		have[pos[it.Stratum]]++
		taken[it.Index] = true
	}
	alloc := allocate(sizes, have, n, st)
	d.Allocation = d.Allocation[:0]
	for i, s := range st {
		d.Allocation = append(d.Allocation, Allocation{Stratum: s.label, Rows: sizes[i], Items: alloc[i]})
		if alloc[i] == have[i] {
			continue
		}
		// The stratum's stream from its start: the items it gave before
		// come out again and are skipped.
		str := newStream(d.Seed, "stratum:"+s.label)
		seen := map[int]bool{}
		got := 0
		for got < alloc[i] {
			r := int(str.below(uint64(len(s.members))))
			if seen[r] {
				continue
			}
			seen[r] = true
			got++
			idx := s.members[r]
			if !taken[idx] {
				taken[idx] = true
				d.Items = append(d.Items, Item{Index: idx, Round: round, Stratum: s.label})
			}
		}
	}
	return nil
}

// allocate shares a sample of n among strata of the given sizes (k strata
// of N rows in all, each with at least one row), on top of the items each
// already has, by largest remainder:
//
//   - Each stratum's target at size n is t = 1 + (n−k)·(size−1)/(N−k): one
//     item each, and the rest in proportion to the rows beyond the first.
//   - The m items to add go in proportion to each stratum's shortfall
//     t − have, counting only shortfalls above zero: m·shortfall/Σshortfall.
//     Each stratum gets the whole part of its share; the items left over go
//     one each to the strata with the largest fractional parts, ties going
//     to the larger stratum, then to the label first in byte order.
//
// For a fresh draw (nothing yet) this is one item per stratum and the
// remaining n−k by largest remainder of (n−k)·(size−1)/(N−k). The sums
// are exact: integers throughout. No stratum gets more than its rows.
func allocate(sizes, have []int, n int, st []stratum) []int {
	k := len(sizes)
	N, H := 0, 0
	for i := range sizes {
		N += sizes[i]
		H += have[i]
	}
	out := slices.Clone(have)
	den := int64(N - k)
	m := int64(n - H)
	if m <= 0 {
		return out
	}
	if den == 0 { // every stratum has one row, and n = N
		for i := range out {
			out[i] = 1
		}
		return out
	}
	// Shortfalls as numerators over den: t·den − have·den.
	short := make([]*big.Int, k)
	total := new(big.Int)
	for i := range sizes {
		v := big.NewInt(den + int64(n-k)*int64(sizes[i]-1) - int64(have[i])*den)
		if v.Sign() < 0 {
			v.SetInt64(0)
		}
		short[i] = v
		total.Add(total, v)
	}
	type rest struct {
		i   int
		rem *big.Int
	}
	rests := make([]rest, k)
	left := m
	for i := range sizes {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(m), short[i]), total, new(big.Int))
		out[i] += int(q.Int64())
		left -= q.Int64()
		rests[i] = rest{i, r}
	}
	slices.SortStableFunc(rests, func(a, b rest) int {
		if c := b.rem.Cmp(a.rem); c != 0 {
			return c
		}
		if c := cmp.Compare(sizes[b.i], sizes[a.i]); c != 0 {
			return c
		}
		return cmp.Compare(st[a.i].label, st[b.i].label)
	})
	for j := int64(0); j < left; j++ {
		out[rests[j].i]++
	}
	return out
}
