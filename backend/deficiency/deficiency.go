// Package deficiency is the guided evaluation of a control deficiency: from
// what the auditor judges of it (design or operation, likelihood, magnitude,
// compensating controls, pervasiveness, and the other deficiencies on the
// same criteria) it proposes a classification — control deficiency,
// significant deficiency or material weakness — and the likely effect on a
// SOC 2 opinion, and explains which inputs led there. The rules and their
// sources are in docs/methodology.md, "Deficiency evaluation".
package deficiency

import (
	"slices"
	"strings"
	"unicode/utf8"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// Kind is where the control fails.
type Kind string

const (
	// Design: the control is missing, or would not meet the criterion even
	// when it operates as designed.
	Design Kind = "design"
	// Operating: a suitably designed control did not operate as designed,
	// or was performed by someone without the authority or competence.
	Operating Kind = "operating"
)

// Likelihood is how likely it is that the deficiency leads to a criterion
// not being met, in the three bands of ASC 450 that AS 2201 borrows.
type Likelihood string

const (
	Remote             Likelihood = "remote"              // slight
	ReasonablyPossible Likelihood = "reasonably_possible" // more than remote, less than likely
	Probable           Likelihood = "probable"            // likely
)

// Magnitude is how far the criterion could fail to be met if it does.
type Magnitude string

const (
	Inconsequential         Magnitude = "inconsequential"
	MoreThanInconsequential Magnitude = "more_than_inconsequential"
	Material                Magnitude = "material"
)

// Classification is the severity of a deficiency, least severe first.
type Classification string

const (
	ControlDeficiency     Classification = "control_deficiency"
	SignificantDeficiency Classification = "significant_deficiency"
	MaterialWeakness      Classification = "material_weakness"
)

// Opinion is the likely form of the SOC 2 opinion.
type Opinion string

const (
	Unmodified Opinion = "unmodified"
	Qualified  Opinion = "qualified" // "except for": a criterion is not met, the rest stands
	Adverse    Opinion = "adverse"   // the effects are pervasive: the system as a whole fails
)

var (
	likelihoods     = []Likelihood{Remote, ReasonablyPossible, Probable}
	magnitudes      = []Magnitude{Inconsequential, MoreThanInconsequential, Material}
	classifications = []Classification{ControlDeficiency, SignificantDeficiency, MaterialWeakness}
	opinions        = []Opinion{Unmodified, Qualified, Adverse}
)

// Longest accepted texts.
const (
	maxRef      = 64
	maxRelated  = 200
	maxCriteria = 100
)

// Compensating is another control offered as compensating for the
// deficiency.
type Compensating struct {
	Control string `json:"control"` // its ID in the control matrix
	// Criteria it addresses; it compensates only on these.
	Criteria []string `json:"criteria"`
	// Effective is true when the control was tested and found to operate
	// effectively, precisely enough to catch the failure; an untested or
	// failed control compensates for nothing.
	Effective bool `json:"effective"`
}

// Deficiency is one deficiency as the auditor judges it.
type Deficiency struct {
	Ref        string     `json:"ref,omitempty"` // names it in explanations: a finding ID, else the control
	Control    string     `json:"control"`       // the deficient control, or the missing one's name
	Criteria   []string   `json:"criteria"`      // the criteria it affects, e.g. CC6.2
	Kind       Kind       `json:"kind"`
	Likelihood Likelihood `json:"likelihood"`
	Magnitude  Magnitude  `json:"magnitude"`
	// Pervasive is true when the failure is not confined to the criteria
	// named: an entity-level or general IT control that many others rely
	// on, or management override.
	Pervasive    bool           `json:"pervasive"`
	Compensating []Compensating `json:"compensating"`
}

// Input is a deficiency to evaluate and the others that affect any of its
// criteria, evaluated with it criterion by criterion.
type Input struct {
	Deficiency
	Related []Deficiency `json:"related"`
}

// Rank orders classifications: 1 control deficiency … 3 material weakness;
// 0 for anything else.
func (c Classification) Rank() int { return slices.Index(classifications, c) + 1 }

// Label is the classification as a report writes it.
func (c Classification) Label() string { return strings.ReplaceAll(string(c), "_", " ") }

// Valid reports whether c is one of the three classifications.
func (c Classification) Valid() bool { return c.Rank() > 0 }

// Valid reports whether o is one of the three opinions.
func (o Opinion) Valid() bool { return slices.Contains(opinions, o) }

// Normalize trims the texts and puts criteria IDs in their catalogue form
// and order.
func (d *Deficiency) Normalize() {
	d.Ref = strings.TrimSpace(d.Ref)
	d.Control = strings.TrimSpace(d.Control)
	d.Kind = Kind(strings.ToLower(strings.TrimSpace(string(d.Kind))))
	d.Likelihood = Likelihood(strings.ToLower(strings.TrimSpace(string(d.Likelihood))))
	d.Magnitude = Magnitude(strings.ToLower(strings.TrimSpace(string(d.Magnitude))))
	d.Criteria = Criteria(d.Criteria)
	comp := make([]Compensating, len(d.Compensating))
	for i, c := range d.Compensating {
		comp[i] = Compensating{Control: strings.TrimSpace(c.Control), Criteria: Criteria(c.Criteria), Effective: c.Effective}
	}
	d.Compensating = comp
	if d.Ref == "" {
		d.Ref = d.Control
	}
}

// Criteria returns ids in catalogue form ("cc 6.1" → "CC6.1") and order,
// without repeats; unknown IDs are kept, trimmed, for Validate to name.
func Criteria(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if c, ok := scope.Lookup(id); ok {
			out = append(out, c.ID)
		} else {
			out = append(out, strings.TrimSpace(id))
		}
	}
	return scope.SortCriteria(out)
}

