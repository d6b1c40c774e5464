package app

import (
	"context"
	"slices"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/findings"
	"auditroom/backend/sampling"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// The rates a test that sets none of its own is read at in the exceptions
// register: 90% confidence against a 10% tolerable deviation rate, the
// basis on which the frequency table's sizes let a clean sample support
// reliance, and the rates the exports default to (backend/export). The
// register says which tests were read at these.
const (
	DefaultConfidence = "90%"
	DefaultTolerable  = "10%"
)

// ExceptionRegister is every exception of every test, grouped by control
// and by criterion, and every test with a sample and what it concluded:
// the evaluation judges compensating controls on these.
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
// rates is read at DefaultConfidence and DefaultTolerable; it appears in
// the register only with exceptions, since a sample sized by frequency
// rather than for those rates would otherwise show as short of them. A
// test without a sample has nothing to read and is left out.
func (f *Findings) Exceptions(engID string) (ExceptionRegister, error) {
	h, err := f.session.open()
	if err != nil {
		return ExceptionRegister{}, ui(err)
	}
	reg, err := buildRegister(context.Background(), h, engID)
	return reg, ui(err)
}

func buildRegister(ctx context.Context, h *store.Home, engID string) (ExceptionRegister, error) {
	out := ExceptionRegister{Tests: []TestOutcome{}, DefaultConfidence: DefaultConfidence, DefaultTolerable: DefaultTolerable}
	controls, err := h.Controls(ctx, engID)
	if err != nil {
		return out, err
	}
	criteria := map[string][]string{}
	for _, c := range controls {
		criteria[c.ID] = c.Criteria
	}
	tests, err := h.Tests(ctx, engID, "")
	if err != nil {
		return out, err
	}
	names := evidenceNames{h: h, engID: engID, known: map[string]audit.Evidence{}}
	var inputs []findings.Test
	var exceptions []findings.Exception
	for _, listed := range tests {
		t, s, err := h.Test(ctx, engID, listed.ID)
		if err != nil {
			return out, err
		}
		if len(s.Items) == 0 {
			continue
		}
		sum := t.Summary(len(s.Items))
		in := findings.Test{TestID: t.ID, ControlID: t.Control, Criteria: nonNil(criteria[t.Control]),
			SampleSize: sum.SampleSize, Deviations: sum.Deviations}
		o := TestOutcome{TestID: t.ID, ControlID: t.Control, Title: t.Title, Criteria: in.Criteria, Conclusion: sum.Conclusion,
			Complete: sum.Complete, Reviewed: t.Reviewer != nil, Confidence: t.Confidence, Tolerable: t.Tolerable}
		if o.Confidence == "" {
			o.Confidence, o.Defaulted = DefaultConfidence, true
		}
		if o.Tolerable == "" {
			o.Tolerable, o.Defaulted = DefaultTolerable, true
		}
		if in.Confidence, err = sampling.ParseRate(o.Confidence); err != nil {
			return out, audit.Errorf(audit.EINVALID, "test %s: confidence %s", t.ID, audit.ErrorMessage(err))
		}
		if in.Tolerable, err = sampling.ParseRate(o.Tolerable); err != nil {
			return out, audit.Errorf(audit.EINVALID, "test %s: tolerable rate %s", t.ID, audit.ErrorMessage(err))
		}
		if o.Result, err = evaluate(in); err != nil {
			return out, err
		}
		out.Tests = append(out.Tests, o)

		cells, err := exceptionCells(ctx, t, s.Items, in.Criteria, &names)
		if err != nil {
			return out, err
		}
		if len(cells) == 0 && o.Defaulted {
			continue
		}
		inputs = append(inputs, in)
		exceptions = append(exceptions, cells...)
	}
	reg, err := findings.BuildRegister(inputs, exceptions)
	if err != nil {
		return out, err
	}
	out.Register = reg
	slices.SortStableFunc(out.Tests, func(a, b TestOutcome) int { return scope.CompareIDs(a.ControlID, b.ControlID) })
	return out, nil
}

// evaluate reads a test's sample at its rates, as the register does.
func evaluate(in findings.Test) (findings.TestResult, error) {
	ev, err := sampling.Evaluate(sampling.EvaluationInput{SampleSize: in.SampleSize, Deviations: in.Deviations,
		Confidence: in.Confidence, Tolerable: in.Tolerable})
	if err != nil {
		return findings.TestResult{}, audit.Errorf(audit.EINVALID, "test %s: %s", in.TestID, audit.ErrorMessage(err))
	}
	return findings.TestResult{Test: in, Evaluation: ev, Exceeds: ev.SupportsReliance != nil && !*ev.SupportsReliance}, nil
}

// exceptionCells lists a test's exception cells, item by item, with the
// control's criteria and the evidence pinned to each.
func exceptionCells(ctx context.Context, t controltest.Test, items []selection.Item, criteria []string, names *evidenceNames) ([]findings.Exception, error) {
	var out []findings.Exception
	for _, it := range items {
		for _, a := range t.Attributes {
			c := t.Cells[controltest.CellKey(it.Number, a.ID)]
			if c.Result != controltest.Exception {
				continue
			}
			x := findings.Exception{TestID: t.ID, ControlID: t.Control, Criteria: criteria, Item: it.Number, ItemKey: it.Key,
				Attribute: a.ID, AttributeText: a.Description, Note: c.Note, Evidence: []findings.EvidenceRef{}}
			for _, p := range c.Pins {
				ev, err := names.get(ctx, p.EvidenceID)
				if err != nil {
					return nil, err
				}
				x.Evidence = append(x.Evidence, findings.EvidenceRef{EvidenceID: p.EvidenceID, Name: ev.Name, SHA256: ev.SHA256,
					Locator: audit.Locator{Page: p.Page, Sheet: p.Sheet, Row: p.Row, Line: p.Line}})
			}
			out = append(out, x)
		}
	}
	return out, nil
}

// evidenceNames reads each pinned file's record once.
type evidenceNames struct {
	h     *store.Home
	engID string
	known map[string]audit.Evidence
}

func (n *evidenceNames) get(ctx context.Context, id string) (audit.Evidence, error) {
	if ev, ok := n.known[id]; ok {
		return ev, nil
	}
	ev, _, err := n.h.Evidence(ctx, n.engID, id)
	if err != nil {
		return ev, err
	}
	n.known[id] = ev
	return ev, nil
}
