package demo

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// E-mails as the mail client saves them (.eml, RFC 5322), lines ending in
// CRLF.

type mailMsg struct {
	From, To, Cc, Subject string
	Date                  time.Time
	ID                    string // Message-ID, without the brackets
	InReplyTo             string
	Body                  string
	Attachment            *mailAttachment
}

type mailAttachment struct {
	Name, Type string
	Data       []byte
}

func addr(p person) string { return fmt.Sprintf("%s <%s>", p.Name, p.Email()) }

func (m mailMsg) bytes() []byte {
	var b strings.Builder
	h := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	h("From", m.From)
	h("To", m.To)
	h("Cc", m.Cc)
	h("Subject", m.Subject)
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", "<"+m.ID+">")
	if m.InReplyTo != "" {
		h("In-Reply-To", "<"+m.InReplyTo+">")
		h("References", "<"+m.InReplyTo+">")
	}
	h("MIME-Version", "1.0")
	body := strings.ReplaceAll(strings.TrimLeft(m.Body, "\n"), "\n", "\r\n")
	if m.Attachment == nil {
		h("Content-Type", `text/plain; charset="utf-8"`)
		h("Content-Transfer-Encoding", "7bit")
		b.WriteString("\r\n" + body)
		return []byte(b.String())
	}
	const boundary = "----=_Part_4417_2093.1780000000"
	h("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
	b.WriteString("\r\nThis is a multi-part message in MIME format.\r\n\r\n")
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n%s\r\n", boundary, body)
	a := m.Attachment
	fmt.Fprintf(&b, "--%s\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", boundary, a.Type, a.Name, a.Name)
	enc := base64.StdEncoding.EncodeToString(a.Data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return []byte(b.String())
}

// emergencyMail is the VP Engineering's written approval of the emergency
// change of 14 May, the morning after it was deployed.
func emergencyMail() mailMsg {
	t := emergencyTicket()
	req := byName(t.RequestedBy)
	priya := byName("Priya Raman")
	return mailMsg{
		From: addr(priya), To: addr(req), Cc: "change-advisory@" + domain,
		Subject: fmt.Sprintf("RE: Emergency change %s - payment webhook outage - approval", t.ID),
		Date:    day("2026-05-15", 8, 47).Add(12 * time.Second), ID: "CAF3k9x2e7QpL1@mail.acmeholdings.example",
		InReplyTo: "CAF3k9x2e7QpK0@mail.acmeholdings.example",
		Body: fmt.Sprintf(`
Hi %s,

Approved. I agreed to this emergency change by phone at 22:15 UTC last night
and confirm the approval here for the record, within the two business days
the change management policy allows for emergency changes.

Please link this e-mail to %s and schedule the post-incident review for
next week.

Thanks,
Priya

Priya Raman | VP Engineering | Acme Holdings

On Thu, 14 May 2026 at 23:58, %s wrote:
> Priya, as discussed: emergency change %s was deployed to production at
> 22:40 UTC to restore the payment webhook. The 22:05 release broke the
> signature check and Stripe webhooks were being rejected (INC-0412).
> The hotfix restores the previous verification code; webhooks are
> flowing again and the backlog was replayed by 23:30.
>
> Ticket: %s, risk high, type emergency.
> Peer review: PR #4471, reviewed by Jonas Lindqvist.
>
> Could you approve the emergency change in writing?
`, strings.Fields(req.Name)[0], t.ID, req.Name, t.ID, t.ID),
	}
}

// restoreReport is the CSV the restore test e-mail carries.
func restoreReport() []byte {
	return writeCSV([][]string{
		{"Step", "Started (UTC)", "Finished (UTC)", "Result", "Notes"},
		{"Select snapshot", "2026-09-23 09:00", "2026-09-23 09:02", "Pass", "prod-db-primary snapshot of 2026-09-23 02:00 (us-west-2 copy)"},
		{"Restore to isolated account", "2026-09-23 09:02", "2026-09-23 10:31", "Pass", "Restored into acme-dr-test, db.r6g.2xlarge"},
		{"Row counts vs production", "2026-09-23 10:31", "2026-09-23 10:58", "Pass", "42 tables; all counts within the 8 hours of writes after the snapshot"},
		{"Application smoke tests", "2026-09-23 10:58", "2026-09-23 11:20", "Pass", "Login, billing, reporting and search against the restored database"},
		{"Recovery time", "", "", "Pass", "2 h 20 min end to end against an RTO of 8 h"},
		{"Tear down", "2026-09-23 11:20", "2026-09-23 11:34", "Pass", "Restored instance deleted; KMS grant revoked"},
	})
}

func restoreMail() mailMsg {
	kofi, elena := byName("Kofi Mensah"), byName("Elena Kowalski")
	return mailMsg{
		From: addr(kofi), To: addr(elena), Cc: addr(byName("Marcus Oyelaran")),
		Subject: "Annual restore test 2026 completed - report attached",
		Date:    day("2026-09-24", 10, 3).Add(41 * time.Second), ID: "20260924100341.7731@mail.acmeholdings.example",
		Body: `
Elena,

We ran this year's restore test yesterday (2026-09-23): prod-db-primary was
restored from the cross-region snapshot into the isolated acme-dr-test
account. Every step passed and the restore took 2 h 20 min end to end,
well inside the 8-hour recovery time objective. The step-by-step report
is attached (restore-test-report-2026-09.csv).

One improvement for next year: automate the row-count comparison, which
took longest by hand.

Kofi

Kofi Mensah | SRE Lead | Acme Holdings
`,
		Attachment: &mailAttachment{Name: "restore-test-report-2026-09.csv", Type: "text/csv", Data: restoreReport()},
	}
}

func accessReviewMail() mailMsg {
	elena, dana := byName("Elena Kowalski"), byName("Dana Whitfield")
	n := 0
	for _, r := range reviews() {
		if r.Quarter == "Q4 2026" {
			n++
		}
	}
	return mailMsg{
		From: addr(elena), To: addr(dana), Cc: addr(byName("Tom Becker")),
		Subject: "Q4 2026 user access review complete",
		Date:    day("2026-12-14", 16, 12).Add(5 * time.Second), ID: "20261214161205.2209@mail.acmeholdings.example",
		Body: fmt.Sprintf(`
Dana,

The Q4 2026 user access review is complete. The system owners (Kofi for
AWS Production, Priya for GitHub, Tom for Okta and James for Salesforce)
reviewed %d accounts and signed on 2026-12-11. Two accounts were marked
for removal and IT removed them the same week; the workbook
(user-access-review-2026.xlsx) holds every quarter's decisions.

Elena

Elena Kowalski | Head of Security and Compliance | Acme Holdings
`, n),
	}
}

func policyApprovalMail() mailMsg {
	elena, dana := byName("Elena Kowalski"), byName("Dana Whitfield")
	return mailMsg{
		From: addr(dana), To: addr(elena),
		Subject: "RE: For approval: Information Security Policy v4.0",
		Date:    day("2026-01-20", 9, 26).Add(3 * time.Second), ID: "20260120092603.1187@mail.acmeholdings.example",
		InReplyTo: "20260116171950.0934@mail.acmeholdings.example",
		Body: `
Elena,

I have read version 4.0 of the Information Security Policy and approve it,
effective 1 February 2026. Please publish it on the intranet and ask every
employee to acknowledge it by the end of February.

Dana

Dana Whitfield | Chief Executive Officer | Acme Holdings
`,
	}
}
