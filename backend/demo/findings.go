package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/store"
)

// Reviewer is who signs the demo's findings off: the engagement reviewer,
// who must be someone other than the preparer.
const Reviewer = "Jordan Reyes (engagement reviewer)"

// demoFinding is one of the demo's findings and how far it has got.
type demoFinding struct {
	template string
	edit     func(in *findings.Input, b *builder) error
	judged   deficiency.Deficiency
	status   findings.Status // draft, in review, issued, or response received
	answer   *findings.Answer
}

// findings writes three findings of different classifications, once: the
// unapproved changes from the CM-01 test (issued, with management's
// response), the leaver whose access was never removed (issued, awaiting a
// response) and the unrecorded reviews of privileged changes (a draft).
func (b *builder) findings(ctx context.Context) error {
	have, err := b.h.Findings(ctx, b.eng())
	if err != nil || len(have) > 0 {
		return err
	}
	hale := neverRemoved()
	for _, d := range []demoFinding{
		{
			template: "change-approval",
			edit:     b.changeFinding,
			judged: deficiency.Deficiency{Control: changeControl, Criteria: []string{"CC8.1"}, Kind: deficiency.Operating,
				Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential},
			status: findings.ResponseReceived,
			answer: &findings.Answer{Position: findings.PartiallyAgree,
				Text: "Four of the changes were low-risk configuration updates made during the migration to the new ticketing " +
					"workflow, when the approval field was not mandatory. Every change still went through peer review before merge.",
				CorrectiveAction: "The approval field is now mandatory in the ticketing workflow and the deploy pipeline refuses " +
					"a ticket without an approver other than the requester.",
				Owner: "Priya Raman, Head of Engineering", TargetDate: "2027-02-28", Responder: "Priya Raman"},
		},
		{
			template: "termination-access",
			edit: func(in *findings.Input, b *builder) error {
				leavers, err := b.evidenceAt("access/terminations-2026.csv")
				if err != nil {
					return err
				}
				review, err := b.evidenceAt("access/user-access-review-2026.xlsx")
				if err != nil {
					return err
				}
				in.Evidence = []findings.EvidenceRef{
					{EvidenceID: leavers.ID, Locator: audit.Locator{Row: terminationRow(hale.ID)}},
					{EvidenceID: review.ID, Locator: audit.Locator{Sheet: "Q3 2026", Row: reviewRow("Q3 2026", hale.ID, "AWS Production")}},
				}
				in.Condition = fmt.Sprintf("%s (%s) left on %s. The terminations list records no access removal, "+
					"and the Q3 and Q4 user access reviews kept the AWS Production administrator account.", hale.Name, hale.ID, hale.Terminated)
				in.Cause = "HR's leaver notice for an engineer on extended leave never reached IT, and the quarterly " +
					"review did not compare the AWS accounts with the leavers list."
				in.Controls = []string{"AC-04", "AC-03"}
				in.Owner = "Hana Novotna, Security Lead"
				return nil
			},
			judged: deficiency.Deficiency{Control: "AC-04", Criteria: []string{"CC6.2", "CC6.3"}, Kind: deficiency.Operating,
				Likelihood: deficiency.Probable, Magnitude: deficiency.Material},
			status: findings.Issued,
		},
		{
			template: "",
			edit: func(in *findings.Input, _ *builder) error {
				*in = findings.Input{
					Title: "Weekly reviews of privileged IAM changes not evidenced",
					Condition: "CloudTrail records the privileged IAM changes in AWS Production, but no record of Security's " +
						"weekly review of them was provided for November 2026 (request PBC-011, flagged).",
					Criteria: []string{"CC7.2"},
					Cause:    "The reviews are done in a chat channel and not recorded.",
					Effect:   "An unexpected privileged change might not be followed up.",
					Recommendation: "Record each weekly review with the changes looked at, the reviewer and any follow-up, " +
						"in the ticketing system.",
					Controls: []string{"AC-05"},
					Owner:    "Hana Novotna, Security Lead",
				}
				return nil
			},
			judged: deficiency.Deficiency{Control: "AC-05", Criteria: []string{"CC7.2"}, Kind: deficiency.Operating,
				Likelihood: deficiency.Remote, Magnitude: deficiency.MoreThanInconsequential},
			status: findings.Draft,
		},
	} {
		if err := b.finding(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) finding(ctx context.Context, d demoFinding) error {
	var in findings.Input
	if d.template != "" {
		var err error
		if in, err = findings.FromTemplate(d.template, b.res.Engagement.Categories); err != nil {
			return err
		}
	}
	if err := d.edit(&in, b); err != nil {
		return err
	}
	judged := deficiency.Input{Deficiency: d.judged}
	in.Evaluation = &judged
	f, err := b.h.CreateFinding(ctx, b.eng(), b.opt.Actor, in)
	if err != nil {
		return err
	}
	if d.status == findings.Draft {
		return nil
	}
	if f, err = b.h.MoveFinding(ctx, b.eng(), b.opt.Actor, f.ID, findings.InReview, ""); err != nil || d.status == findings.InReview {
		return err
	}
	if _, err = b.h.SignOffFinding(ctx, b.eng(), Reviewer, f.ID); err != nil {
		return err
	}
	if f, err = b.h.MoveFinding(ctx, b.eng(), Reviewer, f.ID, findings.Issued, ""); err != nil || d.answer == nil {
		return err
	}
	// Management's answer, as a response packet would bring it back.
	a := *d.answer
	a.FindingID, a.FindingVersion = f.ID, f.IssuedVersion
	a.RespondedAt = day("2027-01-12", 15, 30)
	sum := sha256.Sum256([]byte("demo response " + f.ID + f.IssuedVersion))
	rec := store.PacketRecord{ID: "rsp_demo" + hex.EncodeToString(sum[:4]), Kind: "response", Direction: "imported",
		File: "acme-responses.agepkt", FileSHA256: hex.EncodeToString(sum[:]),
		Findings: []store.FindingVersion{{ID: f.ID, Version: f.IssuedVersion}}, At: time.Now().UTC(), By: b.opt.Actor}
	_, err = b.h.TakeResponses(ctx, b.eng(), b.opt.Actor, rec, []findings.Answer{a}, nil)
	return err
}

// changeFinding fills the CM-01 finding from the test: its exceptions and
// the tickets behind them.
func (b *builder) changeFinding(in *findings.Input, _ *builder) error {
	ctx := context.Background()
	tests, err := b.h.Tests(ctx, b.eng(), changeControl)
	if err != nil {
		return err
	}
	if len(tests) == 0 {
		return audit.Errorf(audit.EINTERNAL, "the demo's change finding needs the CM-01 test")
	}
	t, smp, err := b.h.Test(ctx, b.eng(), tests[0].ID)
	if err != nil {
		return err
	}
	sum := t.Summary(len(smp.Items))
	in.Condition = fmt.Sprintf("%s In the population of %d changes deployed to production in 2026, %d had no approver recorded.",
		sum.Conclusion, len(productionTickets()), countUnapproved())
	in.Cause = "The approval field of the ticketing workflow was optional until the migration to the new workflow " +
		"in August, and the deploy pipeline did not check for an approver."
	in.Controls = []string{changeControl}
	in.Owner = "Priya Raman, Head of Engineering"
	for _, a := range sum.ByAttribute {
		for _, item := range a.Items {
			in.Exceptions = append(in.Exceptions, findings.ExceptionRef{TestID: t.ID, Item: item, Attribute: a.ID})
		}
	}
	return nil
}

func countUnapproved() int {
	n := 0
	for _, t := range productionTickets() {
		if t.ApprovedBy == "" {
			n++
		}
	}
	return n
}

// evidenceAt is the evidence imported from a path in the demo pack.
func (b *builder) evidenceAt(path string) (audit.Evidence, error) {
	var found audit.Evidence
	err := b.h.ForEachEvidence(context.Background(), b.eng(), func(e audit.Evidence) error {
		if e.Path == path {
			found = e
		}
		return nil
	})
	if err == nil && found.ID == "" {
		err = audit.Errorf(audit.EINTERNAL, "the demo cites %s, which the import did not store", path)
	}
	return found, err
}
