package export_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"auditroom/backend/audit"
	"auditroom/backend/export"
	"auditroom/backend/report"
	"auditroom/backend/view/pdftest"
)

// TestReportFromEngagement lays out the fixture's findings report, draft
// and final, and reads the PDF back: every finding with its response
// section, the exceptions and the cited evidence's hash.
func TestReportFromEngagement(t *testing.T) {
	ctx := context.Background()
	m, err := export.Report(ctx, home, fixture.ID, export.ReportOptions{PreparedBy: "Example LLP", Date: "2027-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != report.Draft || len(m.Findings) != 2 || len(m.Workpaper) == 0 || len(m.Manifest) == 0 {
		t.Fatalf("model: status %s, %d findings, workpaper %d bytes, manifest %d bytes", m.Status, len(m.Findings), len(m.Workpaper), len(m.Manifest))
	}
	// The sampling table says why each size: the plan's rationale, or that none was kept.
	why := map[string]string{}
	for _, st := range m.Sampling.Tests {
		why[strings.Fields(st.Control)[0]] = st.Explanation
	}
	if why["AC-01"] != "A multiple-daily control at lower risk: 25 from the frequency table. A test of it is evaluated at 90% confidence and a 9% tolerable rate, what a sample of 25 without deviations supports at lower risk." ||
		why["CM-03"] != "No sampling plan was recorded: the size of 10 was given as it is. Population: only rows where Deployed on between 2026-01-01..2026-06-30 (38 rows of the file left out)." {
		t.Errorf("why this size: %q", why)
	}
	answered := m.Findings[0]
	if answered.ID != fixture.Answered.ID || answered.Response == nil || len(answered.Exceptions) == 0 || len(answered.Evidence) == 0 {
		t.Fatalf("answered finding %+v", answered)
	}
	for _, ev := range m.Evidence {
		if ev.AsOf != "" || ev.AsOfIssue != "date unknown" {
			t.Errorf("appendix entry %s: as of %q, issue %q; want unknown", ev.Name, ev.AsOf, ev.AsOfIssue)
		}
	}
	pdf, err := report.Build(ctx, &m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Validate(strings.NewReader(string(pdf)), model.NewDefaultConfiguration()); err != nil {
		t.Fatalf("the report is not valid PDF: %v", err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{fixture.Answered.Title, fixture.Unanswered.Title, "Management response pending",
		answered.Response.Text[:40], answered.Evidence[0].SHA256, "DRAFT",
		// The fixture's files carry no date: the appendix says so, in bold.
		"As-of date unknown: no manifest entry, document date, dated file or folder name, or real file time gives one"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draft report lacks %q", want)
		}
	}

	// A final report needs every finding issued; the fixture keeps a draft.
	_, err = export.Report(ctx, home, fixture.ID, export.ReportOptions{Final: true, PreparedBy: "Example LLP"})
	if audit.ErrorCode(err) != audit.EINVALID || !strings.Contains(audit.ErrorMessage(err), fixture.Unanswered.ID+" is draft") {
		t.Errorf("final report with a draft finding: %v", err)
	}
}

// pdfText is the text MuPDF reads from every page, joined.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	text, err := pdftest.Words(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
