package app

import (
	"context"
	"encoding/base64"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
	"auditroom/backend/readmodel"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// Scope serves the engagement's criteria, control matrix, PBC request list,
// their imports and the coverage picture. Lists are filtered, sorted and
// paged on the Go side (backend/readmodel and backend/scope).
type Scope struct {
	session *Session
}

// CriterionRow is one in-scope criterion as the Criteria view lists it.
type CriterionRow = readmodel.CriterionRow

// CriteriaFilter selects criteria.
type CriteriaFilter = readmodel.CriteriaFilter

// ControlPage is one page of controls, and what the filters can offer.
type ControlPage = readmodel.ControlPage

// RequestPage is one page of requests.
type RequestPage = readmodel.RequestPage

// ImportFile is a file the UI read in the browser: its name, and its bytes
// in base64 (the browser cannot hand over a path).
type ImportFile struct {
	Kind    string        `json:"kind"` // controls, requests or criteria
	Name    string        `json:"name"`
	Content string        `json:"content"` // base64
	Options scope.Options `json:"options"`
}

// data decodes the file's bytes as they left the browser.
func (file ImportFile) data() ([]byte, error) {
	if len(file.Content) > base64.StdEncoding.EncodedLen(scope.MaxFileSize) {
		return nil, audit.Errorf(audit.EINVALID, "%s is larger than %d MB: a control matrix or request list should be far smaller", file.Name, scope.MaxFileSize>>20)
	}
	data, err := base64.StdEncoding.DecodeString(file.Content)
	if err != nil {
		return nil, audit.Errorf(audit.EINVALID, "the content of %s did not arrive intact", file.Name)
	}
	return data, nil
}

// Criteria lists the engagement's in-scope criteria with the user's text
// and the controls mapped to each.
func (s *Scope) Criteria(engID string, f CriteriaFilter) ([]CriterionRow, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) ([]CriterionRow, error) {
		return readmodel.Criteria(ctx, h, engID, f)
	})
}

// Controls returns a page of the control matrix.
func (s *Scope) Controls(engID string, f scope.ControlFilter) (ControlPage, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (ControlPage, error) {
		return readmodel.Controls(ctx, h, engID, f)
	})
}

// Requests returns a page of the PBC list. Overdue is judged on today.
func (s *Scope) Requests(engID string, f scope.RequestFilter) (RequestPage, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (RequestPage, error) {
		return readmodel.Requests(ctx, h, engID, f)
	})
}

// PreviewImport reads a file and shows what importing it would do, with
// the column mapping chosen and every row error; it stores nothing.
func (s *Scope) PreviewImport(engID string, file ImportFile) (scope.Preview, error) {
	return s.importFile(engID, file, false)
}

// ApplyImport imports a file: all of it, or nothing if any row has an error.
func (s *Scope) ApplyImport(engID string, file ImportFile) (scope.Preview, error) {
	return s.importFile(engID, file, true)
}

func (s *Scope) importFile(engID string, file ImportFile, apply bool) (scope.Preview, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (scope.Preview, error) {
		data, err := file.data()
		if err != nil {
			return scope.Preview{}, err
		}
		return h.Import(ctx, engID, s.session.actor, scope.ImportKind(file.Kind), file.Name, data, file.Options, apply)
	})
}

// SaveControl adds a control by hand (create) or saves an edit.
func (s *Scope) SaveControl(engID string, c scope.Control, create bool) (scope.Control, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (scope.Control, error) {
		return h.PutControl(ctx, engID, s.session.actor, c, create)
	})
}

// SetRequestStatus moves a request (received, accepted, flagged,
// resubmitted) with a comment, which a flag requires.
func (s *Scope) SetRequestStatus(engID, requestID, status, comment string) (scope.Request, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (scope.Request, error) {
		return h.SetRequestStatus(ctx, engID, s.session.actor, requestID, scope.Status(status), comment)
	})
}

// LinkEvidence links an evidence file to a request by hand (or, with
// link false, undoes a link), moving the request as the store says.
func (s *Scope) LinkEvidence(engID, requestID, evidenceID string, link bool) (scope.Request, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (scope.Request, error) {
		change := h.LinkEvidenceToRequest
		if !link {
			change = h.UnlinkEvidenceFromRequest
		}
		r, err := change(ctx, engID, requestID, evidenceID, s.session.actor)
		if err != nil {
			return r, err
		}
		return r, s.session.reindex(ctx, h, engID, evidenceID)
	})
}

// LinkControl links an evidence file to a control by hand (or, with link
// false, undoes a link, a manifest's as well) and returns the file.
func (s *Scope) LinkControl(engID, controlID, evidenceID string, link bool) (audit.Evidence, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (audit.Evidence, error) {
		change := h.LinkEvidenceToControl
		if !link {
			change = h.UnlinkEvidenceFromControl
		}
		ev, err := change(ctx, engID, controlID, evidenceID, s.session.actor)
		if err != nil {
			return ev, err
		}
		return ev, s.session.reindex(ctx, h, engID, evidenceID)
	})
}

// reindex brings one file's index documents up to date after a change the
// index reads: its requests and controls (the request: and control:
// filters and facets), its as-of date (date filters, the year facet).
func (s *Session) reindex(ctx context.Context, h *store.Home, engID, evidenceID string) error {
	ix, err := s.index(ctx, engID)
	if err != nil {
		return err
	}
	return ingest.ReindexEvidence(ctx, h, engID, ix, evidenceID)
}

// Coverage is the readiness picture, with overdue judged on today.
func (s *Scope) Coverage(engID string) (scope.Coverage, error) {
	return call(s.session, func(ctx context.Context, h *store.Home) (scope.Coverage, error) {
		return h.Coverage(ctx, engID, readmodel.Today())
	})
}
