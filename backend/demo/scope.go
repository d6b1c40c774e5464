package demo

import "strings"

// The control matrix and the PBC request list, as the client keeps them.

// control is one row of the matrix, in the words the matrix uses.
type control struct {
	ID, Title, Description, Owner, Frequency, Nature, Kind, Key, Criteria string
}

var controls = []control{
	{"AC-01", "Access provisioning", "Access to production and corporate systems is requested through an IT ticket and approved by the requester's manager before IT provisions it.", "Tom Becker", "As needed", "Manual", "Preventive", "Yes", "CC6.1, CC6.2"},
	{"AC-02", "Multi-factor authentication", "Okta enforces multi-factor authentication (Okta Verify or FIDO2) for every user and every application; AWS console access is through Okta only.", "Tom Becker", "Multiple times a day", "Automated", "Preventive", "Yes", "CC6.1"},
	{"AC-03", "Quarterly user access review", "System owners review every account and role on AWS Production, GitHub, Okta and Salesforce each quarter; accounts marked Remove are removed within five business days.", "Elena Kowalski", "Quarterly", "Manual", "Detective", "Yes", "CC6.1, CC6.2, CC6.3"},
	{"AC-04", "Leaver access removal", "IT disables a leaver's Okta account and removes any other access within one business day of the termination date and records the date on the termination list.", "Tom Becker", "As needed", "Manual", "Preventive", "Yes", "CC6.2, CC6.3"},
	{"AC-05", "Privileged change monitoring", "CloudTrail logs IAM changes in AWS production; Security reviews privileged IAM changes every week and follows up anything unexpected.", "Hana Novotna", "Weekly", "Manual", "Detective", "No", "CC6.1, CC6.3, CC7.2"},
	{"CM-01", "Change approval", "Every normal change to production has a ticket approved by an engineering manager other than the requester before it is deployed.", "Priya Raman", "Multiple times a day", "Manual", "Preventive", "Yes", "CC8.1"},
	{"CM-02", "Emergency changes", "Emergency changes may be deployed first and are approved in writing by the VP Engineering or CTO within two business days.", "Priya Raman", "As needed", "Manual", "Preventive", "No", "CC8.1"},
	{"CM-03", "Peer review before merge", "Branch protection requires an approving review by someone other than the author and passing checks before a merge to main; only the pipeline deploys.", "Sam Ortiz", "Multiple times a day", "Automated", "Preventive", "Yes", "CC8.1, CC5.2"},
	{"OP-01", "Monitoring and alerting", "Availability, latency and capacity of the platform are monitored continuously; breaches of thresholds page the on-call SRE.", "Kofi Mensah", "Multiple times a day", "Automated", "Detective", "No", "CC7.2, A1.1"},
	{"OP-02", "Daily backups", "AWS Backup snapshots every production database daily and copies it to a second region; failed jobs alert the on-call SRE and are rerun.", "Kofi Mensah", "Daily", "Automated", "Preventive", "Yes", "A1.2"},
	{"OP-03", "Restore test", "The SRE team restores a production database from backup at least once a year and reports the result to Security.", "Kofi Mensah", "Annually", "Manual", "Detective", "Yes", "A1.3"},
	{"OP-04", "Incident response", "Security incidents are logged, triaged within four hours and, at severity 1 or 2, followed by a written post-incident review.", "Elena Kowalski", "As needed", "Manual", "Detective", "No", "CC7.3, CC7.4, CC7.5"},
	{"VM-01", "Vulnerability scanning", "External and internal vulnerability scans run every month; critical findings are remediated within 30 days.", "Hana Novotna", "Monthly", "Automated", "Detective", "No", "CC7.1"},
	{"GV-01", "Security policy approval", "The information security policy is reviewed and approved by the CEO every year and published to all staff.", "Elena Kowalski", "Annually", "Manual", "Preventive", "Yes", "CC5.3, CC2.2"},
	{"GV-02", "Security awareness training", "Every employee completes security awareness training within 30 days of joining and every year after.", "Grace Liu", "Annually", "Manual", "Preventive", "No", "CC1.4, CC2.2"},
	{"HR-01", "Background checks", "Candidates are background checked before their start date, as local law allows.", "Grace Liu", "As needed", "Manual", "Preventive", "No", "CC1.4"},
	{"CF-01", "Encryption at rest and in transit", "Customer data is encrypted at rest with KMS-managed AES-256 keys and in transit with TLS 1.2 or later.", "Kofi Mensah", "Multiple times a day", "Automated", "Preventive", "Yes", "C1.1, CC6.1, CC6.7"},
	{"CF-02", "Customer data disposal", "Customer data is deleted within 30 days of the end of a customer's contract and the deletion is recorded.", "Elena Kowalski", "As needed", "Manual", "Preventive", "No", "C1.2"},
}

