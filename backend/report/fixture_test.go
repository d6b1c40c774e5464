package report

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// hashOf gives fixture files stable, realistic-looking SHA-256s.
func hashOf(name string) string { return sha256Hex([]byte("fixture:" + name)) }

// acme is the realistic sample engagement the golden tests and the
// screenshots use: three findings of different classifications, one with a
// management response, names in several languages and one in Chinese.
func acme(tb testing.TB, status Status) *Report {
	tb.Helper()
	e := audit.Engagement{
		Name: "Acme Holdings SOC 2 Type 2", Client: "Acme Holdings Ltd", Type: audit.Type2,
		PeriodStart: "2025-01-01", PeriodEnd: "2025-12-31",
		Categories: []audit.Category{audit.Security, audit.Availability, audit.Confidentiality},
	}
	var criteria []Criterion
	for _, c := range scope.InScope(e.Categories) {
		criteria = append(criteria, Criterion{ID: c.ID, Name: c.Title})
	}
	imported := time.Date(2026, 1, 12, 9, 41, 0, 0, time.UTC)
	pack := "acme-pbc-2025-q4.zip"
	evidence := []Evidence{
		{Name: "HR_terminations_2025.xlsx", Provenance: []Provenance{{Pack: pack, Path: "HR/HR_terminations_2025.xlsx", ImportedAt: imported, ImportedBy: "d.whitfield", ProvidedByManagement: true}}},
		{Name: "aws_iam_credential_report_2025-06-30.csv", Provenance: []Provenance{{Pack: pack, Path: "IT/IAM/aws_iam_credential_report_2025-06-30.csv", ImportedAt: imported, ImportedBy: "d.whitfield", ProvidedByManagement: true}}},
		{Name: "Access removal procedure v3.2.pdf", Provenance: []Provenance{
			{Pack: pack, Path: "Policies/Access removal procedure v3.2.pdf", ImportedAt: imported, ImportedBy: "d.whitfield", ProvidedByManagement: true},
			{Pack: "acme-policies-2025.zip", Path: "Access removal procedure v3.2.pdf", ImportedAt: imported.Add(26 * time.Hour), ImportedBy: "m.osei", ProvidedByManagement: true},
		}},
		{Name: "jira_change_export_2025.csv", Provenance: []Provenance{{Pack: pack, Path: "IT/Change/jira_change_export_2025.csv", ImportedAt: imported, ImportedBy: "d.whitfield", ProvidedByManagement: true}}},
		{Name: "deploy-pipeline-audit.log", Provenance: []Provenance{{Pack: pack, Path: "IT/Change/deploy-pipeline-audit.log", ImportedAt: imported, ImportedBy: "d.whitfield", ProvidedByManagement: true}}},
		{Name: "backup_restore_register_2025.xlsx", Provenance: []Provenance{{Pack: pack, Path: "IT/Backup/backup_restore_register_2025.xlsx", ImportedAt: imported, ImportedBy: "m.osei", ProvidedByManagement: true}}},
		{Name: "walkthrough-notes-backup-2026-01-20.pdf", Provenance: []Provenance{{Pack: "auditor-workpapers", Path: "walkthrough-notes-backup-2026-01-20.pdf", ImportedAt: imported.Add(8 * 24 * time.Hour), ImportedBy: "m.osei"}}},
	}
	// As-of dates from each kind of source, some outside the period.
	dates := map[string][4]string{
		"HR_terminations_2025.xlsx":                {"2025-12-31", "document", "docProps/core.xml modified", ""},
		"aws_iam_credential_report_2025-06-30.csv": {"2025-06-30", "file name", "2025-06-30", ""},
		"Access removal procedure v3.2.pdf":        {"2024-11-04", "document", "pdf CreationDate", "before the period start 2025-01-01"},
		"jira_change_export_2025.csv":              {"2026-01-05", "file time", "modified 2026-01-05T16:20:00Z", "after the period end 2025-12-31"},
		"deploy-pipeline-audit.log":                {"", "unknown", "", "date unknown"},
		"backup_restore_register_2025.xlsx":        {"2025-12-31", "manifest", "as_of", ""},
		"walkthrough-notes-backup-2026-01-20.pdf":  {"2026-01-20", "file name", "2026-01-20", "after the period end 2025-12-31"},
	}
	for i := range evidence {
		evidence[i].SHA256 = hashOf(evidence[i].Name)
		d := dates[evidence[i].Name]
		evidence[i].AsOf, evidence[i].AsOfSource, evidence[i].AsOfDetail, evidence[i].AsOfIssue = d[0], d[1], d[2], d[3]
		for j := range evidence[i].Provenance {
			switch d[1] {
			case "file time":
				evidence[i].Provenance[j].ModTime = time.Date(2026, 1, 5, 16, 20, 0, 0, time.UTC)
			case "unknown": // a zip entry without a time
			default:
				evidence[i].Provenance[j].ModTime = imported.Add(-72 * time.Hour)
			}
		}
	}
	ref := func(name string, r EvidenceRef) EvidenceRef { r.Name, r.SHA256 = name, hashOf(name); return r }

	findings := []Finding{
		{
			ID: "F-001", Title: "Leavers kept access to production systems after termination",
			Classification: MaterialWeakness,
			Rationale: "Five of 25 leavers sampled (20%) kept working credentials for 9 to 49 days, against a tolerable deviation rate of 5%; " +
				"the upper deviation limit is 38%. Two of them signed in after leaving. No compensating control detects the access: " +
				"the quarterly access review (AC-07) covers the HR system only. The deviation is pervasive across AWS, GitHub and the VPN.",
			Condition: "For 5 of 25 leavers sampled from the HR termination list, access to AWS production accounts, GitHub and the VPN " +
				"was not removed within one business day of the termination date. Credentials stayed active for between 9 and 49 days. " +
				"Two former employees signed in to the AWS console after their last working day.\n\n" +
				"Four of the five leavers left from the Kraków and Copenhagen offices, where terminations reach IT by e-mail rather than through the HR system's workflow.",
			Criteria:     []string{"CC6.2", "CC6.3"},
			CriteriaText: "Acme's Access removal procedure (v3.2, section 4) requires that all logical access of a leaver is revoked within one business day of the termination date recorded in the HR system.",
			Cause:        "Offices outside the UK notify IT of leavers by e-mail; the e-mails are not tracked and the deprovisioning ticket is raised by hand.",
			Effect:       "Former employees could read and change production data and infrastructure after leaving. Customer data in scope for Confidentiality was reachable.",
			Recommendation: "Drive deprovisioning from the HR system for every office, so that a termination opens the ticket automatically, " +
				"and reconcile active accounts in AWS, GitHub and the VPN against the HR leaver list weekly.",
			Status: "issued", Controls: []string{"AC-04"},
			Exceptions: []Exception{
				{Sample: "#03 Łukasz Wiśniewski", Attribute: "A: access removed within 1 business day", Description: "Terminated 2025-03-14 (Kraków); AWS IAM user active until 2025-05-02 (49 days). Last console sign-in 2025-04-18."},
				{Sample: "#07 Zoë Müller", Attribute: "A: access removed within 1 business day", Description: "Terminated 2025-05-30; GitHub organisation membership removed 2025-06-11 (12 days)."},
				{Sample: "#11 Søren Østergaard", Attribute: "A: access removed within 1 business day", Description: "Terminated 2025-07-04 (Copenhagen); VPN certificate revoked 2025-07-15 (11 days)."},
				{Sample: "#18 Renée Lefèvre", Attribute: "A: access removed within 1 business day", Description: "Terminated 2025-09-19; AWS IAM user active until 2025-09-30 (11 days); signed in 2025-09-23."},
				{Sample: "#22 王小明 (Wang Xiaoming)", Attribute: "A: access removed within 1 business day", Description: "Terminated 2025-11-07 (Kraków); GitHub and VPN access removed 2025-11-18 (9 days). HR ✓, ticket ✗."},
			},
			Evidence: []EvidenceRef{
				ref("HR_terminations_2025.xlsx", EvidenceRef{Locator: audit.Locator{Sheet: "Leavers", Row: 14}}),
				ref("aws_iam_credential_report_2025-06-30.csv", EvidenceRef{Locator: audit.Locator{Row: 212}}),
				ref("Access removal procedure v3.2.pdf", EvidenceRef{Locator: audit.Locator{Page: 4}}),
			},
		},
		{
			ID: "F-002", Title: "Emergency changes deployed before their approval was recorded",
			Classification: SignificantDeficiency,
			Rationale: "Three of 40 changes sampled (7.5%) deviated, above the 5% tolerable rate. Each was an emergency change approved verbally " +
				"and recorded the next business day, and the deployment pipeline's peer review (CM-03) operated for all three, which limits the magnitude.",
			Condition: "For 3 of 40 production changes sampled from the Jira change export, the change advisory board's approval was recorded after the deployment. " +
				"All three were emergency changes made outside business hours.",
			Criteria:       []string{"CC8.1"},
			CriteriaText:   "The Change management standard (section 3.4) requires every production change, emergency changes included, to be approved and the approval recorded before deployment.",
			Cause:          "The emergency change template lets an engineer deploy once a ticket exists; the approval field is not required at that point.",
			Effect:         "Changes can reach production without an approver of record, and the approval trail cannot show who authorised them.",
			Recommendation: "Require the approver's identity and time in the ticket before the pipeline deploys an emergency change, and review emergency changes at each CAB meeting.",
			Status:         "response_received", Controls: []string{"CM-02", "CM-03"},
			Exceptions: []Exception{
				{Sample: "CHG-1042", Attribute: "B: approved before deployment", Description: "Deployed 2025-04-03 02:12 UTC; approval recorded 2025-04-04 09:30. Peer review ✓, tests ✓."},
				{Sample: "CHG-1187", Attribute: "B: approved before deployment", Description: "Deployed 2025-06-21 23:48 UTC (Saturday); approval recorded 2025-06-23 08:55."},
				{Sample: "CHG-1311", Attribute: "B: approved before deployment", Description: "Deployed 2025-09-09 04:05 UTC; approval recorded 2025-09-09 10:20."},
			},
			Evidence: []EvidenceRef{
				ref("jira_change_export_2025.csv", EvidenceRef{Locator: audit.Locator{Row: 1043}}),
				ref("deploy-pipeline-audit.log", EvidenceRef{Locator: audit.Locator{Line: 88412}}),
			},
			Response: &Response{
				Position: PartiallyAgree,
				Text: "Management agrees that the approval of three emergency changes was recorded after deployment. " +
					"Each was approved by telephone by the on-call CAB member before it was deployed, and the ticket was updated the next business day. " +
					"Management does not agree that unapproved changes reached production.",
				CorrectiveAction: "The emergency change template now requires the approver's name and the time of approval before the pipeline unlocks a deployment. " +
					"The pipeline check is enforced from 1 March 2026. All 2025 emergency changes will be reviewed retrospectively by the CAB.",
				Owner: "Priya Raman, Head of Platform Engineering", TargetDate: "2026-03-31",
				Responder: "Marcus Ødegaard, Chief Technology Officer", Received: "2026-02-10",
			},
		},
		{
			ID: "F-003", Title: "Monthly backup restore tests not performed in July and August",
			Classification: ControlDeficiency,
			Rationale: "Two of the 12 monthly restore tests were missed. Nightly backups completed throughout the period and a full restore succeeded in September, " +
				"so the likelihood of an unrecoverable loss was low.",
			Condition: "The backup restore register shows no restore test for July or August 2025. Tests resumed in September.",
			Criteria:  []string{"A1.2", "A1.3"},
			CriteriaText: "The Backup and recovery policy requires a test restore of a production database each month, recorded in the restore register " +
				"with its outcome and the restore time.",
			Cause:          "The engineer responsible for the tests was on leave and the task had no named deputy.",
			Effect:         "A failure of the backups during those months could have gone unnoticed until a restore was needed.",
			Recommendation: "Name a deputy for each recurring control task and alert the control owner when a monthly test is not recorded by the 25th.",
			Status:         "issued", Controls: []string{"BK-01"},
			Exceptions: []Exception{
				{Sample: "2025-07", Attribute: "A: restore test performed and recorded", Description: "No entry in the restore register for July 2025."},
				{Sample: "2025-08", Attribute: "A: restore test performed and recorded", Description: "No entry in the restore register for August 2025."},
			},
			Evidence: []EvidenceRef{
				ref("backup_restore_register_2025.xlsx", EvidenceRef{Locator: audit.Locator{Sheet: "Register", Row: 9}}),
				ref("walkthrough-notes-backup-2026-01-20.pdf", EvidenceRef{Locator: audit.Locator{Page: 2}}),
			},
		},
	}
	manifest, err := json.MarshalIndent(evidence, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return &Report{
		Engagement: e, Status: status, Date: "2026-02-13",
		PreparedBy: "Northbridge Assurance LLP (Dana Whitfield, CPA)",
		Criteria:   criteria,
		Sampling: Sampling{
			Approach: "Manual controls were sampled by their frequency, following the AICPA Audit Guide: Audit Sampling table for tests of controls. " +
				"Populations of recurring transactions were sampled statistically (attribute sampling at 95% confidence and a 5% tolerable deviation rate). " +
				"Every sample was drawn at random with a recorded seed, so that anyone can redraw it and extend it.\n\n" +
				"Deviations were evaluated against the tolerable rate: where the upper deviation limit exceeded it, the control was not relied upon " +
				"and the deviation was evaluated as a deficiency.",
			Tests: []SampleTest{
				{Control: "AC-04 Access removal on termination", Population: 63, Size: 25, Method: "Random (seed 41822)", Explanation: "Attribute sampling, hypergeometric: 95% confidence, 10% tolerable rate, no deviations expected."},
				{Control: "AC-07 Quarterly access review", Population: 4, Size: 2, Method: "Random (seed 913)", Explanation: "Quarterly control: 2 of 4 quarters."},
				{Control: "CM-02 Change approval", Population: 1284, Size: 40, Method: "Random (seed 20250117)", Explanation: "Control performed several times a day: 25 to 60; 40 for a higher risk of misstatement."},
				{Control: "BK-01 Monthly restore test", Population: 12, Size: 12, Method: "All items", Explanation: "Small population: every month tested."},
			},
		},
		Findings:  findings,
		Evidence:  evidence,
		Workpaper: workpaper(tb),
		Manifest:  manifest,
	}
}

// workpaper is a small, valid XLSX file.
func workpaper(tb testing.TB) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, v := range []string{"Control", "AC-04", "CM-02", "BK-01"} {
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), v); err != nil {
			tb.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
