// Package selection draws samples from a population by the named and
// versioned algorithm auditroom-random-v1: random, systematic with a
// random start, stratified with proportional allocation, monetary-unit
// (probability proportional to size), and judgmental with a reason per
// pick. Every random choice comes from a stream of SHA-256 values of the
// seed, so anyone holding the population, the seed and this description
// (docs/methodology.md, "Selection") can draw the same sample by hand or
// in another language.
//
// A sample may be extended: the items already drawn stay, in their order,
// and new ones follow.
//
//   - Random: item after item, r = below(N) from the stream "main"; an
//     item already drawn is skipped. Extending to n' continues the same
//     stream, so it gives exactly what a fresh draw of n' gives.
//   - Systematic: a start s = below(N) from "main" (its first value), then
//     the items ⌊(s + i·N)/n⌋ for i = 0 … n−1: an interval of N/n items
//     from a random start within the first interval. Extending adds items
//     r = below(N) from the stream "extend", skipping items in the sample.
//   - Stratified: the sizes are allocated (see allocate) and each stratum
//     draws at random, as Random does, from its own stream
//     "stratum:" + label over its rows in population order. Strata are
//     listed in byte order of their labels. Extending allocates the extra
//     items to the strata furthest below their share at the new size, and
//     each stratum continues its stream.
//   - Monetary-unit: over the items with an amount above zero, in
//     population order, with T their total in cents, a start s = below(T)
//     from "main" and the selection points ⌊(s + i·T)/n⌋, i = 0 … n−1;
//     each point selects the item whose cumulative cents contain it. The
//     interval is T/n; an item of at least the interval always holds a
//     point, so it is always selected ("high value"); an item holding
//     several points is listed once, so the sample may hold fewer than n
//     items. Items of zero, negative or missing amount cannot be selected.
//     Extending adds items one at a time, each with probability
//     proportional to its amount among the items not yet in the sample:
//     u = below(T′) from "extend", T′ being their total, selects the one
//     whose cumulative cents over them, in population order, contain u.
//   - Cell: cell-bounded monetary-unit, one random point in each of n
//     equal cells of the amounts' total (see Cell).
//   - Judgmental: the auditor's picks, each with a reason; extending adds
//     more picks.
package selection

import (
	"slices"
	"strings"
	"unicode/utf8"

	"auditroom/backend/audit"
)

// Algorithm names and versions the procedures of this package. A change
// to any of them that would draw a different sample is a new version.
const Algorithm = "auditroom-random-v1"

// Method is how items are chosen; Methods describes each.
type Method string

// Methods.
const (
	Random       Method = "random"
	Systematic   Method = "systematic"
	Stratified   Method = "stratified"
	MonetaryUnit Method = "mus"
	Judgmental   Method = "judgmental"
)

// maxReason bounds a judgmental pick's reason.
const maxReason = 1000

// Frame is what a draw needs of a population.
type Frame struct {
	N       int      // items, numbered 0 … N−1 in population order
	Strata  []int    // stratified: each item's stratum, an index into Labels
	Labels  []string // stratified: the strata's labels
	Amounts []int64  // monetary-unit: each item's amount in cents; ≤ 0 for none
}

// Pick is one item chosen by judgment.
type Pick struct {
	Index  int    `json:"index"` // in the population
	Reason string `json:"reason"`
}

// Draw is a selection: its items in order and how they were chosen.
type Draw struct {
	Method     Method            `json:"method"`
	Algorithm  string            `json:"algorithm"`
	Seed       string            `json:"seed,omitempty"`
	Sizes      []int             `json:"sizes"` // the size asked of the first draw, then of each extension
	Items      []Item            `json:"items"`
	Allocation []Allocation      `json:"allocation,omitempty"` // stratified
	Systematic *SystematicDetail `json:"systematic,omitempty"`
	MUS        *MUSDetail        `json:"mus,omitempty"`
	Cell       *CellDetail       `json:"cell,omitempty"`
}

