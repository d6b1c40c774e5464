package findings

import (
	"cmp"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/sampling"
	"auditroom/backend/scope"
)

// Exception is one exception cell of a test: an attribute a sample item
// did not meet, with the auditor's note and the evidence pinned to it. The
// test store produces these from its grids.
type Exception struct {
	TestID        string        `json:"test_id"`
	ControlID     string        `json:"control_id"`
	Criteria      []string      `json:"criteria"` // the control's criteria
	Item          int           `json:"item"`     // the sample item's number, from 1
	ItemKey       string        `json:"item_key"` // the item's key in the population (ticket number, user …)
	Attribute     string        `json:"attribute"`
	AttributeText string        `json:"attribute_text"`
	Note          string        `json:"note"`
	Evidence      []EvidenceRef `json:"evidence"`
}

// Ref is the exception's reference, for a finding to link.
func (e Exception) Ref() ExceptionRef {
	return ExceptionRef{TestID: e.TestID, Item: e.Item, Attribute: e.Attribute}
}

// Test is what the register needs of one test: its sample's size and
// deviations, and the rates to read them at.
type Test struct {
	TestID     string        `json:"test_id"`
	ControlID  string        `json:"control_id"`
	Criteria   []string      `json:"criteria"`
	SampleSize int           `json:"sample_size"`
	Deviations int           `json:"deviations"` // items with at least one exception
	Confidence sampling.Rate `json:"-"`
	Tolerable  sampling.Rate `json:"-"`
}

// TestResult is a test with its deviation rate and upper deviation limit
// against the tolerable rate (backend/sampling).
type TestResult struct {
	Test
	// Evaluation holds the deviation rate and the upper deviation limit.
	Evaluation sampling.Evaluation `json:"evaluation"`
	// Exceeds is true when the upper deviation limit is above the
	// tolerable rate: the sample does not support reliance on the control.
	Exceeds bool `json:"exceeds"`
}

// ControlGroup is a control's tests and exceptions.
type ControlGroup struct {
	ControlID  string       `json:"control_id"`
	Criteria   []string     `json:"criteria"`
	Tests      []TestResult `json:"tests"`
	Exceptions []Exception  `json:"exceptions"`
}

// CriterionGroup is what the exceptions say of one criterion.
type CriterionGroup struct {
	Criterion  string   `json:"criterion"`
	Controls   []string `json:"controls"`   // controls with exceptions mapped to it
	Exceptions int      `json:"exceptions"` // exception cells on those controls
	Exceeding  []string `json:"exceeding"`  // tests whose limit exceeds the tolerable rate
}

// Register is every exception of an engagement, grouped by control and by
// criterion.
type Register struct {
	Controls   []ControlGroup   `json:"controls"`
	Criteria   []CriterionGroup `json:"criteria"`
	Exceptions int              `json:"exceptions"`
}

// BuildRegister groups exceptions by control and criterion and evaluates
// each test's sample. A test without exceptions appears only when its
// limit exceeds the tolerable rate. It returns EINVALID for a test whose
// sample cannot be evaluated.
func BuildRegister(tests []Test, exceptions []Exception) (Register, error) {
	reg := Register{Controls: []ControlGroup{}, Criteria: []CriterionGroup{}, Exceptions: len(exceptions)}
	groups := map[string]*ControlGroup{}
	group := func(id string, criteria []string) *ControlGroup {
		g, ok := groups[id]
		if !ok {
			g = &ControlGroup{ControlID: id, Criteria: []string{}, Tests: []TestResult{}, Exceptions: []Exception{}}
			groups[id] = g
		}
		g.Criteria = deficiency.Criteria(append(g.Criteria, criteria...))
		return g
	}
	for _, x := range exceptions {
		x.Criteria = deficiency.Criteria(x.Criteria)
		x.Evidence = nonNil(x.Evidence)
		g := group(x.ControlID, x.Criteria)
		g.Exceptions = append(g.Exceptions, x)
	}
	for _, t := range tests {
		ev, err := sampling.Evaluate(sampling.EvaluationInput{SampleSize: t.SampleSize, Deviations: t.Deviations, Confidence: t.Confidence, Tolerable: t.Tolerable})
		if err != nil {
			return Register{}, audit.Errorf(audit.EINVALID, "test %s: %s", t.TestID, audit.ErrorMessage(err))
		}
		r := TestResult{Test: t, Evaluation: ev, Exceeds: ev.Exceeds()}
		r.Criteria = deficiency.Criteria(t.Criteria)
		if _, ok := groups[t.ControlID]; !ok && !r.Exceeds {
			continue
		}
		g := group(t.ControlID, r.Criteria)
		g.Tests = append(g.Tests, r)
	}
	byCriterion := map[string]*CriterionGroup{}
	for _, g := range groups {
		slices.SortFunc(g.Tests, func(a, b TestResult) int { return scope.CompareIDs(a.TestID, b.TestID) })
		slices.SortFunc(g.Exceptions, func(a, b Exception) int {
			return cmp.Or(scope.CompareIDs(a.TestID, b.TestID), cmp.Compare(a.Item, b.Item), strings.Compare(a.Attribute, b.Attribute))
		})
		reg.Controls = append(reg.Controls, *g)
		for _, c := range g.Criteria {
			cg, ok := byCriterion[c]
			if !ok {
				cg = &CriterionGroup{Criterion: c, Controls: []string{}, Exceeding: []string{}}
				byCriterion[c] = cg
			}
			cg.Controls = append(cg.Controls, g.ControlID)
			cg.Exceptions += len(g.Exceptions)
			for _, t := range g.Tests {
				if t.Exceeds {
					cg.Exceeding = append(cg.Exceeding, t.TestID)
				}
			}
		}
	}
	slices.SortFunc(reg.Controls, func(a, b ControlGroup) int { return scope.CompareIDs(a.ControlID, b.ControlID) })
	var ids []string
	for c := range byCriterion {
		ids = append(ids, c)
	}
	for _, c := range scope.SortCriteria(ids) {
		cg := byCriterion[c]
		slices.SortFunc(cg.Controls, scope.CompareIDs)
		slices.SortFunc(cg.Exceeding, scope.CompareIDs)
		reg.Criteria = append(reg.Criteria, *cg)
	}
	return reg, nil
}