func controlsCSV() []byte {
	rows := [][]string{{"Control ID", "Title", "Description", "Owner", "Frequency", "Nature", "Kind", "Key Control", "TSC Mapping"}}
	for _, c := range controls {
		rows = append(rows, []string{c.ID, c.Title, c.Description, c.Owner, c.Frequency, c.Nature, c.Kind, c.Key, c.Criteria})
	}
	return writeCSV(rows)
}

// request is one row of the PBC list.
type request struct {
	ID, Description string
	Controls        []string
	Owner, Due      string
}

var requests = []request{
	{"PBC-001", "Information security policy in force during the period, with evidence of its approval", []string{"GV-01"}, "Elena Kowalski", "2026-10-15"},
	{"PBC-002", "Access control policy in force during the period", []string{"AC-01", "AC-02", "AC-03", "AC-04", "AC-05"}, "Tom Becker", "2026-10-15"},
	{"PBC-003", "Change management policy in force during the period", []string{"CM-01", "CM-02", "CM-03"}, "Priya Raman", "2026-10-15"},
	{"PBC-004", "Backup and recovery policy in force during the period", []string{"OP-02", "OP-03"}, "Kofi Mensah", "2026-10-15"},
	{"PBC-005", "System-generated export of all changes deployed in the period (ticket, requester, approver, approval and deployment dates, environment)", []string{"CM-01", "CM-03"}, "Priya Raman", "2027-01-15"},
	{"PBC-006", "Written approval of each emergency change in the period", []string{"CM-02"}, "Priya Raman", "2027-01-15"},
	{"PBC-007", "Quarterly user access reviews of AWS Production, GitHub, Okta and Salesforce, with reviewer sign-off", []string{"AC-03"}, "Tom Becker", "2027-01-15"},
	{"PBC-008", "List of leavers in the period with termination date and date access was removed", []string{"AC-04"}, "Tom Becker", "2027-01-15"},
	{"PBC-009", "HR roster of all employees and contractors at period end, with hire and termination dates", []string{"AC-01", "AC-04", "HR-01"}, "Grace Liu", "2027-01-15"},
	{"PBC-010", "Screenshot of the Okta authentication policy enforcing MFA", []string{"AC-02"}, "Tom Becker", "2026-10-15"},
	{"PBC-011", "CloudTrail logs of IAM activity for a sample of days, and the weekly privileged change reviews", []string{"AC-05"}, "Hana Novotna", "2027-01-15"},
	{"PBC-012", "Backup job history for production databases", []string{"OP-02"}, "Kofi Mensah", "2027-01-15"},
	{"PBC-013", "Report of the restore test performed in the period", []string{"OP-03"}, "Kofi Mensah", "2026-11-06"},
	{"PBC-014", "Background check confirmations for people hired in the period", []string{"HR-01"}, "Grace Liu", "2026-11-13"},
	{"PBC-015", "Configuration showing encryption at rest and TLS for production databases", []string{"CF-01"}, "Kofi Mensah", "2026-10-15"},
	{"PBC-016", "Security awareness training completion records for the period", []string{"GV-02"}, "Grace Liu", "2027-01-15"},
	{"PBC-017", "Incident register and post-incident reviews for severity 1 and 2 incidents; on-call alert history", []string{"OP-01", "OP-04"}, "Elena Kowalski", "2027-01-22"},
	{"PBC-018", "Monthly vulnerability scan reports and remediation tickets for critical findings", []string{"VM-01"}, "Hana Novotna", "2027-01-22"},
}

func pbcCSV() []byte {
	rows := [][]string{{"Request ID", "Description", "Controls", "Owner", "Due Date"}}
	for _, r := range requests {
		rows = append(rows, []string{r.ID, r.Description, strings.Join(r.Controls, "; "), r.Owner, r.Due})
	}
	return writeCSV(rows)
}
