package report

import (
	"context"
	"strings"
	"testing"

	"auditroom/backend/audit"
)

// A draft may hold a finding the auditor has not yet classified: it is
// printed, marked "not yet evaluated", rather than failing the report.
func TestDraftWithAnUnevaluatedFinding(t *testing.T) {
	r := &Report{
		Engagement: audit.Engagement{Name: "Nordlicht GmbH SOC 2 Type 1", Client: "Nordlicht GmbH", Type: audit.Type1,
			PeriodStart: "2025-06-30", PeriodEnd: "2025-06-30", Categories: []audit.Category{audit.Security}},
		Status: Draft, Date: "2025-08-01", PreparedBy: "Jürgen Weiß",
		Findings: []Finding{{ID: "F-1", Title: "Terminated user kept VPN access", Condition: "One leaver of 25 kept access for 41 days."}},
	}
	pdf, err := Build(context.Background(), r, nil)
	if err != nil {
		t.Fatalf("draft with an unevaluated finding: %v", err)
	}
	all := flat(strings.Join(pageTexts(t, pdf), "\n"))
	for _, want := range []string{"FINDING F-1 NOT YET EVALUATED", "Terminated user kept VPN access"} {
		if !strings.Contains(all, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
}
