package deficiency

import (
	"slices"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// one is an operating deficiency of AC-01 on CC6.2 at the given levels.
func one(ref string, l Likelihood, m Magnitude, criteria ...string) Deficiency {
	if len(criteria) == 0 {
		criteria = []string{"CC6.2"}
	}
	return Deficiency{Ref: ref, Control: "AC-" + ref, Criteria: criteria, Kind: Operating, Likelihood: l, Magnitude: m}
}

func effective(control string, criteria ...string) Compensating {
	return Compensating{Control: control, Criteria: criteria, Effective: true}
}

// The cases the standards describe (AS 2201 ¶¶62–70, AU-C 265), in SOC 2
// terms: a criterion in place of an account or assertion.
func TestEvaluate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      Input
		want    Classification
		alone   Classification
		opinion Opinion
		notMet  []string
		explain []string // phrases the explanation must hold
	}{
		{
			name: "single exception, effective compensating control",
			in: Input{Deficiency: func() Deficiency {
				d := one("F-001", ReasonablyPossible, MoreThanInconsequential)
				d.Compensating = []Compensating{effective("AC-09", "CC6.2")}
				return d
			}()},
			want: ControlDeficiency, alone: ControlDeficiency, opinion: Unmodified,
			explain: []string{"AC-09, tested effective, addresses CC6.2", "On CC6.2, AC-09 compensates: one level less severe, a control deficiency"},
		},
		{
			name: "single exception, nothing compensates",
			in:   Input{Deficiency: one("F-001", ReasonablyPossible, MoreThanInconsequential)},
			want: SignificantDeficiency, alone: SignificantDeficiency, opinion: Unmodified,
			explain: []string{"merits the attention of those charged with governance", "opinion can stay unmodified"},
		},
		{
			name: "compensating control not tested effective is not counted",
			in: Input{Deficiency: func() Deficiency {
				d := one("F-001", ReasonablyPossible, MoreThanInconsequential)
				d.Compensating = []Compensating{{Control: "AC-09", Criteria: []string{"CC6.2"}}}
				return d
			}()},
			want: SignificantDeficiency, alone: SignificantDeficiency, opinion: Unmodified,
			explain: []string{"AC-09 is not counted as compensating: it was not tested and found effective"},
		},
		{
			name: "compensating control over another criterion is not counted",
			in: Input{Deficiency: func() Deficiency {
				d := one("F-001", ReasonablyPossible, MoreThanInconsequential)
				d.Compensating = []Compensating{effective("AC-09", "CC7.1")}
				return d
			}()},
			want: SignificantDeficiency, alone: SignificantDeficiency, opinion: Unmodified,
			explain: []string{"AC-09 is not counted as compensating: it addresses none of CC6.2"},
		},
		{
			name: "remote likelihood stays a control deficiency however large",
			in:   Input{Deficiency: one("F-001", Remote, Material)},
			want: ControlDeficiency, alone: ControlDeficiency, opinion: Unmodified,
			explain: []string{"a remote likelihood is not a reasonable possibility"},
		},
		{
			name: "inconsequential failure stays a control deficiency",
			in:   Input{Deficiency: one("F-001", Probable, Inconsequential)},
			want: ControlDeficiency, alone: ControlDeficiency, opinion: Unmodified,
		},
		{
			name: "reasonable possibility of a material failure",
			in:   Input{Deficiency: one("F-001", ReasonablyPossible, Material)},
			want: MaterialWeakness, alone: MaterialWeakness, opinion: Qualified, notMet: []string{"CC6.2"},
			explain: []string{"CC6.2 is not met", `qualified ("except for") on its operating effectiveness`},
		},
		{
			name: "effective compensating control brings a material weakness down one level",
			in: Input{Deficiency: func() Deficiency {
				d := one("F-001", Probable, Material)
				d.Compensating = []Compensating{effective("AC-09", "CC6.2")}
				return d
			}()},
			want: SignificantDeficiency, alone: SignificantDeficiency, opinion: Unmodified,
		},
		{
			name: "design gap, probable and material",
			in: Input{Deficiency: Deficiency{Ref: "F-004", Control: "no backup restore test", Criteria: []string{"A1.3"},
				Kind: Design, Likelihood: Probable, Magnitude: Material}},
			want: MaterialWeakness, alone: MaterialWeakness, opinion: Qualified, notMet: []string{"A1.3"},
			explain: []string{"is a design deficiency", "suitability of design"},
		},
		{
			name: "pervasive failure",
			in: Input{Deficiency: func() Deficiency {
				d := one("F-001", ReasonablyPossible, MoreThanInconsequential, "CC5.2", "CC6.1", "CC8.1")
				d.Pervasive = true
				d.Compensating = []Compensating{effective("AC-09", "CC6.1")}
				return d
			}()},
			want: MaterialWeakness, alone: MaterialWeakness, opinion: Adverse, notMet: []string{"CC5.2", "CC6.1", "CC8.1"},
			explain: []string{"It is pervasive", "cannot make up for a pervasive failure", "adverse"},
		},
		{
			name: "two control deficiencies on one criterion aggregate to a significant deficiency",
			in: Input{Deficiency: one("F-001", Remote, MoreThanInconsequential),
				Related: []Deficiency{one("F-002", Remote, MoreThanInconsequential)}},
			want: SignificantDeficiency, alone: ControlDeficiency, opinion: Unmodified,
			explain: []string{"On CC6.2, F-001 and F-002 together: the likelihood rises to reasonably possible", "combined, a significant deficiency"},
		},
		{
			name: "two significant deficiencies on one criterion aggregate to a material weakness",
			in: Input{Deficiency: one("F-001", ReasonablyPossible, MoreThanInconsequential),
				Related: []Deficiency{one("F-002", ReasonablyPossible, MoreThanInconsequential)}},
			want: MaterialWeakness, alone: SignificantDeficiency, opinion: Qualified, notMet: []string{"CC6.2"},
			explain: []string{"the magnitude to material (more than one could fail it more than inconsequentially)"},
		},
		{
			name: "inconsequential deficiencies do not add up to more",
			in: Input{Deficiency: one("F-001", ReasonablyPossible, Inconsequential),
				Related: []Deficiency{one("F-002", ReasonablyPossible, Inconsequential), one("F-003", Probable, Inconsequential)}},
			want: ControlDeficiency, alone: ControlDeficiency, opinion: Unmodified,
		},
		{
			name: "aggregation only on the shared criterion",
			in: Input{Deficiency: one("F-001", Remote, MoreThanInconsequential, "CC6.1", "CC6.2"),
				Related: []Deficiency{one("F-002", ReasonablyPossible, MoreThanInconsequential, "CC6.2")}},
			want: SignificantDeficiency, alone: ControlDeficiency, opinion: Unmodified,
		},
		{
			name: "compensated on every member, the combination drops a level",
			in: func() Input {
				a := one("F-001", ReasonablyPossible, MoreThanInconsequential)
				a.Compensating = []Compensating{effective("AC-09", "CC6.2")}
				b := one("F-002", ReasonablyPossible, MoreThanInconsequential)
				b.Compensating = []Compensating{effective("AC-10", "CC6.2")}
				return Input{Deficiency: a, Related: []Deficiency{b}}
			}(),
			want: SignificantDeficiency, alone: ControlDeficiency, opinion: Unmodified,
			explain: []string{"every one of them is compensated on CC6.2, one level less"},
		},
		{
			name: "a pervasive related deficiency makes the opinion adverse",
			in: Input{Deficiency: one("F-001", Remote, Inconsequential),
				Related: []Deficiency{func() Deficiency {
					d := one("F-002", ReasonablyPossible, Inconsequential, "CC6.2", "CC7.2")
					d.Pervasive = true
					return d
				}()}},
			want: MaterialWeakness, alone: ControlDeficiency, opinion: Adverse, notMet: []string{"CC6.2"},
		},
		{
			name: "related deficiencies on other criteria change nothing",
			in: Input{Deficiency: one("F-001", ReasonablyPossible, MoreThanInconsequential),
				Related: []Deficiency{one("F-002", Probable, Material, "CC8.1")}},
			want: SignificantDeficiency, alone: SignificantDeficiency, opinion: Unmodified,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(tc.in)
			if err != nil {
				t.Fatalf("Evaluate(%+v): %v", tc.in, err)
			}
			if got.Classification != tc.want || got.Alone != tc.alone || got.Opinion != tc.opinion {
				t.Errorf("Evaluate(%+v) = %s (alone %s), opinion %s; want %s (alone %s), %s\n%s",
					tc.in, got.Classification, got.Alone, got.Opinion, tc.want, tc.alone, tc.opinion, strings.Join(got.Explanation, "\n"))
			}
			if !slices.Equal(got.CriteriaNotMet, nonNil(tc.notMet)) {
				t.Errorf("criteria not met = %v, want %v", got.CriteriaNotMet, tc.notMet)
			}
			text := strings.Join(got.Explanation, "\n")
			for _, p := range tc.explain {
				if !strings.Contains(text, p) {
					t.Errorf("explanation lacks %q:\n%s", p, text)
				}
			}
			if !strings.HasPrefix(got.Explanation[len(got.Explanation)-1], "Proposed: "+got.Classification.Label()) {
				t.Errorf("the explanation does not end with the proposal:\n%s", text)
			}
		})
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestEvaluateNormalizes(t *testing.T) {
	d := Deficiency{Control: " AC-01 ", Criteria: []string{"cc 6.2", "CC6.1", "CC6.2"}, Kind: " Operating", Likelihood: "PROBABLE", Magnitude: "material"}
	got, err := Evaluate(Input{Deficiency: d})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range got.Criteria {
		ids = append(ids, c.Criterion)
	}
	if !slices.Equal(ids, []string{"CC6.1", "CC6.2"}) || !strings.HasPrefix(got.Explanation[0], "AC-01 is an operating deficiency") {
		t.Errorf("criteria %v, explanation %q: want CC6.1, CC6.2 and the control as the reference", ids, got.Explanation[0])
	}
}

