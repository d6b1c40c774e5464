package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"auditroom/backend/audit"
	"auditroom/backend/report"
)

// A draft with one finding awaiting management's response.
func ExampleWrite() {
	sha := "9b7449cb486f210ec2c328a587a883e8d7b3f9b73d27aac94f88877b7a8bb6f6"
	r := &report.Report{
		Engagement: audit.Engagement{
			Name: "Acme Holdings SOC 2 Type 2", Client: "Acme Holdings Ltd", Type: audit.Type2,
			PeriodStart: "2025-01-01", PeriodEnd: "2025-12-31", Categories: []audit.Category{audit.Security},
		},
		Status: report.Draft, Date: "2026-02-13", PreparedBy: "Northbridge Assurance LLP",
		Criteria: []report.Criterion{{ID: "CC6.2", Name: "Registering and authorising users"}},
		Findings: []report.Finding{{
			ID: "F-001", Title: "Leavers kept access after termination", Classification: report.MaterialWeakness,
			Condition: "5 of 25 leavers kept access for 9 to 49 days.", Criteria: []string{"CC6.2"},
			Exceptions: []report.Exception{{Sample: "#03 Łukasz Wiśniewski", Attribute: "A: removed within 1 day", Description: "49 days ✗"}},
			Evidence:   []report.EvidenceRef{{Name: "HR_terminations_2025.xlsx", Locator: audit.Locator{Sheet: "Leavers", Row: 14}, SHA256: sha}},
		}},
		Evidence: []report.Evidence{{Name: "HR_terminations_2025.xlsx", SHA256: sha}},
	}
	var pdf bytes.Buffer
	err := report.Write(context.Background(), r, &pdf, func(stage string, done, total int) {
		if stage == report.StageLayout {
			fmt.Printf("laid out %d of %d findings\n", done, total)
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	pages, err := api.PageCount(bytes.NewReader(pdf.Bytes()), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pages, "pages")
	// Output:
	// laid out 1 of 1 findings
	// 6 pages
}
