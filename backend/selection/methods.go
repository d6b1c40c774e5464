package selection

import (
	"fmt"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/population"
)

// Names of the parameters a method takes.
const (
	ParamSeed    = "seed"
	ParamSize    = "size"
	ParamPicks   = "picks"
	ParamStratum = "stratum_column"
	ParamAmount  = "amount_column"
)

// Param is one thing a method needs: typed at the draw (seed, size, picks)
// or a column chosen when the population was created (Column names the
// population's field holding it).
type Param struct {
	Name     string `json:"name"`
	Label    string `json:"label"` // the draw form's field
	Required bool   `json:"required"`
	Column   string `json:"column,omitempty"` // "stratum" or "amount": the population must have it
	Rule     string `json:"rule"`             // what is accepted, as the errors say it
}

// The parameters, shared by the methods that take them. The checks behind
// each Rule: ValidateSeed, checkSize, pick, and the store's frame (columns).
var (
	seedParam = Param{Name: ParamSeed, Label: "Seed", Required: true,
		Rule: "any number or word of 1 to 100 characters without control characters; the same seed redraws the same sample"}
	picksParam = Param{Name: ParamPicks, Label: "Picks", Required: true,
		Rule: "rows of the population, each once, each with a reason of at most 1000 characters"}
	stratumParam = Param{Name: ParamStratum, Label: "Stratum column", Required: true, Column: "stratum",
		Rule: "chosen when the population is created"}
	amountParam = Param{Name: ParamAmount, Label: "Amount column", Required: true, Column: "amount",
		Rule: "chosen when the population is created; items of zero, negative or missing amount cannot be selected"}
)

func sizeParam(label string) Param {
	return Param{Name: ParamSize, Label: label, Required: true, Rule: "a whole number from 1 to the population's rows"}
}

// Spec is one sampling method: what the command line, the store, the
// workpapers and the draw form know of it.
type Spec struct {
	Name   Method
	Label  string  // the screens' name of it
	Params []Param // in the draw form's order
	// Planned: the size may come from a frequency or attribute plan (a
	// monetary-unit sample has its own, sample mus-size).
	Planned bool
	// Workpaper says how the items were chosen, on the test's workpaper.
	Workpaper string
	// draw fills a new Draw (seed and sizes set for a seeded method);
	// extend adds items until the sample holds n, or adds the picks.
	draw   func(d *Draw, f Frame, n int, picks []Pick) error
	extend func(d *Draw, f Frame, n int, picks []Pick, round int) error
	// summary is a line on how a draw was laid out; nil for none.
	summary func(d Draw) string
}

