// Package exporttest builds a realistic engagement in a real store, for
// the tests of the exports and of what calls them (the CLI, the app). It
// goes through the store's own methods, as the app does: controls from a
// matrix, populations from CSV evidence, seeded samples, tests with
// exceptions, notes, pinned evidence and sign-offs, and findings, one of
// them issued and answered by management.
package exporttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/controltest"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/population"
	"auditroom/backend/sampling"
	"auditroom/backend/scope"
	"auditroom/backend/selection"
	"auditroom/backend/store"
)

// Who does what in the fixture.
const (
	Preparer  = "tester"
	Reviewer  = "rita"
	Responder = "Dana Ruiz"
)

// Notes the fixture writes on exception cells. Both begin as a formula
// would: text copied from evidence must reach a spreadsheet as text.
const (
	LateNote      = "+9 days: access removed on 2026-05-21; the HR notice from Zoë Müller reached IT late (ticket IT-4471)"
	HyperlinkNote = `=HYPERLINK("http://evil.example/x","ticket IT-4502")`
	// CorrectiveAction is management's plan, a bulleted list.
	CorrectiveAction = "- Automate the HR leaver feed to the IT queue\n- Reconcile leavers against accounts weekly"
	// FindingOwner is the first finding's owner, a chat handle.
	FindingOwner = "@it-ops"
)

// Engagement is what the fixture built, for the tests to check against.
type Engagement struct {
	audit.Engagement
	Leavers, Changes     audit.Evidence // the CSV evidence files
	Access, Change       controltest.Test
	AccessSample         selection.Sample
	LeaverPopulation     population.Population
	Answered, Unanswered findings.Finding // F-001 issued with a response; F-002 a draft
	Exceptions           []findings.ExceptionRef
}

const matrix = `Control ID,Control,Description,Owner,Frequency,TSC
AC-01,Leaver access removal,"Access of leavers is removed within 3 business days of termination, on an HR ticket.",IT operations,Daily,CC6.2
AC-09,Monthly account reconciliation,Active accounts are reconciled to the HR roster each month.,IT operations,Monthly,"CC6.2, CC6.3"
CM-03,Change approval,Production changes are approved before deployment.,Engineering,Multiple times a day,CC8.1
`

// leaverNames holds names in several scripts, as a real HR list does.
var leaverNames = []string{"Zoë Müller", "Søren Dahl", "Łukasz Wójcik", "José Álvarez", "山田 太郎", "Chloé Martin", "Ana Ionescu", "Björn Ek"}

// Leaver is the i-th row (from 0) of the leavers list under its header
// "Employee ID,Name,Department,Termination date".
func Leaver(i int) []string {
	return []string{fmt.Sprintf("E%04d", 1001+i), leaverNames[i%len(leaverNames)],
		[]string{"Sales", "Engineering", "Finance"}[i%3], fmt.Sprintf("2026-%02d-%02d", i%12+1, i%27+1)}
}

