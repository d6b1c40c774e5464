package app

import (
	"context"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/packet"
	"auditroom/backend/readmodel"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// Findings serves the findings of an engagement: the guided evaluation,
// the list and editor, the workflow, and the packets that carry findings
// to management and their responses back. On a responder copy (an
// engagement whose role is "responder") the same methods show the issued
// findings and write and export the responses.
type Findings struct {
	session *Session
}

// FindingFilter selects findings for the list.
type FindingFilter = readmodel.FindingFilter

// FindingRow is one line of the findings list.
type FindingRow struct {
	ID                string                    `json:"id"`
	Title             string                    `json:"title"`
	Criteria          []string                  `json:"criteria"`
	Classification    deficiency.Classification `json:"classification"`
	Opinion           deficiency.Opinion        `json:"opinion"` // likely effect; empty before the evaluation
	Status            findings.Status           `json:"status"`
	Owner             string                    `json:"owner"`
	ChangedSinceIssue bool                      `json:"changed_since_issue"`
	Response          findings.Position         `json:"response"` // empty until one is in
}

// FindingPage is the findings list and what it adds up to.
type FindingPage struct {
	Findings []FindingRow `json:"findings"`
	Total    int          `json:"total"`
	// Opinion is the most severe likely opinion over every finding.
	Opinion  deficiency.Opinion      `json:"opinion"`
	ByStatus map[findings.Status]int `json:"by_status"`
}

// ResponseEvidence is a file sent with a response, with its chain of
// custody (whose provenance says "provided by management").
type ResponseEvidence = readmodel.EvidenceCopy

// FindingDetail is one finding with management's response beside it.
type FindingDetail = readmodel.FindingDetail

// ResponseInput is what the responder view sends for one finding.
type ResponseInput struct {
	Position         findings.Position `json:"position"`
	Text             string            `json:"text"`
	CorrectiveAction string            `json:"corrective_action"`
	Owner            string            `json:"owner"`
	TargetDate       string            `json:"target_date"`
	Responder        string            `json:"responder"`
	Evidence         []string          `json:"evidence"` // IDs of files already sent with it, to keep
	Files            []string          `json:"files"`    // paths of new files to send
}

// Evaluate proposes a classification and the likely opinion for a
// deficiency, without saving anything. Related deficiencies, when not
// given, are those of the engagement's other findings sharing a criterion
// (set in.Ref to the finding's ID so it is not counted twice); a
// compensating control that names no criteria addresses those it maps to
// in the control matrix.
func (f *Findings) Evaluate(engID string, in deficiency.Input) (deficiency.Result, error) {
	h, err := f.session.open()
	if err != nil {
		return deficiency.Result{}, ui(err)
	}
	ctx := context.Background()
	if in.Related == nil {
		all, err := h.Findings(ctx, engID)
		if err != nil {
			return deficiency.Result{}, ui(err)
		}
		d := in.Deficiency
		d.Criteria = deficiency.Criteria(d.Criteria)
		in.Related = findings.Related(strings.TrimSpace(in.Ref), d, all)
	}
	if err := f.fillCompensating(ctx, h, engID, &in.Deficiency); err != nil {
		return deficiency.Result{}, ui(err)
	}
	res, err := deficiency.Evaluate(in)
	return res, ui(err)
}

// fillCompensating gives a compensating control without criteria those it
// maps to in the control matrix.
func (f *Findings) fillCompensating(ctx context.Context, h *store.Home, engID string, d *deficiency.Deficiency) error {
	if !slices.ContainsFunc(d.Compensating, func(c deficiency.Compensating) bool { return len(c.Criteria) == 0 }) {
		return nil
	}
	controls, err := h.Controls(ctx, engID)
	if err != nil {
		return err
	}
	d.Compensating = slices.Clone(d.Compensating)
	for i, c := range d.Compensating {
		if len(c.Criteria) > 0 {
			continue
		}
		j := slices.IndexFunc(controls, func(x scope.Control) bool { return x.ID == strings.TrimSpace(c.Control) })
		if j < 0 {
			return audit.Errorf(audit.ENOTFOUND, "no control %s", c.Control)
		}
		d.Compensating[i].Criteria = controls[j].Criteria
	}
	return nil
}

// List returns the findings, filtered, by number, with the likely opinion
// they add up to.
func (f *Findings) List(engID string, filter FindingFilter) (FindingPage, error) {
	h, err := f.session.open()
	if err != nil {
		return FindingPage{}, ui(err)
	}
	list, err := readmodel.Findings(context.Background(), h, engID, filter)
	if err != nil {
		return FindingPage{}, ui(err)
	}
	page := FindingPage{Findings: []FindingRow{}, Total: len(list.Findings), Opinion: list.Opinion, ByStatus: list.ByStatus}
	for _, x := range list.Findings {
		row := FindingRow{ID: x.ID, Title: x.Title, Criteria: nonNil(x.Criteria), Classification: x.Classification,
			Status: x.Status, Owner: x.Owner, ChangedSinceIssue: x.ChangedSinceIssue}
		if x.Evaluation != nil {
			row.Opinion = x.Evaluation.Opinion()
		}
		if x.Response != nil {
			row.Response = x.Response.Position
		}
		page.Findings = append(page.Findings, row)
	}
	return page, nil
}

// Get returns one finding with management's response and its evidence.
func (f *Findings) Get(engID, id string) (FindingDetail, error) {
	h, err := f.session.open()
	if err != nil {
		return FindingDetail{}, ui(err)
	}
	d, err := readmodel.FindingWithResponse(context.Background(), h, engID, id)
	return d, ui(err)
}

// Templates lists the starting templates, their criteria cut to those in
// the engagement's scope.
func (f *Findings) Templates(engID string) ([]findings.Template, error) {
	h, err := f.session.open()
	if err != nil {
		return nil, ui(err)
	}
	e, err := h.Engagement(context.Background(), engID)
	if err != nil {
		return nil, ui(err)
	}
	out := findings.Templates()
	for i, t := range out {
		in, err := findings.FromTemplate(t.ID, e.Categories)
		if err != nil {
			return nil, ui(err)
		}
		out[i].Criteria = in.Criteria
	}
	return out, nil
}

// Save creates a finding (id empty) or saves an edit. The evaluation is
// run again on the server against the engagement's other findings.
func (f *Findings) Save(engID, id string, in findings.Input) (findings.Finding, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.Finding{}, ui(err)
	}
	ctx := context.Background()
	if in.Evaluation != nil {
		e := *in.Evaluation
		if err := f.fillCompensating(ctx, h, engID, &e.Deficiency); err != nil {
			return findings.Finding{}, ui(err)
		}
		in.Evaluation = &e
	}
	var saved findings.Finding
	if id == "" {
		saved, err = h.CreateFinding(ctx, engID, f.session.actor, in)
	} else {
		saved, err = h.UpdateFinding(ctx, engID, f.session.actor, id, in)
	}
	return saved, ui(err)
}

