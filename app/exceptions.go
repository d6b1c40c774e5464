package app

import (
	"context"

	"auditroom/backend/export"
	"auditroom/backend/store"
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
	return call(f.session, func(ctx context.Context, h *store.Home) (ExceptionRegister, error) {
		return export.ReadRegister(ctx, h, engID)
	})
}
