package app

import (
	"context"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
	"auditroom/backend/readmodel"
	"auditroom/backend/store"
)

// EvidencePage is one page of the evidence table.
type EvidencePage = readmodel.EvidencePage

// EvidenceDetail is what the detail panel shows of one file.
type EvidenceDetail = readmodel.EvidenceDetail

// EvidenceUse is a place in a file cited by a test's cell or a finding.
type EvidenceUse = readmodel.EvidenceUse

// ImportStatus tells the import screen what the machine can do.
type ImportStatus struct {
	OCR     bool `json:"ocr"`     // tesseract is installed: images are OCRed
	Workers int  `json:"workers"` // files extracted at once
}

// Evidence imports evidence packs and lists what they held.
type Evidence struct {
	session *Session
	jobs    *Jobs
}

// SetAsOf changes the date an evidence file speaks of, for when neither
// the manifest nor the document had it right.
func (e *Evidence) SetAsOf(engagementID, id, asOf string) (audit.Evidence, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (audit.Evidence, error) {
		ev, err := h.SetAsOf(ctx, engagementID, e.session.actor, id, asOf)
		if err != nil {
			return ev, err
		}
		return ev, e.session.reindex(ctx, h, engagementID, id)
	})
}

// Status reports whether OCR is on, and how many files import in parallel.
func (e *Evidence) Status() (ImportStatus, error) {
	return ImportStatus{OCR: Tesseract() != "", Workers: e.session.parsers().Size()}, nil
}

// Import starts a job importing zip files, folders or files by path; its
// result is an ingest.Summary.
func (e *Evidence) Import(engagementID string, paths []string) (Job, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (Job, error) {
		if len(paths) == 0 {
			return Job{}, audit.Errorf(audit.EINVALID, "choose at least one zip file, folder or file to import")
		}
		en, err := h.Engagement(ctx, engagementID)
		if err != nil {
			return Job{}, err
		}
		title := "Import " + strings.Join(baseNames(paths), ", ") + " into " + en.Name
		return e.jobs.start("import", title, func(ctx context.Context, p Progress) (any, error) {
			ix, err := e.session.index(ctx, engagementID)
			if err != nil {
				return nil, err
			}
			return ingest.Import(ctx, h, engagementID, paths, ingest.Options{
				Actor: e.session.actor, Extractor: e.session.parsers(), Index: ix,
			}, func(pr ingest.Progress) {
				p(Step{Stage: pr.Stage, Current: pr.Current, Done: uint64(pr.FilesDone), Total: uint64(pr.FilesTotal)})
			})
		}), nil
	})
}

// List returns a page of the evidence table, filtered and sorted in Go.
func (e *Evidence) List(engagementID string, filter store.EvidenceFilter) (EvidencePage, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (EvidencePage, error) {
		return readmodel.EvidenceList(ctx, h, engagementID, filter)
	})
}

// Get returns one evidence file with its chain of custody.
func (e *Evidence) Get(engagementID, id string) (EvidenceDetail, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (EvidenceDetail, error) {
		return readmodel.Evidence(ctx, h, engagementID, id)
	})
}

// Pin ties a place in an evidence file (page, sheet and row, or line) to a
// control or a PBC request. Pinning the same place twice is one pin.
func (e *Evidence) Pin(engagementID string, pin audit.Pin) (audit.Pin, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (audit.Pin, error) {
		p, err := h.Pin(ctx, engagementID, e.session.actor, pin)
		if err == nil && p.Target == audit.PinRequest {
			err = e.session.reindex(ctx, h, engagementID, p.EvidenceID) // the pin linked the file
		}
		return p, err
	})
}

// Unpin removes a pin from an evidence file.
func (e *Evidence) Unpin(engagementID, evidenceID, pinID string) error {
	return run(e.session, func(ctx context.Context, h *store.Home) error {
		return h.Unpin(ctx, engagementID, e.session.actor, evidenceID, pinID)
	})
}

// PinsTo lists the evidence pinned to a control or a request.
func (e *Evidence) PinsTo(engagementID, target, targetID string) ([]audit.Pin, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) ([]audit.Pin, error) {
		pins, err := h.PinsTo(ctx, engagementID, target, targetID)
		return nonNil(pins), err
	})
}

// baseNames are the last elements of paths, for a job's title.
func baseNames(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = strings.TrimRight(p, "/\\")
		out = append(out, p[strings.LastIndexAny(p, "/\\")+1:])
	}
	return out
}
