package demo

import (
	"context"
	"slices"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
)

// demoPin is a place in the evidence an auditor would pin: the page, row
// or message that proves (or disproves) a control.
type demoPin struct {
	Path string // in the pack
	audit.Locator
	Target, TargetID, Note string
	Shows                  string // text at the place pinned; "" for a whole file
}

// pins are the demo's pins, placed where the generated files put things.
func pins() []demoPin {
	sec, acc := layout(securityPolicy().Blocks), layout(accessPolicy().Blocks)
	hale, emergency := neverRemoved(), emergencyTicket()
	return []demoPin{
		{securityPolicy().Path, audit.Locator{Page: pageOf(sec, "Approved by Dana Whitfield")}, audit.PinControl, "GV-01",
			"Version 4.0 approved by the CEO on 2026-01-20", "Approved by Dana Whitfield"},
		{accessPolicy().Path, audit.Locator{Page: pageOf(acc, "Quarterly user access reviews")}, audit.PinControl, "AC-03",
			"Quarterly review by system owners; removals within five business days", "Quarterly user access reviews"},
		{accessPolicy().Path, audit.Locator{Page: pageOf(acc, "within one business day of the termination date")}, audit.PinControl, "AC-04",
			"Leavers' access removed within one business day", "within one business day of the termination date"},
		{"access/terminations-2026.csv", audit.Locator{Row: terminationRow(hale.ID)}, audit.PinControl, "AC-04",
			"Terminated " + hale.Terminated + "; no access removal date", hale.Name},
		{"access/user-access-review-2026.xlsx", audit.Locator{Sheet: "Q3 2026", Row: reviewRow("Q3 2026", hale.ID, "AWS Production")}, audit.PinControl, "AC-03",
			"Leaver's AWS administrator access kept at the Q3 review", hale.Name},
		{"change-management/change-tickets-2026.csv", audit.Locator{Row: ticketRow(emergency.ID)}, audit.PinControl, "CM-02",
			"Emergency change " + emergency.ID + ", approved the next day", emergency.ID},
		{"change-management/emergency-change-approval-" + emergency.ID + ".eml", audit.Locator{}, audit.PinRequest, "PBC-006",
			"Written approval of " + emergency.ID, ""},
		{"access/okta-mfa-policy.png", audit.Locator{}, audit.PinControl, "AC-02",
			"MFA required for every user; SMS disabled", ""},
	}
}

// pins places the demo's pins, through the pin a user makes. The links
// from evidence to requests are the import's own, from the pack's
// manifest (an e-mail's attachments follow the e-mail).
func (b *builder) pins(ctx context.Context) error {
	byPath := map[string]audit.Evidence{}
	err := b.h.ForEachEvidence(ctx, b.eng(), func(e audit.Evidence) error {
		byPath[e.Path] = e
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range pins() {
		e, ok := byPath[p.Path]
		if !ok {
			return audit.Errorf(audit.EINTERNAL, "the demo pins %s, which the import did not store", p.Path)
		}
		have, err := b.h.Pins(ctx, b.eng(), e.ID)
		if err != nil {
			return err
		}
		pin := audit.Pin{EvidenceID: e.ID, Locator: p.Locator, Target: p.Target, TargetID: p.TargetID, Note: p.Note}
		pin.Normalize()
		if slices.ContainsFunc(have, func(x audit.Pin) bool { return x.ID == pin.ID }) {
			continue
		}
		if _, err := b.h.Pin(ctx, b.eng(), b.opt.Actor, pin); err != nil {
			return err
		}
		b.res.Pinned++
	}
	return nil
}

// reviewed is the auditor's first pass over what came in: what each
// request's evidence earned. Requests not named stay received.
var reviewed = []struct {
	Request string
	To      scope.Status
	Comment string
}{
	{"PBC-001", scope.Accepted, "Policy v4.0 and the CEO's approval e-mail received"},
	{"PBC-002", scope.Accepted, ""},
	{"PBC-003", scope.Accepted, ""},
	{"PBC-004", scope.Accepted, ""},
	{"PBC-010", scope.Accepted, "Screenshot shows the policy active and enforced"},
	{"PBC-011", scope.Flagged, "The CloudTrail logs are here, but not Security's weekly reviews of privileged IAM changes that the request also asks for: please send the review records for November."},
	{"PBC-013", scope.Accepted, "Restore test report attached to the e-mail"},
	{"PBC-015", scope.Accepted, ""},
}

// review moves the requests the auditor has looked at. Only a request still
// received is moved, so a second build, or a reviewer's own later
// decision, is left alone.
func (b *builder) review(ctx context.Context) error {
	_, st, err := b.h.ScopeState(ctx, b.eng())
	if err != nil {
		return err
	}
	for _, r := range reviewed {
		i := slices.IndexFunc(st.Requests, func(q scope.Request) bool { return q.ID == r.Request })
		if i < 0 || st.Requests[i].Status != scope.Received {
			continue
		}
		if _, err := b.h.SetRequestStatus(ctx, b.eng(), b.opt.Actor, r.Request, r.To, r.Comment); err != nil {
			return err
		}
		b.res.Reviewed++
	}
	return nil
}
