package deficiency

import (
	"fmt"
	"slices"
	"strings"
)

// CriterionResult is the evaluation on one of the deficiency's criteria.
type CriterionResult struct {
	Criterion string `json:"criterion"`
	// Alone is the deficiency on its own, after compensating controls.
	Alone Classification `json:"alone"`
	// Combined is the deficiency together with the related ones on this
	// criterion; never less severe than any of them alone.
	Combined Classification `json:"combined"`
	With     []string       `json:"with"` // refs of the related deficiencies combined here
	// Met is false when the combination is a material weakness: the
	// controls do not give reasonable assurance the criterion is met.
	Met bool `json:"met"`
}

// Result is the proposal, with the reasons for it.
type Result struct {
	// Classification is the most severe combined result over the criteria:
	// what the deficiency amounts to, with the others that share its criteria.
	Classification Classification `json:"classification"`
	// Alone is the most severe result of the deficiency on its own.
	Alone Classification `json:"alone"`
	// Opinion is the likely form of the SOC 2 opinion that follows.
	Opinion Opinion `json:"opinion"`
	// Affects names the part of the opinion a modification would fall on.
	Affects        string            `json:"affects"`
	CriteriaNotMet []string          `json:"criteria_not_met"`
	Criteria       []CriterionResult `json:"criteria"`
	// Explanation is the walk from the inputs to the proposal, one
	// sentence a step.
	Explanation []string `json:"explanation"`
}

// Parts of a SOC 2 opinion a deficiency falls on.
const (
	AffectsDesign    = "suitability of design (and, in a type 2 report, operating effectiveness)"
	AffectsOperating = "operating effectiveness"
)

// Evaluate proposes a classification and the likely opinion for a
// deficiency, alone and combined with the related deficiencies criterion by
// criterion. It returns EINVALID for an input that names no criterion, an
// unknown level, and the like. The rules are in docs/methodology.md.
func Evaluate(in Input) (Result, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	d := in.Deficiency
	r := Result{CriteriaNotMet: []string{}, Criteria: []CriterionResult{}}
	say := func(format string, args ...any) { r.Explanation = append(r.Explanation, fmt.Sprintf(format, args...)) }

	if d.Kind == Design {
		r.Affects = AffectsDesign
		say("%s is a design deficiency: even operating as designed, the control would not meet %s.", d.Ref, list(d.Criteria))
	} else {
		r.Affects = AffectsOperating
		say("%s is an operating deficiency: a suitably designed control did not operate as designed.", d.Ref)
	}
	if d.Pervasive {
		say("It is pervasive: its effect is not confined to %s, so its magnitude is taken as material.", list(d.Criteria))
	}
	base, why := matrix(d.Likelihood, magnitude(d))
	say("Likelihood %s and magnitude %s: %s, so on its own it is a %s.", words(string(d.Likelihood)), words(string(magnitude(d))), why, base.Label())
	explainCompensating(d, say)

	for _, c := range d.Criteria {
		cr := CriterionResult{Criterion: c, With: []string{}}
		var comp string
		cr.Alone, comp = aloneOn(d, c)
		if comp != "" && base != ControlDeficiency {
			say("On %s, %s compensates: one level less severe, a %s.", c, comp, cr.Alone.Label())
		}
		members := []Deficiency{d}
		for _, o := range in.Related {
			if slices.Contains(o.Criteria, c) {
				members = append(members, o)
				cr.With = append(cr.With, o.Ref)
			}
		}
		cr.Combined = cr.Alone
		if len(members) > 1 {
			cr.Combined = combine(c, members, say)
		}
		cr.Met = cr.Combined != MaterialWeakness
		if !cr.Met {
			r.CriteriaNotMet = append(r.CriteriaNotMet, c)
		}
		r.Alone = worst(r.Alone, cr.Alone)
		r.Classification = worst(r.Classification, cr.Combined)
		r.Criteria = append(r.Criteria, cr)
	}

	r.Opinion = opinion(in, r.CriteriaNotMet)
	switch r.Opinion {
	case Unmodified:
		say("Proposed: %s. No criterion is left unmet, so the opinion can stay unmodified; the deviations are described with the tests.", r.Classification.Label())
	case Qualified:
		say("Proposed: %s. %s not met; the effect stays with the criteria named, so the opinion would likely be qualified (\"except for\") on its %s.",
			r.Classification.Label(), notMet(r.CriteriaNotMet), r.Affects)
	case Adverse:
		say("Proposed: %s. %s not met and a pervasive deficiency reaches past the criteria named, so the opinion would likely be adverse on its %s.",
			r.Classification.Label(), notMet(r.CriteriaNotMet), r.Affects)
	}
	return r, nil
}

// magnitude is the deficiency's magnitude, material when it is pervasive.
func magnitude(d Deficiency) Magnitude {
	if d.Pervasive {
		return Material
	}
	return d.Magnitude
}

