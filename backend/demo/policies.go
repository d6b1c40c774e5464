package demo

// The texts of Acme Holdings' policies: two PDFs and two Word documents.

func para(s string) block    { return block{"para", s} }
func heading(s string) block { return block{"heading", s} }
func bullet(s string) block  { return block{"bullet", s} }

// policy is one policy document.
type policy struct {
	Path   string // in the pack
	Info   docInfo
	Blocks []block
}

func securityPolicy() policy {
	return policy{
		Path: "policies/information-security-policy.pdf",
		Info: docInfo{Title: "Information Security Policy", Author: "Elena Kowalski", Subject: "Acme Holdings information security policy, version 4.0",
			Keywords: "security, policy, SOC 2", Created: day("2026-01-20", 9, 30)},
		Blocks: []block{
			{"title", "Information Security Policy"},
			{"subtitle", "Acme Holdings, Inc."},
			{"meta", "Version 4.0 | Effective 2026-02-01 | Owner: Elena Kowalski, Head of Security and Compliance"},
			{"meta", "Approved by Dana Whitfield, Chief Executive Officer, on 2026-01-20 | Next review: January 2027"},
			heading("1. Purpose"),
			para("This policy sets out how Acme Holdings protects the confidentiality, integrity and availability of the information it holds, above all the data its customers entrust to the Acme platform. It is the top of the policy framework: the access control, change management, backup and recovery, incident response and vendor management policies apply it to their areas and may not contradict it."),
			heading("2. Scope"),
			para("The policy applies to every employee, contractor and temporary worker of Acme Holdings, to every system that stores or processes company or customer data, including the production environment hosted on Amazon Web Services, the corporate identity provider (Okta), source control (GitHub), the customer relationship system (Salesforce) and company laptops, and to third parties who reach these systems on Acme's behalf."),
			heading("3. Roles and responsibilities"),
			bullet("The Chief Executive Officer approves this policy and the annual security objectives, and receives a quarterly security report."),
			bullet("The Head of Security and Compliance owns the policy framework, runs the risk assessment, and reports exceptions to the executive team."),
			bullet("The VP Engineering owns the change management process and the security of the software development life cycle."),
			bullet("The IT Manager owns identity and access management for corporate systems, including joiner, mover and leaver processing."),
			bullet("Managers ensure their staff complete security awareness training and review the access of their teams when asked."),
			bullet("Every employee protects the information they handle, reports suspected incidents at once to security@acmeholdings.example, and follows this policy."),
			heading("4. Risk assessment"),
			para("Security and Compliance performs a formal risk assessment each year and whenever a significant change in the business, the platform or the threat landscape occurs. Risks are scored for likelihood and impact, recorded in the risk register with an owner, and treated, accepted by an executive, or transferred. The executive team reviews the register every quarter."),
			heading("5. Policy statements"),
			para("5.1 Access control. Access is granted on the principle of least privilege, approved by the requester's manager before it is provisioned, reviewed every quarter by system owners, and removed within one business day of a person leaving. Multi-factor authentication is required for every user of the identity provider and for every console access to the production environment. The access control policy gives the detail."),
			para("5.2 Change management. Every change to the production environment is recorded in a change ticket, peer reviewed, tested and approved before deployment. Emergency changes may be deployed first and approved after, within two business days. The change management policy gives the detail."),
			para("5.3 Encryption. Customer data is encrypted at rest with AES-256 keys managed in AWS KMS and in transit with TLS 1.2 or later. Encryption keys are rotated every year and their use is logged."),
			para("5.4 Logging and monitoring. Administrative activity in the production environment is logged by AWS CloudTrail to a dedicated, write-once log archive retained for one year. Security events raise alerts to the on-call engineer. Privileged IAM changes are reviewed every week by Security."),
			para("5.5 Availability. Production databases are backed up daily and the backups are copied to a second region. A restore is tested at least once a year. The backup and recovery policy gives the detail."),
			para("5.6 Confidential information. Customer data is classified Confidential. It may be stored only in approved systems, may not be copied to personal devices or services, and is deleted within 30 days of the end of a customer's contract unless the law requires otherwise."),
			para("5.7 People. Candidates are background checked before they start, as local law allows. Every employee completes security awareness training when they join and every year, and acknowledges this policy."),
			para("5.8 Incidents. Suspected security incidents are logged, triaged by Security within four hours and handled under the incident response plan. Incidents of severity 1 or 2 receive a written post-incident review within ten business days."),
			heading("6. Exceptions"),
			para("An exception to this policy must be requested in writing, state the risk and the compensating controls, be approved by the Head of Security and Compliance, and expire after no more than twelve months. Security and Compliance keeps the register of exceptions."),
			heading("7. Enforcement"),
			para("A breach of this policy may lead to disciplinary action up to and including termination of employment or contract. Deliberate misuse of customer data is reported to the affected customers and, where the law requires, to the authorities."),
			heading("8. Review"),
			para("This policy is reviewed and approved at least once a year by the Chief Executive Officer on the recommendation of the Head of Security and Compliance, and whenever a significant change requires it."),
			heading("Document history"),
			bullet("Version 3.2, 2025-01-22: annual review; vendor management section moved to its own policy."),
			bullet("Version 4.0, 2026-01-20: annual review; confidentiality commitments and the 30-day deletion rule added; approved by Dana Whitfield."),
		},
	}
}

