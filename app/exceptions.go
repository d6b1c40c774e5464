package app

import (
	"context"
	"slices"

	"auditroom/backend/export"
	"auditroom/backend/findings"
	"auditroom/backend/scope"
)

// ExceptionRegister is every exception of every test, grouped by control
// and by criterion, and every test with a sample and what it concluded:
// the evaluation judges compensating controls on these. It is the register
// the exports write (backend/export), so the screen and the workpapers
// agree.
type ExceptionRegister struct {
	findings.Register
	Tests             []TestOutcome `json:"tests"`
	DefaultConfidence string        `json:"default_confidence"`
	DefaultTolerable  string        `json:"default_tolerable"`
}

// TestOutcome is one test's result as the register reads it.
type TestOutcome struct {
	TestID     string   `json:"test_id"`
	ControlID  string   `json:"control_id"`
	Title      string   `json:"title,omitempty"`
	Criteria   []string `json:"criteria"` // the control's
	Conclusion string   `json:"conclusion"`
	Complete   bool     `json:"complete"` // every cell has a result
	Reviewed   bool     `json:"reviewed"` // the reviewer signed off
	// Confidence and Tolerable are the rates it was read at, as percents;
	// Defaulted is true when the test sets none and the defaults were used.
	Confidence string              `json:"confidence"`
	Tolerable  string              `json:"tolerable"`
	Defaulted  bool                `json:"defaulted"`
	Result     findings.TestResult `json:"result"`
}

// Exceptions builds the exceptions register from the engagement's tests:
// each exception cell with its sample item, attribute, note and pinned
// evidence, the control's criteria, and each test's deviation rate and
// upper deviation limit against its tolerable rate. A test that sets no
// rates is read at export.DefaultConfidence and export.DefaultTolerable
// and enters the register only with exceptions (see export.Data). A test
// without a sample has nothing to read and is left out.
func (f *Findings) Exceptions(engID string) (ExceptionRegister, error) {
	h, err := f.session.open()
	if err != nil {
		return ExceptionRegister{}, ui(err)
	}
	d, err := export.Gather(context.Background(), h, engID, export.Options{})
	if err != nil {
		return ExceptionRegister{}, ui(err)
	}
	return registerOf(d)
}

func registerOf(d *export.Data) (ExceptionRegister, error) {
	out := ExceptionRegister{Register: d.Register, Tests: []TestOutcome{},
		DefaultConfidence: d.Confidence.Percent(), DefaultTolerable: d.Tolerable.Percent()}
	for _, t := range d.Tests {
		if t.Evaluation == nil {
			continue
		}
		conf, tol, err := d.Rates(t.Test)
		if err != nil {
			return out, ui(err)
		}
		criteria := nonNil(t.Control.Criteria)
		out.Tests = append(out.Tests, TestOutcome{TestID: t.ID, ControlID: t.Control.ID, Title: t.Name(), Criteria: criteria,
			Conclusion: t.Summary.Conclusion, Complete: t.Summary.Complete, Reviewed: t.Reviewer != nil,
			Confidence: conf.Percent(), Tolerable: tol.Percent(), Defaulted: t.Defaulted(),
			Result: findings.TestResult{
				Test: findings.Test{TestID: t.ID, ControlID: t.Control.ID, Criteria: criteria, SampleSize: t.Evaluation.SampleSize,
					Deviations: t.Summary.Deviations, Confidence: conf, Tolerable: tol},
				Evaluation: *t.Evaluation,
				Exceeds:    t.Evaluation.SupportsReliance != nil && !*t.Evaluation.SupportsReliance,
			}})
	}
	slices.SortStableFunc(out.Tests, func(a, b TestOutcome) int { return scope.CompareIDs(a.ControlID, b.ControlID) })
	return out, nil
}