// matrix is the severity of a likelihood and magnitude, and why.
func matrix(l Likelihood, m Magnitude) (Classification, string) {
	switch {
	case l == Remote:
		return ControlDeficiency, "a remote likelihood is not a reasonable possibility"
	case m == Inconsequential:
		return ControlDeficiency, "a reasonable possibility of an inconsequential failure"
	case m == MoreThanInconsequential:
		return SignificantDeficiency, "a reasonable possibility of a failure less than material that still merits the attention of those charged with governance"
	}
	return MaterialWeakness, "a reasonable possibility of a material failure"
}

// aloneOn is the deficiency's severity on criterion c, one level less when
// an effective compensating control addresses c; it returns the
// compensating controls it counted.
func aloneOn(d Deficiency, c string) (Classification, string) {
	base, _ := matrix(d.Likelihood, magnitude(d))
	if d.Pervasive {
		return base, ""
	}
	var by []string
	for _, k := range d.Compensating {
		if k.Effective && slices.Contains(k.Criteria, c) {
			by = append(by, k.Control)
		}
	}
	if len(by) == 0 {
		return base, ""
	}
	return lower(base), list(by)
}

// explainCompensating says which offered compensating controls count.
func explainCompensating(d Deficiency, say func(string, ...any)) {
	for _, k := range d.Compensating {
		overlap := slices.DeleteFunc(slices.Clone(k.Criteria), func(c string) bool { return !slices.Contains(d.Criteria, c) })
		switch {
		case !k.Effective:
			say("%s is not counted as compensating: it was not tested and found effective.", k.Control)
		case d.Pervasive:
			say("%s is not counted as compensating: a control over particular criteria cannot make up for a pervasive failure.", k.Control)
		case len(overlap) == 0:
			say("%s is not counted as compensating: it addresses none of %s.", k.Control, list(d.Criteria))
		default:
			say("%s, tested effective, addresses %s.", k.Control, list(overlap))
		}
	}
}

// combine evaluates deficiencies that share criterion c together: several
// failures on one criterion make it more likely to fail, and two or more
// that could each fail it more than inconsequentially can add up.
func combine(c string, members []Deficiency, say func(string, ...any)) Classification {
	var l Likelihood
	var m Magnitude
	var alone Classification
	adding, compensated := 0, 0
	var refs []string
	for _, d := range members {
		refs = append(refs, d.Ref)
		l = maxOf(likelihoods, l, d.Likelihood)
		m = maxOf(magnitudes, m, magnitude(d))
		if d.Likelihood != Remote && magnitude(d) != Inconsequential {
			adding++
		}
		a, comp := aloneOn(d, c)
		if comp != "" {
			compensated++
		}
		alone = worst(alone, a)
	}
	l = step(likelihoods, l)
	why := []string{"the likelihood rises to " + words(string(l)) + " (several failures on one criterion)"}
	if adding >= 2 {
		m = step(magnitudes, m)
		why = append(why, "the magnitude to "+words(string(m))+" (more than one could fail it more than inconsequentially)")
	}
	comb, _ := matrix(l, m)
	if compensated == len(members) && comb != ControlDeficiency {
		comb = lower(comb)
		why = append(why, "every one of them is compensated on "+c+", one level less")
	}
	got := worst(comb, alone)
	say("On %s, %s together: %s; combined, a %s.", c, list(refs), strings.Join(why, "; "), got.Label())
	return got
}

// opinion maps the criteria left unmet to the likely opinion: none, an
// unmodified opinion; some, qualified; some with a pervasive deficiency
// among those that fail them, adverse.
func opinion(in Input, notMet []string) Opinion {
	if len(notMet) == 0 {
		return Unmodified
	}
	for _, d := range append([]Deficiency{in.Deficiency}, in.Related...) {
		if d.Pervasive && slices.ContainsFunc(d.Criteria, func(c string) bool { return slices.Contains(notMet, c) }) {
			return Adverse
		}
	}
	return Qualified
}

// Worst is the most severe of the classifications given.
func Worst(cs ...Classification) Classification {
	var w Classification
	for _, c := range cs {
		w = worst(w, c)
	}
	return w
}

func worst(a, b Classification) Classification {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

func lower(c Classification) Classification {
	if r := c.Rank(); r > 1 {
		return classifications[r-2]
	}
	return c
}

func maxOf[T comparable](order []T, a, b T) T {
	if slices.Index(order, b) > slices.Index(order, a) {
		return b
	}
	return a
}

// step moves a level one up its scale, stopping at the top.
func step[T comparable](order []T, v T) T {
	if i := slices.Index(order, v); i+1 < len(order) {
		return order[i+1]
	}
	return v
}

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// list joins names as a sentence does: "A", "A and B", "A, B and C".
func list(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// notMet says which criteria are not met: "CC6.1 is", "CC6.1 and CC6.2 are".
func notMet(ids []string) string {
	if len(ids) == 1 {
		return ids[0] + " is"
	}
	return list(ids) + " are"
}
