package selection

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

func indices(d Draw) []int {
	out := []int{}
	for _, it := range d.Items {
		out = append(out, it.Index)
	}
	return out
}

func mustNew(t testing.TB, f Frame, m Method, seed string, n int) Draw {
	t.Helper()
	d, err := New(f, m, seed, n, nil)
	if err != nil {
		t.Fatalf("New(%s, %q, %d) over %d items: %v", m, seed, n, f.N, err)
	}
	return d
}

// The expected draws below were computed by an independent Python
// implementation of the description in docs/methodology.md, and the
// first stream value with sha256sum:
//
//	printf 'auditroom-random-v1\n12345\nmain\n0' | sha256sum
func TestKnownDraws(t *testing.T) {
	if v := newStream("12345", "main").next(); fmt.Sprintf("%016x", v) != "eae0e96d0c15878d" {
		t.Errorf("first value of the stream = %016x, want eae0e96d0c15878d", v)
	}
	f := Frame{N: 1000}
	if got := indices(mustNew(t, f, Random, "12345", 10)); !slices.Equal(got, []int{589, 340, 520, 296, 492, 754, 189, 726, 884, 251}) {
		t.Errorf("random 10 of 1000, seed 12345 = %v", got)
	}
	d := mustNew(t, f, Systematic, "12345", 7)
	if got := indices(d); !slices.Equal(got, []int{84, 227, 369, 512, 655, 798, 941}) || d.Systematic.Start != 589 {
		t.Errorf("systematic 7 of 1000, seed 12345 = %v from start %d", got, d.Systematic.Start)
	}
	if got := indices(mustNew(t, Frame{N: 5}, Random, "Zoë Q1", 5)); !slices.Equal(got, []int{4, 1, 2, 0, 3}) {
		t.Errorf("random 5 of 5, seed \"Zoë Q1\" = %v", got)
	}

	amounts := make([]int64, 50)
	for i := range amounts {
		amounts[i] = int64(i*7919%1000*100 + 1)
	}
	amounts[3], amounts[4], amounts[10] = 0, -500, 1000000
	m := mustNew(t, Frame{N: 50, Amounts: amounts}, MonetaryUnit, "audit-2026", 8)
	if got := indices(m); !slices.Equal(got, []int{2, 10, 17, 26, 32, 41}) || m.MUS.Total != 3215247 || m.MUS.Start != 1134619 || m.MUS.Excluded != 2 {
		t.Errorf("monetary-unit 8 points = %v, detail %+v", got, *m.MUS)
	}

	if err := m.Extend(Frame{N: 50, Amounts: amounts}, 9, nil); err != nil || !slices.Equal(indices(m), []int{2, 10, 17, 26, 32, 41, 28, 5, 48}) {
		t.Errorf("monetary-unit extended to 9 = %v, %v", indices(m), err)
	}
	if err := d.Extend(f, 10, nil); err != nil || !slices.Equal(indices(d), []int{84, 227, 369, 512, 655, 798, 941, 479, 150, 544}) {
		t.Errorf("systematic extended to 10 = %v, %v", indices(d), err)
	}

	labels := slices.Concat(rep("north", 40), rep("south", 25), rep("east", 3), rep("west", 1), rep("south", 31))
	s := mustNew(t, strataFrame(labels), Stratified, "s-1", 10)
	var got []string
	for _, it := range s.Items {
		got = append(got, fmt.Sprintf("%d %s", it.Index, it.Stratum))
	}
	want := "66 east,32 north,36 north,31 north,98 south,90 south,46 south,41 south,79 south,68 west"
	if strings.Join(got, ",") != want || fmt.Sprint(s.Allocation) != "[{east 3 1} {north 40 3} {south 56 5} {west 1 1}]" {
		t.Errorf("stratified 10 = %s, allocation %v\nwant %s", strings.Join(got, ","), s.Allocation, want)
	}
	if err := s.Extend(strataFrame(labels), 20, nil); err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, it := range s.Items[10:] {
		got = append(got, fmt.Sprintf("%d %s", it.Index, it.Stratum))
	}
	want = "28 north,2 north,18 north,3 north,6 north,49 south,91 south,97 south,56 south,63 south"
	if strings.Join(got, ",") != want || fmt.Sprint(s.Allocation) != "[{east 3 1} {north 40 8} {south 56 10} {west 1 1}]" {
		t.Errorf("stratified extended to 20 adds %s, allocation %v\nwant %s", strings.Join(got, ","), s.Allocation, want)
	}
}

