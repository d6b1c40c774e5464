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
type EvidencePage struct {
	Items []audit.Evidence `json:"items"`
	Total int              `json:"total"`
	// DateIssues says, by evidence ID, why an item's as-of date needs a
	// look: outside the engagement's period, or unknown.
	DateIssues map[string]string `json:"date_issues"`
}

// EvidenceDetail is what the detail panel shows of one file.
type EvidenceDetail struct {
	Evidence   audit.Evidence     `json:"evidence"`
	Provenance []audit.Provenance `json:"provenance"`
	Pins       []audit.Pin        `json:"pins"`
	Uses       []EvidenceUse      `json:"uses"` // the test cells and findings that cite the file
}

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
	h, err := e.session.open()
	if err != nil {
		return audit.Evidence{}, ui(err)
	}
	ctx := context.Background()
	ev, err := h.SetAsOf(ctx, engagementID, e.session.actor, id, asOf)
	if err != nil {
		return ev, ui(err)
	}
	// Date filters and the year facet read the index: bring it up to date.
	ix, err := e.session.index(ctx, engagementID)
	if err == nil {
		err = ingest.ReindexEvidence(ctx, h, engagementID, ix, id)
	}
	return ev, ui(err)
}

// Status reports whether OCR is on, and how many files import in parallel.
func (e *Evidence) Status() (ImportStatus, error) {
	return ImportStatus{OCR: Tesseract() != "", Workers: e.session.parsers().Size()}, nil
}

// Import starts a job importing zip files, folders or files by path; its
// result is an ingest.Summary.
func (e *Evidence) Import(engagementID string, paths []string) (Job, error) {
	h, err := e.session.open()
	if err != nil {
		return Job{}, ui(err)
	}
	if len(paths) == 0 {
		return Job{}, ui(audit.Errorf(audit.EINVALID, "choose at least one zip file, folder or file to import"))
	}
	en, err := h.Engagement(context.Background(), engagementID)
	if err != nil {
		return Job{}, ui(err)
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
}

// List returns a page of the evidence table, filtered and sorted in Go.
func (e *Evidence) List(engagementID string, filter store.EvidenceFilter) (EvidencePage, error) {
	h, err := e.session.open()
	if err != nil {
		return EvidencePage{}, ui(err)
	}
	ctx := context.Background()
	eng, err := h.Engagement(ctx, engagementID)
	if err != nil {
		return EvidencePage{}, ui(err)
	}
	items, total, err := h.EvidenceList(ctx, engagementID, filter)
	if err != nil {
		return EvidencePage{}, ui(err)
	}
	issues := map[string]string{}
	for _, ev := range items {
		if s := eng.AsOfIssue(ev.AsOf); s != "" {
			issues[ev.ID] = s
		}
	}
	return EvidencePage{Items: nonNil(items), Total: total, DateIssues: issues}, nil
}

// Get returns one evidence file with its chain of custody.
func (e *Evidence) Get(engagementID, id string) (EvidenceDetail, error) {
	h, err := e.session.open()
	if err != nil {
		return EvidenceDetail{}, ui(err)
	}
	ctx := context.Background()
	ev, provs, err := h.Evidence(ctx, engagementID, id)
	if err != nil {
		return EvidenceDetail{}, ui(err)
	}
	pins, err := h.Pins(ctx, engagementID, id)
	if err != nil {
		return EvidenceDetail{}, ui(err)
	}
	uses, err := readmodel.EvidenceUses(ctx, h, engagementID, id)
	if err != nil {
		return EvidenceDetail{}, ui(err)
	}
	return EvidenceDetail{Evidence: ev, Provenance: provs, Pins: nonNil(pins), Uses: uses}, nil
}

// Pin ties a place in an evidence file (page, sheet and row, or line) to a
// control or a PBC request. Pinning the same place twice is one pin.
func (e *Evidence) Pin(engagementID string, pin audit.Pin) (audit.Pin, error) {
	h, err := e.session.open()
	if err != nil {
		return audit.Pin{}, ui(err)
	}
	ctx := context.Background()
	p, err := h.Pin(ctx, engagementID, e.session.actor, pin)
	if err == nil && p.Target == audit.PinRequest {
		err = e.session.reindexLinks(ctx, h, engagementID, p.EvidenceID) // the pin linked the file
	}
	return p, ui(err)
}

// Unpin removes a pin from an evidence file.
func (e *Evidence) Unpin(engagementID, evidenceID, pinID string) error {
	h, err := e.session.open()
	if err != nil {
		return ui(err)
	}
	return ui(h.Unpin(context.Background(), engagementID, e.session.actor, evidenceID, pinID))
}

// PinsTo lists the evidence pinned to a control or a request.
func (e *Evidence) PinsTo(engagementID, target, targetID string) ([]audit.Pin, error) {
	h, err := e.session.open()
	if err != nil {
		return nil, ui(err)
	}
	pins, err := h.PinsTo(context.Background(), engagementID, target, targetID)
	return nonNil(pins), ui(err)
}

func baseNames(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = strings.TrimRight(p, "/\\")
		out = append(out, p[strings.LastIndexAny(p, "/\\")+1:])
	}
	return out
}