// Item is one selected item. Number, Row, Key and Hash are filled in from
// the population when the sample is stored.
type Item struct {
	Number    int    `json:"number"`               // in the sample, from 1: "sample 7"
	Index     int    `json:"index"`                // in the population
	Round     int    `json:"round"`                // 0 for the first draw, then 1, 2 … for each extension
	Stratum   string `json:"stratum,omitempty"`    // stratified
	Points    int    `json:"points,omitempty"`     // monetary-unit: selection points in the item; cell: cells it is hit in
	HighValue bool   `json:"high_value,omitempty"` // monetary-unit: its amount is at least the interval
	Reason    string `json:"reason,omitempty"`     // judgmental
	Row       int    `json:"row"`                  // the row in the population's file
	Key       string `json:"key"`
	Hash      string `json:"hash"` // of the row
}

// Allocation is one stratum's share of a stratified sample.
type Allocation struct {
	Stratum string `json:"stratum"`
	Rows    int    `json:"rows"`
	Items   int    `json:"items"`
}

// SystematicDetail is how a systematic sample was laid out.
type SystematicDetail struct {
	Start int `json:"start"` // s: the first item is ⌊s/n⌋
	N     int `json:"n"`     // the size the interval N/n was taken for
}

// MUSDetail is how a monetary-unit sample was laid out, in cents.
type MUSDetail struct {
	Total     int64 `json:"total"`      // T: of the amounts above zero
	Points    int   `json:"points"`     // n
	Start     int64 `json:"start"`      // s
	Interval  int64 `json:"interval"`   // T/n rounded down, for show: the points use T/n exactly
	HighValue int   `json:"high_value"` // items of at least the interval
	Excluded  int   `json:"excluded"`   // items of zero, negative or missing amount
}

// New draws a sample of n items (for monetary-unit, n selection points)
// by method, or takes the picks of a judgmental sample. It returns
// EINVALID for a size or frame the method cannot use.
func New(f Frame, m Method, seed string, n int, picks []Pick) (Draw, error) {
	d := Draw{Method: m, Algorithm: Algorithm, Items: []Item{}}
	spec, ok := Lookup(m)
	if !ok {
		return d, unknownMethod(m)
	}
	if spec.Seeded() {
		if err := ValidateSeed(seed); err != nil {
			return d, err
		}
		d.Seed = seed
		if err := checkSize(f, n); err != nil {
			return d, err
		}
		d.Sizes = []int{n}
	}
	err := spec.draw(&d, f, n, picks)
	d.number()
	return d, err
}

// number numbers the items in sample order, from 1.
func (d *Draw) number() {
	for i := range d.Items {
		d.Items[i].Number = i + 1
	}
}

// drawn is the set of the population indexes in the sample.
func (d *Draw) drawn() map[int]bool {
	have := map[int]bool{}
	for _, it := range d.Items {
		have[it.Index] = true
	}
	return have
}

// Extend adds items until the sample holds n (for judgmental, adds the
// picks); the items already drawn stay as they are, first.
func (d *Draw) Extend(f Frame, n int, picks []Pick) error {
	spec, ok := Lookup(d.Method)
	if !ok {
		return unknownMethod(d.Method)
	}
	if !spec.Seeded() {
		return spec.extend(d, f, n, picks, len(d.Sizes))
	}
	if n <= len(d.Items) {
		return audit.Errorf(audit.EINVALID, "the sample already holds %d items: extend it to more than that", len(d.Items))
	}
	if err := checkSize(f, n); err != nil {
		return err
	}
	if err := spec.extend(d, f, n, picks, len(d.Sizes)); err != nil {
		return err
	}
	d.Sizes = append(d.Sizes, n)
	d.number()
	return nil
}

