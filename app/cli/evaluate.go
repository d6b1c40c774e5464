package cli

import (
	"fmt"
	"strings"

	"auditroom/backend/deficiency"
)

// findingEvaluate is `auditroom finding evaluate`: the guided evaluation of
// docs/methodology.md on the command line. Nothing is stored, so no store
// is opened.
func findingEvaluate(g *globals, args []string) error {
	const cmd = "finding evaluate"
	set := g.flags(cmd)
	var d deficiency.Deficiency
	var compensating, related pathFlags
	set.StringVar(&d.Control, "control", "", "the deficient control")
	criteria := set.String("criteria", "", "comma-separated criteria it affects, e.g. CC6.2")
	kind := set.String("kind", "operating", "design or operating")
	set.StringVar((*string)(&d.Likelihood), "likelihood", "", "remote, reasonably_possible or probable")
	set.StringVar((*string)(&d.Magnitude), "magnitude", "", "inconsequential, more_than_inconsequential or material")
	set.BoolVar(&d.Pervasive, "pervasive", false, "the failure is not confined to the criteria named")
	set.Var(&compensating, "compensating", "CONTROL=CRITERIA: a compensating control tested effective, e.g. AC-09=CC6.2 (repeatable)")
	set.Var(&related, "related", "REF=LIKELIHOOD/MAGNITUDE/CRITERIA: another deficiency to evaluate with it (repeatable)")
	if err := parse(set, args, false); err != nil {
		return err
	}
	if d.Control == "" || *criteria == "" || d.Likelihood == "" || d.Magnitude == "" {
		return usagef("%s: --control, --criteria, --likelihood and --magnitude are required", cmd)
	}
	d.Kind = deficiency.Kind(*kind)
	d.Criteria = list(*criteria)
	for _, c := range compensating {
		id, crit, ok := strings.Cut(c, "=")
		if !ok || id == "" || crit == "" {
			return usagef("%s: --compensating takes CONTROL=CRITERIA, e.g. AC-09=CC6.2", cmd)
		}
		d.Compensating = append(d.Compensating, deficiency.Compensating{Control: id, Criteria: list(crit), Effective: true})
	}
	in := deficiency.Input{Deficiency: d, Related: []deficiency.Deficiency{}}
	for _, r := range related {
		ref, rest, ok := strings.Cut(r, "=")
		parts := strings.SplitN(rest, "/", 3)
		if !ok || ref == "" || len(parts) != 3 {
			return usagef("%s: --related takes REF=LIKELIHOOD/MAGNITUDE/CRITERIA, e.g. F-002=probable/material/CC6.2", cmd)
		}
		in.Related = append(in.Related, deficiency.Deficiency{Ref: ref, Control: ref, Kind: deficiency.Operating,
			Likelihood: deficiency.Likelihood(parts[0]), Magnitude: deficiency.Magnitude(parts[1]), Criteria: list(parts[2])})
	}
	res, err := deficiency.Evaluate(in)
	if err != nil {
		return badValue(cmd, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s; likely opinion: %s\n", res.Classification.Label(), res.Opinion)
	for _, s := range res.Explanation {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	return g.print(res, b.String())
}

// list splits a comma- or semicolon-separated list.
func list(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
