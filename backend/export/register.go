package export

import (
	"context"
	"slices"

	"auditroom/backend/findings"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// ExceptionRegister is every exception of every test, grouped by control
// and by criterion, and every test with a sample and what it concluded:
// the evaluation judges compensating controls on these. It is the register
// the exports write, so the screen and the workpapers agree.
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

// ReadRegister reads the exceptions register of an engagement at the default
// rates: each exception cell with its sample item, attribute, note and
// pinned evidence, the control's criteria, and each test's deviation rate
// and upper deviation limit against its tolerable rate. A test that sets
// no rates enters the register's groups only with exceptions (see
// Data.Register); a test without a sample has nothing to read and is left
// out of Tests.
func ReadRegister(ctx context.Context, h *store.Home, engID string) (ExceptionRegister, error) {
	d, err := Gather(ctx, h, engID, Options{})
	if err != nil {
		return ExceptionRegister{}, err
	}
	return d.ExceptionRegister(), nil
}

// ExceptionRegister is the register with every evaluated test's outcome,
// by control.
func (d *Data) ExceptionRegister() ExceptionRegister {
	out := ExceptionRegister{Register: d.Register, Tests: []TestOutcome{},
		DefaultConfidence: d.Confidence.Percent(), DefaultTolerable: d.Tolerable.Percent()}
	for _, t := range d.Tests {
		if t.Evaluation == nil {
			continue
		}
		read := t.Read
		read.Criteria = slices.Clone(t.Control.Criteria)
		if read.Criteria == nil {
			read.Criteria = []string{}
		}
		out.Tests = append(out.Tests, TestOutcome{TestID: t.ID, ControlID: t.Control.ID, Title: t.Name(), Criteria: read.Criteria,
			Conclusion: t.Summary.Conclusion, Complete: t.Summary.Complete, Reviewed: t.Reviewer != nil,
			Confidence: read.Confidence.Percent(), Tolerable: read.Tolerable.Percent(), Defaulted: t.Defaulted(),
			Result: findings.TestResult{Test: read, Evaluation: *t.Evaluation, Exceeds: t.Evaluation.Exceeds()}})
	}
	slices.SortStableFunc(out.Tests, func(a, b TestOutcome) int { return scope.CompareIDs(a.ControlID, b.ControlID) })
	return out
}
