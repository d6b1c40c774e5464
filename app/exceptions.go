package app

import (
	"context"

	"auditroom/backend/export"
)

// ExceptionRegister is every exception of every test, grouped by control
// and by criterion, and every test with a sample and what it concluded
// (export.ExceptionRegister, the register the exports write).
type ExceptionRegister = export.ExceptionRegister

// TestOutcome is one test's result as the register reads it.
type TestOutcome = export.TestOutcome

// Exceptions builds the exceptions register from the engagement's tests
// (export.ReadRegister).
func (f *Findings) Exceptions(engID string) (ExceptionRegister, error) {
	h, err := f.session.open()
	if err != nil {
		return ExceptionRegister{}, ui(err)
	}
	r, err := export.ReadRegister(context.Background(), h, engID)
	return r, ui(err)
}
