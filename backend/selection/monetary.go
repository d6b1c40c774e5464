package selection

import (
	"fmt"
	"math/bits"
	"sort"

	"auditroom/backend/audit"
)

// mulAddDiv returns ⌊(a·b + c)/d⌋ in 128-bit arithmetic; the quotient must
// fit in 64 bits.
func mulAddDiv(a, b, c, d uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	lo, carry := bits.Add64(lo, c, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, d)
	return q
}

// units are the items a monetary-unit sample can select: those with an
// amount above zero, with their cumulative cents.
type units struct {
	index []int   // population index of each
	end   []int64 // cumulative cents up to and including each
	total int64
}

func monetaryUnits(f Frame) (units, int, error) {
	if len(f.Amounts) != f.N {
		return units{}, 0, audit.Errorf(audit.EINVALID, "a monetary-unit sample needs a population with an amount column")
	}
	var u units
	excluded := 0
	for i, a := range f.Amounts {
		if a <= 0 {
			excluded++
			continue
		}
		if u.total > (1<<62)-a {
			return u, 0, audit.Errorf(audit.EINVALID, "the population's amounts add up to more than a monetary-unit sample can count")
		}
		u.total += a
		u.index = append(u.index, i)
		u.end = append(u.end, u.total)
	}
	return u, excluded, nil
}

// at returns the position (in u) of the item holding cent p.
func (u units) at(p int64) int {
	return sort.Search(len(u.end), func(i int) bool { return u.end[i] > p })
}

// drawUnits is the units a draw of n points by amount selects from; what
// names the draw in the error for fewer units than points.
func drawUnits(f Frame, n int, what string) (units, int, error) {
	u, excluded, err := monetaryUnits(f)
	if err == nil && n > len(u.index) {
		err = audit.Errorf(audit.EINVALID, "a %s needs at least as many items with an amount above zero; the population has %d", what, len(u.index))
	}
	return u, excluded, err
}

// hit gives point p to the item whose cumulative cents contain it: one
// more point to the item hit last (points rise, so an item's points come
// together), else a new item. It reports whether the item is new.
func (d *Draw) hit(u units, p int64, last *int) bool {
	k := u.at(p)
	if k == *last {
		d.Items[len(d.Items)-1].Points++
		return false
	}
	*last = k
	d.Items = append(d.Items, Item{Index: u.index[k], Points: 1})
	return true
}

func (d *Draw) monetary(f Frame, n int) error {
	u, excluded, err := drawUnits(f, n, fmt.Sprintf("monetary-unit sample of %d points", n))
	if err != nil {
		return err
	}
	T := uint64(u.total)
	s := newStream(d.Seed, "main").below(T)
	interval := int64(T / uint64(n))
	detail := &MUSDetail{Total: u.total, Points: n, Start: int64(s), Interval: interval, Excluded: excluded}
	last := -1
	for i := range n {
		if !d.hit(u, int64(mulAddDiv(uint64(i), T, s, uint64(n))), &last) {
			continue
		}
		if it := &d.Items[len(d.Items)-1]; atLeast(f.Amounts[it.Index], n, T) {
			it.HighValue = true
			detail.HighValue++
		}
	}
	d.MUS = detail
	return nil
}

// extendBySize adds items one at a time with probability proportional
// to size among the items not yet in the sample: u = below(T') from the
// stream "extend", T' being the total of their amounts, selects the item
// whose cumulative cents, over those items in population order, contain u.
// An item is high value if its amount is at least T/points (none for
// points 0).
func (d *Draw) extendBySize(f Frame, n, round, points int) error {
	u, _, err := monetaryUnits(f)
	if err != nil {
		return err
	}
	if n > len(u.index) {
		return audit.Errorf(audit.EINVALID, "the population has only %d items with an amount above zero to sample", len(u.index))
	}
	have := d.drawn()
	left := newFenwick(len(u.index))
	for k, idx := range u.index {
		if !have[idx] {
			left.add(k, f.Amounts[idx])
		}
	}
	s := newStream(d.Seed, "extend")
	T := uint64(u.total)
	for len(d.Items) < n {
		k := left.find(int64(s.below(uint64(left.total))))
		idx := u.index[k]
		left.add(k, -f.Amounts[idx])
		d.Items = append(d.Items, Item{Index: idx, Round: round, Points: 1, HighValue: points > 0 && atLeast(f.Amounts[idx], points, T)})
	}
	return nil
}

// fenwick is a binary indexed tree of amounts: sums of prefixes, and the
// item holding a given cent, in O(log n) as items leave.
type fenwick struct {
	tree  []int64
	total int64
}

func newFenwick(n int) *fenwick { return &fenwick{tree: make([]int64, n+1)} }

func (t *fenwick) add(i int, v int64) {
	t.total += v
	for i++; i < len(t.tree); i += i & -i {
		t.tree[i] += v
	}
}

// find returns the first item whose cumulative amount exceeds p.
func (t *fenwick) find(p int64) int {
	pos := 0
	for step := 1 << bits.Len(uint(len(t.tree)-1)); step > 0; step >>= 1 {
		if next := pos + step; next < len(t.tree) && t.tree[next] <= p {
			pos = next
			p -= t.tree[next]
		}
	}
	return pos
}

// atLeast reports whether an amount is at least the interval T/n, compared
// without division.
func atLeast(amount int64, n int, T uint64) bool {
	hi, lo := bits.Mul64(uint64(amount), uint64(n))
	return hi > 0 || lo >= T
}
