package app

import (
	"context"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/index"
	"auditroom/backend/packet"
	"auditroom/backend/readmodel"
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
type FindingRow = readmodel.FindingRow

// FindingPage is the findings list and what it adds up to.
type FindingPage = readmodel.FindingPage

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
// deficiency, without saving anything (readmodel.Evaluate: set in.Ref to
// the finding's ID so it is not counted among the related ones).
func (f *Findings) Evaluate(engID string, in deficiency.Input) (deficiency.Result, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (deficiency.Result, error) {
		return readmodel.Evaluate(ctx, h, engID, in)
	})
}

// List returns the findings, filtered, by number, with the likely opinion
// they add up to.
func (f *Findings) List(engID string, filter FindingFilter) (FindingPage, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (FindingPage, error) {
		list, err := readmodel.Findings(ctx, h, engID, filter)
		return list.Page(), err
	})
}

// Get returns one finding with management's response and its evidence.
func (f *Findings) Get(engID, id string) (FindingDetail, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (FindingDetail, error) {
		return readmodel.FindingWithResponse(ctx, h, engID, id)
	})
}

// Templates lists the starting templates, their criteria cut to those in
// the engagement's scope.
func (f *Findings) Templates(engID string) ([]findings.Template, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) ([]findings.Template, error) {
		e, err := h.Engagement(ctx, engID)
		if err != nil {
			return nil, err
		}
		return findings.TemplatesIn(e.Categories), nil
	})
}

// Save creates a finding (id empty) or saves an edit. The evaluation is
// run again on the server against the engagement's other findings.
func (f *Findings) Save(engID, id string, in findings.Input) (findings.Finding, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.Finding, error) {
		in, err := readmodel.WithCompensating(ctx, h, engID, in)
		switch {
		case err != nil:
			return findings.Finding{}, err
		case id == "":
			return h.CreateFinding(ctx, engID, f.session.actor, in)
		}
		return h.UpdateFinding(ctx, engID, f.session.actor, id, in)
	})
}

// Cite adds a place in an evidence file (from a search hit, the viewer or
// the detail panel) to a finding's evidence, as an edit of the finding.
func (f *Findings) Cite(engID, id string, ref findings.EvidenceRef) (findings.Finding, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.Finding, error) {
		return h.CiteInFinding(ctx, engID, f.session.actor, id, ref)
	})
}

// SetStatus moves a finding: in_review (submit), draft (return, with a
// comment), issued (after the sign-off), final, or in_review again from
// issued or response received (reopen, with a comment).
func (f *Findings) SetStatus(engID, id, status, comment string) (findings.Finding, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.Finding, error) {
		return h.MoveFinding(ctx, engID, f.session.actor, id, findings.Status(status), comment)
	})
}

// SignOff records the reviewer's sign-off of a finding in review; the
// reviewer is whoever is at the keyboard, and must not be its preparer.
func (f *Findings) SignOff(engID, id string) (findings.Finding, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.Finding, error) {
		return h.SignOffFinding(ctx, engID, f.session.actor, id)
	})
}

// Packets lists the packets the engagement exported, opened and imported.
func (f *Findings) Packets(engID string) ([]store.PacketRecord, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) ([]store.PacketRecord, error) {
		list, err := h.Packets(ctx, engID)
		return nonNil(list), err
	})
}

// ExportPacket writes the issued findings to a new packet file at path,
// encrypted with passphrase, for the compliance lead.
func (f *Findings) ExportPacket(engID, path, passphrase string) (packet.Exported, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (packet.Exported, error) {
		return packet.ExportFindings(ctx, h, engID, f.session.actor, path, passphrase)
	})
}

// ImportPacket takes in management's response packet. Responses to
// findings that changed since the version they answer come back as
// conflicts, with nothing changed for them; name those findings in
// confirm to take their responses in all the same.
func (f *Findings) ImportPacket(engID, path, passphrase string, confirm []string) (findings.ImportResult, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.ImportResult, error) {
		return packet.ImportResponse(ctx, h, engID, path, passphrase, confirm, f.importer(engID))
	})
}

// OpenResponderPacket opens a findings packet received from the auditor
// into this data folder: a responder copy of the engagement, with the
// issued findings to answer. Opening it again changes nothing.
func (f *Findings) OpenResponderPacket(path, passphrase string) (audit.Engagement, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (audit.Engagement, error) {
		return packet.OpenFindings(ctx, h, f.session.actor, path, passphrase)
	})
}

// Respond writes (or rewrites) the response to one finding of a responder
// copy; new files are imported as evidence provided by management.
func (f *Findings) Respond(engID, findingID string, in ResponseInput) (findings.Response, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (findings.Response, error) {
		return packet.Respond(ctx, h, engID, in.answer(findingID), in.Files, f.importer(engID))
	})
}

// answer is the response as the packet records it.
func (in ResponseInput) answer(findingID string) findings.Answer {
	a := findings.Answer{FindingID: findingID, Position: in.Position, Text: in.Text, CorrectiveAction: in.CorrectiveAction,
		Owner: in.Owner, TargetDate: in.TargetDate, Responder: in.Responder}
	for _, id := range in.Evidence {
		a.Evidence = append(a.Evidence, findings.ResponseEvidence{EvidenceID: id})
	}
	return a
}

// ExportResponse writes the responses of a responder copy, and the files
// sent with them, to a new packet file at path for the auditor.
func (f *Findings) ExportResponse(engID, path, passphrase string) (packet.Exported, error) {
	return call(f.session, func(ctx context.Context, h *store.Home) (packet.Exported, error) {
		return packet.ExportResponse(ctx, h, engID, f.session.actor, path, passphrase)
	})
}

// importer imports evidence that arrives with a response with the
// session's parsers, into the engagement's search index.
func (f *Findings) importer(engID string) packet.Importer {
	return packet.Importer{Actor: f.session.actor, Extractor: f.session.parsers(),
		Index: func(ctx context.Context) (*index.Index, error) { return f.session.index(ctx, engID) }}
}