func accessPolicy() policy {
	return policy{
		Path: "policies/access-control-policy.pdf",
		Info: docInfo{Title: "Access Control Policy", Author: "Tom Becker", Subject: "Acme Holdings access control policy, version 2.3",
			Keywords: "access control, MFA, user access review, termination", Created: day("2026-01-27", 14, 5)},
		Blocks: []block{
			{"title", "Access Control Policy"},
			{"subtitle", "Acme Holdings, Inc."},
			{"meta", "Version 2.3 | Effective 2026-02-01 | Owner: Tom Becker, IT Manager | Approved by Elena Kowalski on 2026-01-27"},
			heading("1. Purpose and scope"),
			para("This policy applies the information security policy to logical access. It covers every account on company systems: the identity provider (Okta), the AWS production accounts, GitHub, Salesforce and company laptops, for employees, contractors and service accounts."),
			heading("2. Provisioning"),
			para("Access is requested through an IT ticket that names the person, the system and the role. The person's manager approves the request in the ticket before IT provisions the account. Roles follow the role matrix kept by IT; anything beyond it needs the system owner's approval as well. New joiners receive their accounts on their first day, never before their start date."),
			heading("3. Authentication"),
			bullet("Single sign-on through Okta is required for every system that supports it."),
			bullet("Multi-factor authentication is enforced by an Okta authentication policy for all users, with Okta Verify or a WebAuthn security key; SMS is not allowed."),
			bullet("Console access to AWS production requires MFA; the root accounts are locked away with hardware keys held by the CTO and the Head of Security."),
			bullet("Passwords have at least 14 characters and are checked against known breached passwords."),
			heading("4. Privileged access"),
			para("Administrative roles in AWS production are limited to the SRE team and granted through IAM roles assumed for the session, not through long-lived user keys. Every IAM change (CreateUser, DeleteUser, AttachUserPolicy, PutRolePolicy and the like) is logged by CloudTrail and reviewed each week by Security, which records the review in the security tracker."),
			heading("5. Quarterly user access reviews"),
			para("Each quarter, IT exports the accounts and roles of AWS Production, GitHub, Okta and Salesforce. The system owner reviews every account, marks it Keep or Remove, and signs the review with the date. IT removes every account marked Remove within five business days and records it in the review workbook. Security checks that each quarter's review is complete."),
			heading("6. Leavers"),
			para("People sends IT the list of leavers on or before their last day. IT disables the person's Okta account, which ends single sign-on to every connected system, and removes any account outside Okta, within one business day of the termination date. IT records the date access was removed on the termination list, which Security compares with the HR roster every month."),
			heading("7. Movers"),
			para("When a person changes role, their manager asks IT to adjust their access within five business days; access no longer needed is removed, not kept alongside the new access."),
			heading("8. Service accounts"),
			para("Service accounts have a named owner, no interactive login, and keys rotated every 90 days."),
		},
	}
}