// Build builds the engagement in h.
func Build(ctx context.Context, h *store.Home) (Engagement, error) {
	var x Engagement
	e, err := h.CreateEngagement(ctx, Preparer, audit.Engagement{Name: "Acme FY26", Client: "Acme Holdings", Type: audit.Type2,
		PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31", Categories: []audit.Category{audit.Availability}})
	if err != nil {
		return x, err
	}
	x.Engagement = e
	if _, err := h.Import(ctx, e.ID, Preparer, scope.ControlsImport, "control-matrix.csv", []byte(matrix), scope.Options{}, true); err != nil {
		return x, err
	}

	var leavers strings.Builder
	leavers.WriteString("Employee ID,Name,Department,Termination date\n")
	for i := range 60 {
		leavers.WriteString(strings.Join(Leaver(i), ",") + "\n")
	}
	if x.Leavers, err = putCSV(ctx, h, e.ID, "hr/leavers-2026.csv", leavers.String()); err != nil {
		return x, err
	}
	var changes strings.Builder
	changes.WriteString("Change ID,Summary,Deployed on\n")
	for i := range 80 {
		fmt.Fprintf(&changes, "CHG-%d,Release %d of the billing service,2026-%02d-%02d\n", 10100+i, i+1, i%12+1, i%28+1)
	}
	if x.Changes, err = putCSV(ctx, h, e.ID, "it/change-tickets-2026.csv", changes.String()); err != nil {
		return x, err
	}

	if err := x.accessTest(ctx, h); err != nil {
		return x, err
	}
	if err := x.changeTest(ctx, h); err != nil {
		return x, err
	}
	if _, err := h.Pin(ctx, e.ID, Preparer, audit.Pin{EvidenceID: x.Leavers.ID, Target: audit.PinControl, TargetID: "AC-01",
		Note: "HR's list of leavers for the period"}); err != nil {
		return x, err
	}
	return x, x.findings(ctx, h)
}

// accessTest tests AC-01 over 25 leavers: two removed late, one
// contractor with no HR notice, both sign-offs.
func (x *Engagement) accessTest(ctx context.Context, h *store.Home) error {
	id := x.ID
	p, err := h.CreatePopulation(ctx, id, Preparer, population.Options{EvidenceID: x.Leavers.ID, Name: "Leavers 2026",
		Key: "Employee ID", Date: "Termination date"}, nil)
	if err != nil {
		return err
	}
	x.LeaverPopulation = p
	s, err := h.DrawSample(ctx, id, Preparer, p.ID, store.SampleRequest{Method: selection.Random, Size: 25, Seed: "acme-2026",
		Plan: &sampling.PlanInput{Frequency: "multiple-daily", Risk: "lower"}})
	if err != nil {
		return err
	}
	x.AccessSample = s
	t, err := h.CreateTest(ctx, id, Preparer, controltest.Input{Control: "AC-01", Title: "Leavers removed on time",
		Procedure: "For each leaver sampled, inspect the removal ticket and the directory log; compare the removal date with the termination date.",
		SampleID:  s.ID,
		Attributes: []controltest.Attribute{
			{Description: "Access removed within 3 business days", Exception: "had access removed late"},
			{Description: "Removal ticket approved by the manager"},
			{Description: "HR notification sent to IT"},
		}})
	if err != nil {
		return err
	}
	for item := 1; item <= len(s.Items); item++ {
		for _, a := range []string{"A", "B", "C"} {
			result, note := controltest.Pass, ""
			switch {
			case a == "A" && item == 7:
				result, note = controltest.Exception, LateNote
			case a == "A" && item == 19:
				result, note = controltest.Exception, HyperlinkNote
			case a == "C" && item == 11:
				result, note = controltest.NotApplicable, "Contractor: no HR notification expected."
			}
			if _, err := h.SetCell(ctx, id, Preparer, t.ID, item, a, result, note); err != nil {
				return err
			}
		}
	}
	for _, item := range []int{7, 19} {
		if _, err := h.PinToCell(ctx, id, Preparer, t.ID, item, "A", controltest.Pin{EvidenceID: x.Leavers.ID, Locator: audit.Locator{Row: s.Items[item-1].Row}}); err != nil {
			return err
		}
		x.Exceptions = append(x.Exceptions, findings.ExceptionRef{TestID: t.ID, Item: item, Attribute: "A"})
	}
	if _, err := h.SignOff(ctx, id, Preparer, t.ID, controltest.Preparer); err != nil {
		return err
	}
	x.Access, err = h.SignOff(ctx, id, Reviewer, t.ID, controltest.Reviewer)
	return err
}

// changeTest tests CM-03 over 10 changes drawn systematically: all pass,
// signed by the preparer only.
func (x *Engagement) changeTest(ctx context.Context, h *store.Home) error {
	id := x.ID
	p, err := h.CreatePopulation(ctx, id, Preparer, population.Options{EvidenceID: x.Changes.ID, Key: "Change ID", Date: "Deployed on",
		Filters: []string{"Deployed on between 2026-01-01..2026-06-30"}}, nil)
	if err != nil {
		return err
	}
	s, err := h.DrawSample(ctx, id, Preparer, p.ID, store.SampleRequest{Method: selection.Systematic, Size: 10, Seed: "cm-2026"})
	if err != nil {
		return err
	}
	t, err := h.CreateTest(ctx, id, Preparer, controltest.Input{Control: "CM-03", Procedure: "Inspect each change ticket for approval before deployment.",
		SampleID: s.ID, Attributes: []controltest.Attribute{{Description: "Approved before deployment"}, {Description: "Tested in staging"}}})
	if err != nil {
		return err
	}
	for item := 1; item <= len(s.Items); item++ {
		for _, a := range []string{"A", "B"} {
			if _, err := h.SetCell(ctx, id, Preparer, t.ID, item, a, controltest.Pass, ""); err != nil {
				return err
			}
		}
	}
	x.Change, err = h.SignOff(ctx, id, Preparer, t.ID, controltest.Preparer)
	return err
}

// findings writes F-001 on the late removals, takes it through review to
// issue and takes in management's response; F-002 stays a draft.
func (x *Engagement) findings(ctx context.Context, h *store.Home) error {
	id := x.ID
	f, err := h.CreateFinding(ctx, id, Preparer, findings.Input{
		Title:          "Access not removed on termination",
		Condition:      "2 of 25 leavers sampled kept access to the directory for more than 3 business days after termination.",
		Criteria:       []string{"CC6.2"},
		Cause:          "HR notifications reached the IT queue late.",
		Effect:         "Former staff could sign in to company systems after leaving.",
		Recommendation: "Remove access from the HR record of the termination, the same day.",
		Controls:       []string{"AC-01"},
		Exceptions:     x.Exceptions,
		Evidence:       []findings.EvidenceRef{{EvidenceID: x.Leavers.ID, Locator: audit.Locator{Row: x.AccessSample.Items[6].Row}}},
		Owner:          FindingOwner,
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "AC-01", Criteria: []string{"CC6.2"},
			Kind: deficiency.Operating, Likelihood: deficiency.ReasonablyPossible, Magnitude: deficiency.MoreThanInconsequential}},
	})
	if err != nil {
		return err
	}
	if _, err := h.MoveFinding(ctx, id, Preparer, f.ID, findings.InReview, ""); err != nil {
		return err
	}
	if _, err := h.SignOffFinding(ctx, id, Reviewer, f.ID); err != nil {
		return err
	}
	if f, err = h.MoveFinding(ctx, id, Reviewer, f.ID, findings.Issued, ""); err != nil {
		return err
	}
	packet, err := store.NewPacketID("rsp_")
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(packet))
	answer := findings.Answer{FindingID: f.ID, FindingVersion: f.Version, Position: findings.Agree,
		Text: "We agree. Two leavers kept access because the HR feed ran late.", CorrectiveAction: CorrectiveAction,
		Owner: "Head of IT", TargetDate: "2026-09-30", Responder: Responder, RespondedAt: time.Now().UTC().Truncate(time.Second),
		Evidence: []findings.ResponseEvidence{}}
	rec := store.PacketRecord{ID: packet, Kind: "response", Direction: "imported", File: "acme-response.age", FileSHA256: hex.EncodeToString(sum[:]),
		Findings: []store.FindingVersion{{ID: f.ID, Version: f.Version}}}
	if _, err := h.TakeResponses(ctx, id, Preparer, rec, []findings.Answer{answer}, nil); err != nil {
		return err
	}
	if x.Answered, _, err = h.Finding(ctx, id, f.ID); err != nil {
		return err
	}
	x.Unanswered, err = h.CreateFinding(ctx, id, Preparer, findings.Input{
		Title:     "Emergency changes approved after deployment",
		Condition: "Emergency changes are approved the next business day, after they reach production.",
		Criteria:  []string{"CC8.1"},
		Controls:  []string{"CM-03"},
		Owner:     "Head of Engineering",
		Evaluation: &deficiency.Input{Deficiency: deficiency.Deficiency{Control: "CM-03", Criteria: []string{"CC8.1"},
			Kind: deficiency.Design, Likelihood: deficiency.Remote, Magnitude: deficiency.Inconsequential}},
	})
	return err
}

// putCSV stores a CSV file as imported evidence, with its provenance.
func putCSV(ctx context.Context, h *store.Home, engID, path, content string) (audit.Evidence, error) {
	sum := sha256.Sum256([]byte(content))
	name := path[strings.LastIndex(path, "/")+1:]
	ev := audit.Evidence{ID: hex.EncodeToString(sum[:12]), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Name: name, Path: path, Pack: "acme-pbc-2026.zip", Type: "csv", MIME: "text/csv", Status: audit.Extracted}
	if _, err := h.PutContent(ctx, engID, ev.ID, strings.NewReader(content)); err != nil {
		return ev, err
	}
	packSum := sha256.Sum256([]byte("acme-pbc-2026.zip"))
	_, err := h.CommitEvidence(ctx, engID, Preparer, ev, audit.Provenance{EvidenceID: ev.ID, Pack: "acme-pbc-2026.zip",
		PackSHA256: hex.EncodeToString(packSum[:]), Path: path, Size: ev.Size, ImportedBy: Preparer, ImportedAt: time.Now().UTC()})
	if err != nil {
		return ev, err
	}
	ev, _, err = h.Evidence(ctx, engID, ev.ID)
	return ev, err
}