func TestEvaluateRefuses(t *testing.T) {
	ok := one("F-001", Probable, Material)
	for _, tc := range []struct {
		name string
		edit func(*Input)
		want string
	}{
		{"no control", func(in *Input) { in.Control, in.Ref = "", "" }, "name the deficient control"},
		{"no criteria", func(in *Input) { in.Criteria = nil }, "F-001: name at least one criterion"},
		{"unknown criterion", func(in *Input) { in.Criteria = []string{"CC42.1"} }, `unknown criterion "CC42.1"`},
		{"bad kind", func(in *Input) { in.Kind = "both" }, `kind "both" must be design or operating`},
		{"bad likelihood", func(in *Input) { in.Likelihood = "likely" }, `likelihood "likely" must be`},
		{"bad magnitude", func(in *Input) { in.Magnitude = "" }, `magnitude "" must be`},
		{"compensates itself", func(in *Input) { in.Compensating = []Compensating{effective("AC-F-001", "CC6.2")} }, "cannot compensate for itself"},
		{"compensating without id", func(in *Input) { in.Compensating = []Compensating{{Effective: true}} }, "needs its control ID"},
		{"related to itself", func(in *Input) { in.Related = []Deficiency{one("F-001", Remote, Material)} }, "F-001 is listed as related to itself"},
		{"bad related", func(in *Input) { in.Related = []Deficiency{one("F-002", "sometimes", Material)} }, `F-002: likelihood "sometimes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Deficiency: ok}
			tc.edit(&in)
			_, err := Evaluate(in)
			if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Evaluate(%+v) = %v, want EINVALID containing %q", in, err, tc.want)
			}
		})
	}
}

// Severity never falls when likelihood or magnitude rises, and an
// effective compensating control never makes things worse.
func TestEvaluateMonotone(t *testing.T) {
	for _, k := range []Kind{Design, Operating} {
		for li, l := range likelihoods {
			for mi, m := range magnitudes {
				for _, comp := range []bool{false, true} {
					d := Deficiency{Ref: "F", Control: "AC-01", Criteria: []string{"CC6.2"}, Kind: k, Likelihood: l, Magnitude: m}
					if comp {
						d.Compensating = []Compensating{effective("AC-02", "CC6.2")}
					}
					r := mustEval(t, d)
					if li+1 < len(likelihoods) {
						up := d
						up.Likelihood = likelihoods[li+1]
						if mustEval(t, up).Classification.Rank() < r.Classification.Rank() {
							t.Errorf("raising likelihood of %+v lowered the classification", d)
						}
					}
					if mi+1 < len(magnitudes) {
						up := d
						up.Magnitude = magnitudes[mi+1]
						if mustEval(t, up).Classification.Rank() < r.Classification.Rank() {
							t.Errorf("raising magnitude of %+v lowered the classification", d)
						}
					}
					if comp {
						bare := d
						bare.Compensating = nil
						if mustEval(t, bare).Classification.Rank() < r.Classification.Rank() {
							t.Errorf("a compensating control made %+v worse", d)
						}
					}
				}
			}
		}
	}
}

func mustEval(t *testing.T, d Deficiency) Result {
	t.Helper()
	r, err := Evaluate(Input{Deficiency: d})
	if err != nil {
		t.Fatalf("Evaluate(%+v): %v", d, err)
	}
	return r
}