// extendRandom continues a random sample's stream from its start: the
// first items come out as before, and the next ones are added.
func (d *Draw) extendRandom(f Frame, n, round int) error {
	all := random(f.N, newStream(d.Seed, "main"), n, nil, 0)
	for i, it := range d.Items {
		if all[i].Index != it.Index {
			return audit.Errorf(audit.EINTERNAL, "redrawing the sample gives item %d where it holds %d", all[i].Index, it.Index)
		}
	}
	for _, it := range all[len(d.Items):] {
		it.Round = round
		d.Items = append(d.Items, it)
	}
	return nil
}

// Redraw draws a sample again from its method, seed and sizes (and a
// judgmental sample's picks): the same population gives the same items.
func Redraw(f Frame, m Method, seed string, sizes []int, picks []Pick) (Draw, error) {
	if spec, ok := Lookup(m); ok && !spec.Seeded() {
		return New(f, m, "", 0, picks)
	}
	if len(sizes) == 0 {
		return Draw{}, audit.Errorf(audit.EINVALID, "a sample to redraw needs its sizes")
	}
	d, err := New(f, m, seed, sizes[0], nil)
	for _, n := range sizes[1:] {
		if err != nil {
			break
		}
		err = d.Extend(f, n, nil)
	}
	return d, err
}

func checkSize(f Frame, n int) error {
	switch {
	case f.N < 1:
		return audit.Errorf(audit.EINVALID, "the population has no items to draw from")
	case n < 1:
		return audit.Errorf(audit.EINVALID, "sample size %d must be at least 1", n)
	case n > f.N:
		return audit.Errorf(audit.EINVALID, "sample size %d is larger than the population of %d items", n, f.N)
	}
	return nil
}

// random draws n more items from s at random, skipping those in have
// (which it fills) and those it drew before.
func random(N int, s *stream, n int, have map[int]bool, round int) []Item {
	if have == nil {
		have = map[int]bool{}
	}
	out := make([]Item, 0, n)
	for len(out) < n && len(have) < N {
		r := int(s.below(uint64(N)))
		if !have[r] {
			have[r] = true
			out = append(out, Item{Index: r, Round: round})
		}
	}
	return out
}

func systematic(N int, seed string, n int) ([]Item, *SystematicDetail) {
	s := newStream(seed, "main").below(uint64(N))
	out := make([]Item, n)
	for i := range out {
		out[i] = Item{Index: int(mulAddDiv(uint64(i), uint64(N), s, uint64(n)))}
	}
	return out, &SystematicDetail{Start: int(s), N: n}
}

func (d *Draw) pick(f Frame, picks []Pick) error {
	if len(picks) == 0 {
		return audit.Errorf(audit.EINVALID, "a judgmental sample needs at least one pick, each with its reason")
	}
	have := d.drawn()
	round := len(d.Sizes)
	added := make([]Item, 0, len(picks))
	for _, p := range picks {
		reason := strings.TrimSpace(p.Reason)
		switch {
		case p.Index < 0 || p.Index >= f.N:
			return audit.Errorf(audit.EINVALID, "item %d is not in the population of %d items", p.Index, f.N)
		case have[p.Index]:
			return audit.Errorf(audit.EINVALID, "item %d is picked twice", p.Index)
		case reason == "":
			return audit.Errorf(audit.EINVALID, "item %d needs a reason for picking it", p.Index)
		case utf8.RuneCountInString(reason) > maxReason:
			return audit.Errorf(audit.EINVALID, "the reason for item %d is longer than %d characters", p.Index, maxReason)
		}
		have[p.Index] = true
		added = append(added, Item{Index: p.Index, Round: round, Reason: reason})
	}
	d.Items = append(d.Items, added...)
	d.Sizes = append(d.Sizes, len(d.Items))
	d.number()
	return nil
}

// Picks returns a judgmental sample's picks, to redraw it.
func (d *Draw) Picks() []Pick {
	var out []Pick
	for _, it := range d.Items {
		out = append(out, Pick{Index: it.Index, Reason: it.Reason})
	}
	return slices.Clip(out)
}