func changePolicy() policy {
	return policy{
		Path: "policies/change-management-policy.docx",
		Info: docInfo{Title: "Change Management Policy", Author: "Priya Raman", Subject: "Acme Holdings change management policy, version 3.1",
			Keywords: "change management, emergency change, CAB", Created: day("2026-02-03", 11, 0)},
		Blocks: []block{
			{"title", "Change Management Policy"},
			{"meta", "Version 3.1 | Effective 2026-02-15 | Owner: Priya Raman, VP Engineering | Approved by Marcus Oyelaran, CTO"},
			heading("1. Purpose"),
			para("This policy makes sure that changes to the Acme platform's production environment are authorised, tested and traceable, so that a change does not harm the security, availability or confidentiality of customer data."),
			heading("2. Types of change"),
			bullet("Standard changes are pre-approved, low-risk and repeatable (for example, patching from an approved baseline). They still need a ticket."),
			bullet("Normal changes need a ticket, a peer-reviewed pull request, passing automated tests and the approval of an engineering manager in the ticket before deployment. The approver may not be the requester."),
			bullet("Emergency changes restore service or close an actively exploited vulnerability. The on-call engineer may deploy first with the verbal agreement of the VP Engineering or the CTO; the emergency change is then approved in writing, in the ticket or by e-mail, within two business days."),
			heading("3. Segregation of duties"),
			para("Branch protection on the main branch of every production repository requires an approving review by someone other than the author, and passing checks, before a merge. Only the deployment pipeline deploys to production; engineers have no standing write access to production systems."),
			heading("4. Records"),
			para("Tickets are kept in Jira and exported at the end of each year. The export lists the ticket, its summary, type, risk, requester, approver, approval date, deployment date and environment."),
			heading("5. Review"),
			para("Engineering management reviews the change record every month for unapproved or late-approved changes and reports them to Security."),
		},
	}
}

func backupPolicy() policy {
	return policy{
		Path: "policies/backup-and-recovery-policy.docx",
		Info: docInfo{Title: "Backup and Recovery Policy", Author: "Kofi Mensah", Subject: "Acme Holdings backup and recovery policy, version 2.0",
			Keywords: "backup, restore test, availability, RPO, RTO", Created: day("2026-02-10", 16, 20)},
		Blocks: []block{
			{"title", "Backup and Recovery Policy"},
			{"meta", "Version 2.0 | Effective 2026-02-15 | Owner: Kofi Mensah, SRE Lead | Approved by Marcus Oyelaran, CTO"},
			heading("1. Objectives"),
			para("The platform's recovery point objective is 24 hours and its recovery time objective is 8 hours for a loss of the primary region."),
			heading("2. Backups"),
			bullet("AWS Backup takes a daily snapshot of every production database at 02:00 UTC and keeps it for 35 days."),
			bullet("Each snapshot is copied to a second AWS region and encrypted with a KMS key of that region."),
			bullet("A failed backup job alerts the on-call SRE, who reruns it the same day and records the cause in the operations log."),
			heading("3. Restore tests"),
			para("The SRE team restores a production database from backup into an isolated account at least once a year, checks row counts and application health, times the restore against the recovery time objective, and sends the report to the Head of Security and Compliance."),
			heading("4. Review"),
			para("The SRE Lead reviews the backup dashboard every week and this policy every year."),
		},
	}
}