// Validate names the first thing wrong with a normalized deficiency.
func (d *Deficiency) Validate() error {
	name := d.Ref
	if name == "" {
		name = "the deficiency"
	}
	switch {
	case d.Control == "":
		return audit.Errorf(audit.EINVALID, "%s: name the deficient control (or the missing one)", name)
	case utf8.RuneCountInString(d.Control) > maxRef || utf8.RuneCountInString(d.Ref) > maxRef:
		return audit.Errorf(audit.EINVALID, "%s: control and reference are at most %d characters", name, maxRef)
	case d.Kind != Design && d.Kind != Operating:
		return audit.Errorf(audit.EINVALID, "%s: kind %q must be design or operating", name, d.Kind)
	case !slices.Contains(likelihoods, d.Likelihood):
		return audit.Errorf(audit.EINVALID, "%s: likelihood %q must be remote, reasonably_possible or probable", name, d.Likelihood)
	case !slices.Contains(magnitudes, d.Magnitude):
		return audit.Errorf(audit.EINVALID, "%s: magnitude %q must be inconsequential, more_than_inconsequential or material", name, d.Magnitude)
	case len(d.Criteria) == 0:
		return audit.Errorf(audit.EINVALID, "%s: name at least one criterion it affects", name)
	case len(d.Criteria) > maxCriteria || len(d.Compensating) > maxCriteria:
		return audit.Errorf(audit.EINVALID, "%s: at most %d criteria and %d compensating controls", name, maxCriteria, maxCriteria)
	}
	if err := knownCriteria(name, d.Criteria); err != nil {
		return err
	}
	for _, c := range d.Compensating {
		switch {
		case c.Control == "":
			return audit.Errorf(audit.EINVALID, "%s: a compensating control needs its control ID", name)
		case c.Control == d.Control:
			return audit.Errorf(audit.EINVALID, "%s: control %s cannot compensate for itself", name, c.Control)
		}
		if err := knownCriteria(name+": compensating control "+c.Control, c.Criteria); err != nil {
			return err
		}
	}
	return nil
}

func knownCriteria(name string, ids []string) error {
	for _, id := range ids {
		if _, ok := scope.Lookup(id); !ok {
			return audit.Errorf(audit.EINVALID, "%s: unknown criterion %q", name, id)
		}
	}
	return nil
}

// Normalize normalizes the deficiency and every related one.
func (in *Input) Normalize() {
	in.Deficiency.Normalize()
	rel := make([]Deficiency, len(in.Related))
	for i, r := range in.Related {
		r.Normalize()
		rel[i] = r
	}
	in.Related = rel
}

// Validate checks a normalized input.
func (in *Input) Validate() error {
	if err := in.Deficiency.Validate(); err != nil {
		return err
	}
	if len(in.Related) > maxRelated {
		return audit.Errorf(audit.EINVALID, "at most %d related deficiencies", maxRelated)
	}
	for _, r := range in.Related {
		if r.Ref == in.Ref {
			return audit.Errorf(audit.EINVALID, "%s is listed as related to itself", r.Ref)
		}
		if err := r.Validate(); err != nil {
			return err
		}
	}
	return nil
}