// Cite adds a place in an evidence file (from a search hit, the viewer or
// the detail panel) to a finding's evidence, as an edit of the finding.
func (f *Findings) Cite(engID, id string, ref findings.EvidenceRef) (findings.Finding, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.Finding{}, ui(err)
	}
	saved, err := h.CiteInFinding(context.Background(), engID, f.session.actor, id, ref)
	return saved, ui(err)
}

// SetStatus moves a finding: in_review (submit), draft (return, with a
// comment), issued (after the sign-off), final, or in_review again from
// issued or response received (reopen, with a comment).
func (f *Findings) SetStatus(engID, id, status, comment string) (findings.Finding, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.Finding{}, ui(err)
	}
	x, err := h.MoveFinding(context.Background(), engID, f.session.actor, id, findings.Status(status), comment)
	return x, ui(err)
}

// SignOff records the reviewer's sign-off of a finding in review; the
// reviewer is whoever is at the keyboard, and must not be its preparer.
func (f *Findings) SignOff(engID, id string) (findings.Finding, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.Finding{}, ui(err)
	}
	x, err := h.SignOffFinding(context.Background(), engID, f.session.actor, id)
	return x, ui(err)
}

// Packets lists the packets the engagement exported, opened and imported.
func (f *Findings) Packets(engID string) ([]store.PacketRecord, error) {
	h, err := f.session.open()
	if err != nil {
		return nil, ui(err)
	}
	list, err := h.Packets(context.Background(), engID)
	return nonNil(list), ui(err)
}

// ExportPacket writes the issued findings to a new packet file at path,
// encrypted with passphrase, for the compliance lead.
func (f *Findings) ExportPacket(engID, path, passphrase string) (packet.Exported, error) {
	h, err := f.session.open()
	if err != nil {
		return packet.Exported{}, ui(err)
	}
	out, err := packet.ExportFindings(context.Background(), h, engID, f.session.actor, path, passphrase)
	return out, ui(err)
}

// ImportPacket takes in management's response packet. Responses to
// findings that changed since the version they answer come back as
// conflicts, with nothing changed for them; name those findings in
// confirm to take their responses in all the same.
func (f *Findings) ImportPacket(engID, path, passphrase string, confirm []string) (findings.ImportResult, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.ImportResult{}, ui(err)
	}
	ctx := context.Background()
	res, err := packet.ImportResponse(ctx, h, engID, path, passphrase, confirm, f.importer(engID))
	return res, ui(err)
}

// OpenResponderPacket opens a findings packet received from the auditor
// into this data folder: a responder copy of the engagement, with the
// issued findings to answer. Opening it again changes nothing.
func (f *Findings) OpenResponderPacket(path, passphrase string) (audit.Engagement, error) {
	h, err := f.session.open()
	if err != nil {
		return audit.Engagement{}, ui(err)
	}
	e, err := packet.OpenFindings(context.Background(), h, f.session.actor, path, passphrase)
	return e, ui(err)
}

// Respond writes (or rewrites) the response to one finding of a responder
// copy; new files are imported as evidence provided by management.
func (f *Findings) Respond(engID, findingID string, in ResponseInput) (findings.Response, error) {
	h, err := f.session.open()
	if err != nil {
		return findings.Response{}, ui(err)
	}
	ctx := context.Background()
	a := findings.Answer{FindingID: findingID, Position: in.Position, Text: in.Text, CorrectiveAction: in.CorrectiveAction,
		Owner: in.Owner, TargetDate: in.TargetDate, Responder: in.Responder}
	for _, id := range in.Evidence {
		a.Evidence = append(a.Evidence, findings.ResponseEvidence{EvidenceID: id})
	}
	r, err := packet.Respond(ctx, h, engID, a, in.Files, f.importer(engID))
	return r, ui(err)
}

// ExportResponse writes the responses of a responder copy, and the files
// sent with them, to a new packet file at path for the auditor.
func (f *Findings) ExportResponse(engID, path, passphrase string) (packet.Exported, error) {
	h, err := f.session.open()
	if err != nil {
		return packet.Exported{}, ui(err)
	}
	out, err := packet.ExportResponse(context.Background(), h, engID, f.session.actor, path, passphrase)
	return out, ui(err)
}

// importer imports evidence that arrives with a response with the
// session's parsers, into the engagement's search index.
func (f *Findings) importer(engID string) packet.Importer {
	return packet.Importer{Actor: f.session.actor, Extractor: f.session.parsers(),
		Index: func(ctx context.Context) (*index.Index, error) { return f.session.index(ctx, engID) }}
}
