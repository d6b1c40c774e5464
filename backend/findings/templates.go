package findings

import (
	"slices"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/scope"
)

// Template is a starting text for a common SOC 2 finding. Square brackets
// mark what the auditor fills in; everything is editable once the finding
// exists.
type Template struct {
	ID             string          `json:"id"`
	Title          string          `json:"title"`
	Condition      string          `json:"condition"`
	Criteria       []string        `json:"criteria"`
	Cause          string          `json:"cause"`
	Effect         string          `json:"effect"`
	Recommendation string          `json:"recommendation"`
	Kind           deficiency.Kind `json:"kind"` // the kind of deficiency it usually is
}

var templates = []Template{
	{
		ID:    "access-review",
		Title: "User access reviews were not performed",
		Condition: "The [quarterly] review of user access to [system] was not performed for [N] of [M] " +
			"periods sampled ([periods]). No evidence was provided that access was reviewed and confirmed " +
			"as appropriate by the system or data owner in those periods.",
		Criteria: []string{"CC6.1", "CC6.2", "CC6.3"},
		Cause:    "[Ownership of the review was not assigned after a change of staff / the review was not scheduled.]",
		Effect: "Access that is no longer needed, or that was granted in error, may go undetected and be " +
			"used to read or change data without authorisation.",
		Recommendation: "Assign each review to a named owner, schedule it, and keep the reviewed access list " +
			"with the reviewer's sign-off and the tickets for any changes it called for.",
		Kind: deficiency.Operating,
	},
	{
		ID:    "termination-access",
		Title: "Access was not removed on termination",
		Condition: "For [N] of [M] leavers sampled, access to [systems] was removed [X] days after the " +
			"termination date, against the policy of removal within [one business day]; for [K] of them " +
			"access was still active at the time of testing.",
		Criteria: []string{"CC6.2", "CC6.3"},
		Cause:    "[HR notifications did not reach IT / removal depended on a manual request.]",
		Effect: "Former staff or contractors could keep using their accounts to reach systems and " +
			"confidential data after they left.",
		Recommendation: "Trigger removal from the HR record of the termination, confirm removal in every " +
			"system within the policy's time, and reconcile active accounts to the staff list regularly.",
		Kind: deficiency.Operating,
	},
	{
		ID:    "change-approval",
		Title: "Changes were deployed without approval",
		Condition: "[N] of [M] production changes sampled were deployed without documented approval " +
			"before deployment ([change IDs]).",
		Criteria: []string{"CC8.1"},
		Cause:    "[The deployment pipeline did not require an approval / emergency changes were not approved afterwards.]",
		Effect: "Unauthorised or untested changes could reach production and harm the security, " +
			"availability or integrity of the system.",
		Recommendation: "Require a recorded approval by someone other than the author before a change can " +
			"be deployed, enforced by the pipeline, and approve emergency changes after the fact within a set time.",
		Kind: deficiency.Operating,
	},
	{
		ID:    "backup-testing",
		Title: "Backups were not tested",
		Condition: "No restore test of the backups of [systems] was performed during the period; the " +
			"policy requires [a test every quarter].",
		Criteria: []string{"CC7.5", "A1.2", "A1.3"},
		Cause:    "[Restore tests were not scheduled / responsibility was unclear.]",
		Effect: "Backups that cannot be restored may go unnoticed until they are needed, delaying or " +
			"preventing recovery of the system and its data.",
		Recommendation: "Restore from backup on the policy's schedule, record the result and the time taken, " +
			"and follow up any failure.",
		Kind: deficiency.Operating,
	},
	{
		ID:    "vulnerability-remediation",
		Title: "Vulnerabilities were not remediated in time",
		Condition: "[N] of [M] [critical/high] vulnerabilities sampled were remediated [X] days after " +
			"detection, beyond the [Y]-day target of the vulnerability management policy; [K] remained open.",
		Criteria: []string{"CC7.1"},
		Cause:    "[Findings from the scanner were not assigned to owners / patching competed with other work.]",
		Effect: "Known weaknesses stayed open longer than the organisation accepts, leaving more time for " +
			"them to be exploited.",
		Recommendation: "Assign every finding to an owner with the policy's due date, track overdue items " +
			"to management, and record accepted risks with an approval and an end date.",
		Kind: deficiency.Operating,
	},
	{
		ID:    "security-training",
		Title: "Security awareness training was not completed",
		Condition: "[N] of [M] staff sampled had not completed the [annual] security awareness training " +
			"required by policy [within X days of joining / during the period].",
		Criteria: []string{"CC1.4", "CC2.2"},
		Cause:    "[Completion was not tracked / there was no follow-up of staff who had not completed it.]",
		Effect: "Staff may not recognise or report threats such as phishing, or know their security " +
			"responsibilities.",
		Recommendation: "Track completion, remind and escalate those overdue, and make completion a condition " +
			"of keeping access for new joiners.",
		Kind: deficiency.Operating,
	},
}

// Templates lists the starting templates.
func Templates() []Template {
	out := make([]Template, len(templates))
	for i, t := range templates {
		t.Criteria = slices.Clone(t.Criteria)
		out[i] = t
	}
	return out
}

// TemplatesIn lists the templates with their criteria cut to those in
// scope of an engagement with the given categories, as FromTemplate
// starts a finding from them.
func TemplatesIn(categories []audit.Category) []Template {
	out := Templates()
	for i, t := range out {
		out[i].Criteria = slices.DeleteFunc(t.Criteria, func(c string) bool { return !scope.IsInScope(c, categories) })
	}
	return out
}

// FromTemplate is a new finding's input from a template, keeping only the
// criteria in scope of an engagement with the given categories.
func FromTemplate(id string, categories []audit.Category) (Input, error) {
	for _, t := range templates {
		if t.ID != id {
			continue
		}
		criteria := []string{}
		for _, c := range t.Criteria {
			if scope.IsInScope(c, categories) {
				criteria = append(criteria, c)
			}
		}
		return Input{Title: t.Title, Condition: t.Condition, Criteria: criteria, Cause: t.Cause,
			Effect: t.Effect, Recommendation: t.Recommendation, Template: t.ID}, nil
	}
	var ids []string
	for _, t := range templates {
		ids = append(ids, t.ID)
	}
	return Input{}, audit.Errorf(audit.EINVALID, "no template %q (there are %v)", id, ids)
}
