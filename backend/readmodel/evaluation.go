package readmodel

import (
	"context"
	"strings"

	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/store"
)

// Evaluate proposes a classification and the likely opinion for a
// deficiency, without saving anything. Related deficiencies, when not
// given, are those of the engagement's other findings sharing a criterion
// (in.Ref names the finding itself, so it is not counted twice); a
// compensating control that names no criteria addresses those it maps to
// in the control matrix.
func Evaluate(ctx context.Context, h *store.Home, engID string, in deficiency.Input) (deficiency.Result, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) (deficiency.Result, error) {
		if in.Related == nil {
			all, err := s.Findings()
			if err != nil {
				return deficiency.Result{}, err
			}
			d := in.Deficiency
			d.Criteria = deficiency.Criteria(d.Criteria)
			in.Related = findings.Related(strings.TrimSpace(in.Ref), d, all)
		}
		controls, err := s.Controls()
		if err != nil {
			return deficiency.Result{}, err
		}
		if in.Deficiency, err = findings.FillCompensating(in.Deficiency, controls); err != nil {
			return deficiency.Result{}, err
		}
		return deficiency.Evaluate(in)
	})
}

// WithCompensating is a finding's input with the compensating controls of
// its evaluation filled from the control matrix, as Evaluate fills them, so
// that the finding saved is the one evaluated.
func WithCompensating(ctx context.Context, h *store.Home, engID string, in findings.Input) (findings.Input, error) {
	if in.Evaluation == nil {
		return in, nil
	}
	controls, err := h.Controls(ctx, engID)
	if err != nil {
		return in, err
	}
	e := *in.Evaluation
	if e.Deficiency, err = findings.FillCompensating(e.Deficiency, controls); err != nil {
		return in, err
	}
	in.Evaluation = &e
	return in, nil
}
