package app

import (
	"testing"

	"auditroom/backend/audit"
)

// unlocked returns an App on a fresh data folder, unlocked, holding one
// engagement.
func unlocked(t *testing.T) (*App, audit.Engagement) {
	t.Helper()
	a := New(Options{DataDir: t.TempDir(), Actor: "tester"})
	t.Cleanup(a.Close)
	if _, err := a.Session.Create("correct horse battery"); err != nil {
		t.Fatal(err)
	}
	e, err := a.Engagements.Create(EngagementInput{Name: "N", Client: "C", Type: "type2", PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	return a, e
}