func rep(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func strataFrame(labels []string) Frame {
	f := Frame{N: len(labels)}
	code := map[string]int{}
	for _, l := range labels {
		c, ok := code[l]
		if !ok {
			c = len(f.Labels)
			code[l] = c
			f.Labels = append(f.Labels, l)
		}
		f.Strata = append(f.Strata, c)
	}
	return f
}

// randomFrame is a population of n items with strata and amounts, some
// of them large, some zero or negative.
func randomFrame(r *rand.Rand, n int) Frame {
	labels := make([]string, n)
	names := []string{"a", "b", "c", "d", "e", "f", "g"}[:1+r.IntN(7)]
	f := Frame{N: n, Amounts: make([]int64, n)}
	for i := range n {
		labels[i] = names[r.IntN(len(names))]
		switch x := r.IntN(20); {
		case x == 0:
			f.Amounts[i] = 0
		case x == 1:
			f.Amounts[i] = -r.Int64N(1000)
		case x == 2:
			f.Amounts[i] = r.Int64N(1e9) // high value
		default:
			f.Amounts[i] = 1 + r.Int64N(100000)
		}
	}
	sf := strataFrame(labels)
	f.Strata, f.Labels = sf.Strata, sf.Labels
	return f
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		f := randomFrame(r, 1+r.IntN(400))
		positives := 0
		for _, a := range f.Amounts {
			if a > 0 {
				positives++
			}
		}
		seed := fmt.Sprint(r.Uint64())
		for _, m := range []Method{Random, Systematic, Stratified, MonetaryUnit, Cell} {
			limit := f.N
			if m == MonetaryUnit || m == Cell {
				limit = positives
			}
			if limit == 0 {
				continue
			}
			n := 1 + r.IntN(limit)
			if m == Stratified {
				n = max(n, len(f.Labels))
				if n > f.N {
					continue
				}
			}
			name := fmt.Sprintf("trial %d: %s %d of %d, seed %s", trial, m, n, f.N, seed)
			d, err := New(f, m, seed, n, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// The same seed and population draw the same sample.
			again, _ := Redraw(f, m, seed, []int{n}, nil)
			if !slices.Equal(indices(d), indices(again)) {
				t.Errorf("%s: drew %v, then %v", name, indices(d), indices(again))
			}
			noDuplicates(t, name, d, f.N)
			switch m {
			case MonetaryUnit:
				points := 0
				for _, it := range d.Items {
					points += it.Points
					if f.Amounts[it.Index] <= 0 {
						t.Errorf("%s: selected item %d of amount %d", name, it.Index, f.Amounts[it.Index])
					}
				}
				if points != n {
					t.Errorf("%s: %d points laid, want %d", name, points, n)
				}
				// Every item of at least the interval is in the sample.
				for i, a := range f.Amounts {
					if a > 0 && atLeast(a, n, uint64(d.MUS.Total)) && !slices.Contains(indices(d), i) {
						t.Errorf("%s: item %d of %d is at least the interval %d but not selected", name, i, a, d.MUS.Interval)
					}
				}
			case Cell:
				hits := 0
				for _, it := range d.Items {
					hits += it.Points
				}
				T := uint64(d.Cell.Total)
				for i, p := range d.Cell.Points {
					if lo, hi := mulAddDiv(uint64(i), T, 0, uint64(n)), mulAddDiv(uint64(i+1), T, 0, uint64(n)); uint64(p) < lo || uint64(p) >= hi {
						t.Errorf("%s: cell %d's point %d is outside [%d, %d)", name, i, p, lo, hi)
					}
				}
				// An item of at least two cells' width holds a whole cell.
				for i, a := range f.Amounts {
					if a > 0 && atLeast(a, n, 2*T) && !slices.Contains(indices(d), i) {
						t.Errorf("%s: item %d of %d spans a whole cell but is not selected", name, i, a)
					}
				}
				if hits != n || len(d.Cell.Points) != n {
					t.Errorf("%s: %d hits of %d points, want %d", name, hits, len(d.Cell.Points), n)
				}
			case Stratified:
				allocationsAdd(t, name, d, n, f)
			default:
				if len(d.Items) != n {
					t.Errorf("%s: %d items", name, len(d.Items))
				}
			}

			// Extension keeps every item, in order, and adds new ones.
			if len(d.Items) >= limit {
				continue
			}
			n2 := len(d.Items) + 1 + r.IntN(limit-len(d.Items))
			before := indices(d)
			if err := d.Extend(f, n2, nil); err != nil {
				t.Fatalf("%s: extend to %d: %v", name, n2, err)
			}
			if got := indices(d); len(got) != n2 || !slices.Equal(got[:len(before)], before) {
				t.Errorf("%s: extended to %d: %v, want %d items starting %v", name, n2, got, n2, before)
			}
			noDuplicates(t, name+" extended", d, f.N)
			for _, it := range d.Items[len(before):] {
				if it.Round != 1 {
					t.Errorf("%s: an added item is of round %d", name, it.Round)
				}
			}
			if m == Random {
				if fresh := mustNew(t, f, m, seed, n2); !slices.Equal(indices(fresh), indices(d)) {
					t.Errorf("%s: extended to %d gives %v, a fresh draw %v", name, n2, indices(d), indices(fresh))
				}
			}
			if m == Stratified {
				allocationsAdd(t, name+" extended", d, n2, f)
			}
			re, err := Redraw(f, m, seed, d.Sizes, nil)
			if err != nil || !slices.Equal(indices(re), indices(d)) {
				t.Errorf("%s: redrawn from sizes %v: %v, %v; want %v", name, d.Sizes, indices(re), err, indices(d))
			}
		}
	}
}

func noDuplicates(t *testing.T, name string, d Draw, N int) {
	t.Helper()
	seen := map[int]bool{}
	for _, it := range d.Items {
		if seen[it.Index] || it.Index < 0 || it.Index >= N {
			t.Errorf("%s: item %d twice or out of range", name, it.Index)
		}
		seen[it.Index] = true
	}
}

func allocationsAdd(t *testing.T, name string, d Draw, n int, f Frame) {
	t.Helper()
	sum := 0
	count := map[string]int{}
	for _, it := range d.Items {
		count[it.Stratum]++
		if f.Labels[f.Strata[it.Index]] != it.Stratum {
			t.Errorf("%s: item %d listed in stratum %s", name, it.Index, it.Stratum)
		}
	}
	for _, a := range d.Allocation {
		sum += a.Items
		if a.Items < 1 || a.Items > a.Rows || count[a.Stratum] != a.Items {
			t.Errorf("%s: stratum %s: %d allocated of %d rows, %d drawn", name, a.Stratum, a.Items, a.Rows, count[a.Stratum])
		}
	}
	if sum != n || len(d.Items) != n {
		t.Errorf("%s: allocations sum to %d, %d items drawn; want %d", name, sum, len(d.Items), n)
	}
}

func TestBelowIsUniform(t *testing.T) {
	s := newStream("uniform", "main")
	const n, draws = 7, 70000
	var counts [n]int
	for range draws {
		counts[s.below(n)]++
	}
	for i, c := range counts {
		if c < draws/n*95/100 || c > draws/n*105/100 {
			t.Errorf("value %d came %d times of %d, want about %d", i, c, draws, draws/n)
		}
	}
}

func TestAllocateLargestRemainder(t *testing.T) {
	for _, tc := range []struct {
		sizes, have []int
		n           int
		want        []int
	}{
		{[]int{40, 56, 3, 1}, []int{0, 0, 0, 0}, 10, []int{3, 5, 1, 1}},
		{[]int{50, 50}, []int{0, 0}, 25, []int{13, 12}}, // the tie goes to the first label
		{[]int{1, 1, 1}, []int{0, 0, 0}, 3, []int{1, 1, 1}},
		{[]int{90, 10}, []int{0, 0}, 100, []int{90, 10}},
		// Extending from 10 to 20: north is behind its share, south ahead.
		{[]int{40, 56, 3, 1}, []int{2, 6, 1, 1}, 20, []int{8, 10, 1, 1}},
	} {
		st := make([]stratum, len(tc.sizes))
		for i := range st {
			st[i].label = string(rune('a' + i))
		}
		if got := allocate(tc.sizes, tc.have, tc.n, st); !slices.Equal(got, tc.want) {
			t.Errorf("allocate(%v, have %v, %d) = %v, want %v", tc.sizes, tc.have, tc.n, got, tc.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	f := Frame{N: 10}
	for _, tc := range []struct {
		name  string
		f     Frame
		m     Method
		seed  string
		n     int
		picks []Pick
		want  string
	}{
		{"no seed", f, Random, "", 3, nil, "seed is required"},
		{"control character", f, Random, "a\nb", 3, nil, "holds a control character"},
		{"too many", f, Random, "1", 11, nil, "sample size 11 is larger than the population of 10 items"},
		{"zero", f, Systematic, "1", 0, nil, "must be at least 1"},
		{"no strata", f, Stratified, "1", 3, nil, "needs a population with a stratum column"},
		{"fewer than strata", strataFrame([]string{"a", "b", "c", "c"}), Stratified, "1", 2, nil, "3 strata need a size of at least 3"},
		{"no amounts", f, MonetaryUnit, "1", 3, nil, "needs a population with an amount column"},
		{"too few amounts", Frame{N: 3, Amounts: []int64{5, 0, -1}}, MonetaryUnit, "1", 2, nil, "the population has 1"},
		{"no reason", f, Judgmental, "", 0, []Pick{{Index: 3}}, "item 3 needs a reason"},
		{"pick twice", f, Judgmental, "", 0, []Pick{{3, "big"}, {3, "again"}}, "item 3 is picked twice"},
		{"pick outside", f, Judgmental, "", 0, []Pick{{10, "x"}}, "item 10 is not in the population of 10 items"},
	} {
		_, err := New(tc.f, tc.m, tc.seed, tc.n, tc.picks)
		if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want EINVALID with %q", tc.name, err, tc.want)
		}
	}
	d := mustNew(t, f, Random, "1", 5)
	if err := d.Extend(f, 5, nil); !strings.Contains(audit.ErrorMessage(err), "already holds 5 items") {
		t.Errorf("extend to the same size: %v", err)
	}
}

func TestJudgmental(t *testing.T) {
	f := Frame{N: 10}
	d, err := New(f, Judgmental, "", 0, []Pick{{7, " largest change "}, {2, "after hours"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Extend(f, 0, []Pick{{5, "reviewer asked"}}); err != nil {
		t.Fatal(err)
	}
	var got string
	for _, it := range d.Items {
		got += fmt.Sprintf("%d %d %s;", it.Index, it.Round, it.Reason)
	}
	if got != "7 0 largest change;2 0 after hours;5 1 reviewer asked;" || !slices.Equal(d.Sizes, []int{2, 3}) || d.Seed != "" {
		t.Errorf("judgmental = %s, sizes %v", got, d.Sizes)
	}
}

// Every method of the table is what ParseMethod reads, and takes a size
// and seed or else picks: what New, the CLI and the draw form rely on.
func TestMethodsTable(t *testing.T) {
	for _, s := range Methods {
		if m, err := ParseMethod(" " + strings.ToUpper(string(s.Name)) + " "); err != nil || m != s.Name {
			t.Errorf("ParseMethod(%s) = %q, %v", s.Name, m, err)
		}
		if s.Seeded() != s.Takes(ParamSize) || s.Seeded() == s.Takes(ParamPicks) || s.Label == "" || s.Workpaper == "" || s.draw == nil || s.extend == nil {
			t.Errorf("%s: params %+v", s.Name, s.Params)
		}
	}
	if _, err := ParseMethod("lucky"); audit.ErrorMessage(err) != `method "lucky" must be random, systematic, stratified, mus, cell or judgmental` {
		t.Errorf("ParseMethod(lucky): %v", err)
	}
}
