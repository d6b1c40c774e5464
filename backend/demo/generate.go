package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

//go:generate go test -run TestDemoFilesUpToDate -update

// Names of the demo's files, relative to its folder (testdata/demo).
const (
	EngagementFile = "engagement.json"
	ControlsFile   = "controls.csv"
	RequestsFile   = "pbc.csv"
	PackDir        = "pack" // the evidence pack, a folder
	PackName       = "acme-pbc-2026"
)

// Engagement is the demo engagement, as engagement.json holds it.
type Engagement struct {
	Name        string   `json:"name"`
	Client      string   `json:"client"`
	Type        string   `json:"type"`
	PeriodStart string   `json:"period_start"`
	PeriodEnd   string   `json:"period_end"`
	Categories  []string `json:"categories"`
}

var engagement = Engagement{
	Name:        "Acme Holdings FY26 SOC 2 Type 2 (demo)",
	Client:      company,
	Type:        "type2",
	PeriodStart: "2026-01-01",
	PeriodEnd:   "2026-12-31",
	Categories:  []string{"security", "availability", "confidentiality"},
}

// packFile is one file of the evidence pack with its manifest row.
type packFile struct {
	Path        string
	Request     string
	Controls    []string
	Description string
	AsOf        string
	data        func() ([]byte, error)
}

func bytesOf(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }

// packFiles lists the evidence pack: what the client sent, mapped by the
// manifest to the requests and controls it answers.
func packFiles() []packFile {
	pdf := func(p policy) func() ([]byte, error) {
		return func() ([]byte, error) { return writePDF(p.Info, company+" - Internal - "+p.Info.Title, p.Blocks), nil }
	}
	docx := func(p policy) func() ([]byte, error) {
		return func() ([]byte, error) { return writeDOCX(p.Info, p.Blocks) }
	}
	mail := func(m mailMsg) func() ([]byte, error) { return bytesOf(m.bytes()) }
	emergency := emergencyTicket()
	files := []packFile{
		{securityPolicy().Path, "PBC-001", []string{"GV-01"}, "Information Security Policy v4.0", "2026-01-20", pdf(securityPolicy())},
		{"policies/policy-approval-2026.eml", "PBC-001", []string{"GV-01"}, "CEO approval of the security policy", "2026-01-20", mail(policyApprovalMail())},
		{accessPolicy().Path, "PBC-002", []string{"AC-01", "AC-02", "AC-03", "AC-04", "AC-05"}, "Access Control Policy v2.3", "2026-01-27", pdf(accessPolicy())},
		{changePolicy().Path, "PBC-003", []string{"CM-01", "CM-02", "CM-03"}, "Change Management Policy v3.1", "2026-02-03", docx(changePolicy())},
		{backupPolicy().Path, "PBC-004", []string{"OP-02", "OP-03"}, "Backup and Recovery Policy v2.0", "2026-02-10", docx(backupPolicy())},
		{"change-management/change-tickets-2026.csv", "PBC-005", []string{"CM-01", "CM-03"}, "Jira export of every change deployed in 2026", "2026-12-31", bytesOf(ticketsCSV())},
		{"change-management/emergency-change-approval-" + emergency.ID + ".eml", "PBC-006", []string{"CM-02"}, "Written approval of emergency change " + emergency.ID, "2026-05-15", mail(emergencyMail())},
		{"access/user-access-review-2026.xlsx", "PBC-007", []string{"AC-03"}, "Quarterly user access reviews, a sheet per quarter", "2026-12-11", reviewXLSX},
		{"access/q4-access-review-signoff.eml", "PBC-007", []string{"AC-03"}, "Q4 review completion reported to the CEO", "2026-12-14", mail(accessReviewMail())},
		{"access/terminations-2026.csv", "PBC-008", []string{"AC-04"}, "Leavers in 2026 with access removal dates", "2026-12-31", bytesOf(terminationsCSV())},
		{"access/hr-roster-2026-12-31.csv", "PBC-009", []string{"AC-01", "AC-04", "HR-01"}, "HR roster at period end", "2026-12-31", bytesOf(rosterCSV())},
		{"access/okta-mfa-policy.png", "PBC-010", []string{"AC-02"}, "Okta authentication policy requiring MFA", "2026-06-30", oktaMFAScreen},
		{"operations/aws-backup-jobs-2026-12.png", "PBC-012", []string{"OP-02"}, "AWS Backup jobs, 1-14 December", "2026-12-14", backupJobsScreen},
		{"operations/restore-test-2026.eml", "PBC-013", []string{"OP-03"}, "Annual restore test report", "2026-09-24", mail(restoreMail())},
		{"confidentiality/rds-encryption-settings.png", "PBC-015", []string{"CF-01"}, "Production database encryption and TLS settings", "2026-09-04", encryptionScreen},
		{"people/security-awareness-training-2026.csv", "PBC-016", []string{"GV-02"}, "Security awareness training completions", "2026-12-31", bytesOf(trainingCSV())},
	}
	for _, d := range logDays {
		files = append(files, packFile{fmt.Sprintf("logs/cloudtrail-%s.json", d), "PBC-011", []string{"AC-05"},
			"CloudTrail management events, account " + awsAccount + ", " + d, d, func() ([]byte, error) { return cloudTrail(d) }})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

func manifestCSV(files []packFile) []byte {
	rows := [][]string{{"path", "request_id", "control_ids", "description", "as_of"}}
	for _, f := range files {
		rows = append(rows, []string{f.Path, f.Request, strings.Join(f.Controls, "; "), f.Description, f.AsOf})
	}
	return writeCSV(rows)
}

// Files renders every file of the demo, by path relative to its folder.
// The output depends on nothing but this package: the same bytes on every
// run.
func Files() (map[string][]byte, error) {
	eng, err := json.MarshalIndent(engagement, "", "  ")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		EngagementFile: append(eng, '\n'),
		ControlsFile:   controlsCSV(),
		RequestsFile:   pbcCSV(),
	}
	files := packFiles()
	out[PackDir+"/manifest.csv"] = manifestCSV(files)
	for _, f := range files {
		b, err := f.data()
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", f.Path, err)
		}
		out[PackDir+"/"+f.Path] = b
	}
	return out, nil
}

// Write renders the demo's files into dir, replacing what is there.
func Write(dir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