// Methods is every method this version draws, in the order the screens
// list them.
var Methods = []Spec{
	{Name: Random, Label: "Random", Params: []Param{sizeParam("Items to draw (n)"), seedParam}, Planned: true,
		Workpaper: "Random: items drawn one after another with equal chance from the whole population (stream \"main\" " +
			"of auditroom-random-v1); an item drawn again is passed over.",
		draw: func(d *Draw, f Frame, n int, _ []Pick) error {
			d.Items = random(f.N, newStream(d.Seed, "main"), n, nil, 0)
			return nil
		},
		extend: func(d *Draw, f Frame, n int, _ []Pick, round int) error { return d.extendRandom(f, n, round) }},
	{Name: Systematic, Label: "Systematic", Params: []Param{sizeParam("Items to draw (n)"), seedParam}, Planned: true,
		Workpaper: "Systematic: a random start within the first interval of N/n items, then one item every N/n items; " +
			"items added later are drawn at random from those not yet in the sample.",
		draw: func(d *Draw, f Frame, n int, _ []Pick) error {
			d.Items, d.Systematic = systematic(f.N, d.Seed, n)
			return nil
		},
		extend: func(d *Draw, f Frame, n int, _ []Pick, round int) error {
			d.Items = append(d.Items, random(f.N, newStream(d.Seed, "extend"), n-len(d.Items), d.drawn(), round)...)
			return nil
		}},
	{Name: Stratified, Label: "Stratified", Params: []Param{stratumParam, sizeParam("Items to draw (n)"), seedParam}, Planned: true,
		Workpaper: "Stratified: one item for each stratum and the rest shared in proportion to the strata's rows " +
			"(largest remainder), drawn at random within each stratum.",
		draw:   func(d *Draw, f Frame, n int, _ []Pick) error { return d.stratify(f, n) },
		extend: func(d *Draw, f Frame, n int, _ []Pick, round int) error { return d.extendStrata(f, n, round) }},
	{Name: MonetaryUnit, Label: "Monetary-unit", Params: []Param{amountParam, sizeParam("Selection points (n)"), seedParam},
		Workpaper: "Monetary-unit: n selection points an interval of T/n apart over the running total T of the amounts, " +
			"from a random start; each point selects the item whose amount spans it, so an item of at least the " +
			"interval is always selected and is listed once. Items of zero or negative amount cannot be selected.",
		draw: func(d *Draw, f Frame, n int, _ []Pick) error { return d.monetary(f, n) },
		extend: func(d *Draw, f Frame, n int, _ []Pick, round int) error {
			return d.extendBySize(f, n, round, d.MUS.Points)
		},
		summary: func(d Draw) string {
			if d.MUS == nil {
				return ""
			}
			return fmt.Sprintf("%d points over %s in amounts, interval %s, %d high-value items", d.MUS.Points,
				population.Amount(d.MUS.Total), population.Amount(d.MUS.Interval), d.MUS.HighValue)
		}},
	{Name: Cell, Label: "Cell (monetary-unit)", Params: []Param{amountParam, sizeParam("Cells (n)"), seedParam},
		Workpaper: "Cell monetary-unit: the running total T of the amounts divided into n cells of equal width T/n, one " +
			"random point drawn in each cell; each point selects the item whose amount spans it, and an item hit in " +
			"several cells is listed once with its hits. Items of zero or negative amount cannot be selected.",
		draw:    func(d *Draw, f Frame, n int, _ []Pick) error { return d.cells(f, n) },
		extend:  func(d *Draw, f Frame, n int, _ []Pick, round int) error { return d.extendBySize(f, n, round, 0) },
		summary: cellSummary},
	{Name: Judgmental, Label: "Judgmental", Params: []Param{picksParam}, Planned: true,
		Workpaper: "Judgmental: items picked by the auditor, each with the reason recorded beside it; not a statistical sample.",
		draw:      func(d *Draw, f Frame, _ int, picks []Pick) error { return d.pick(f, picks) },
		extend:    func(d *Draw, f Frame, _ int, picks []Pick, _ int) error { return d.pick(f, picks) }},
}

// Lookup returns a method's entry of Methods.
func Lookup(m Method) (Spec, bool) {
	i := slices.IndexFunc(Methods, func(s Spec) bool { return s.Name == m })
	if i < 0 {
		return Spec{}, false
	}
	return Methods[i], true
}

// Param returns the method's parameter of that name.
func (s Spec) Param(name string) (Param, bool) {
	i := slices.IndexFunc(s.Params, func(p Param) bool { return p.Name == name })
	if i < 0 {
		return Param{}, false
	}
	return s.Params[i], true
}

// Takes reports whether the method takes the named parameter.
func (s Spec) Takes(name string) bool {
	_, ok := s.Param(name)
	return ok
}

// Seeded reports whether the method draws from a seed, to a size: every
// method but the one of picks.
func (s Spec) Seeded() bool { return s.Takes(ParamSeed) }

// Summary is a line on how a draw was laid out, "" for a method without
// one.
func Summary(d Draw) string {
	s, ok := Lookup(d.Method)
	if !ok || s.summary == nil {
		return ""
	}
	return s.summary(d)
}

// SeededNames lists the methods drawn from a seed: what the command line
// draws.
func SeededNames() []string {
	var out []string
	for _, s := range Methods {
		if s.Seeded() {
			out = append(out, string(s.Name))
		}
	}
	return out
}

// ParseMethod reads a method name; "" is random.
func ParseMethod(s string) (Method, error) {
	m := Method(strings.ToLower(strings.TrimSpace(s)))
	if m == "" {
		return Random, nil
	}
	if _, ok := Lookup(m); ok {
		return m, nil
	}
	names := make([]string, len(Methods))
	for i, spec := range Methods {
		names[i] = string(spec.Name)
	}
	return "", audit.Errorf(audit.EINVALID, "method %q must be %s or %s", s, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

func unknownMethod(m Method) error {
	return audit.Errorf(audit.EINVALID, "method %q is not one this version draws", m)
}
