package readmodel

import (
	"context"

	"auditroom/backend/audit"
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

// EvidenceList returns the page of the evidence table f selects, with the
// as-of dates that need a look (audit.Engagement.AsOfIssue).
func EvidenceList(ctx context.Context, h *store.Home, engID string, f store.EvidenceFilter) (EvidencePage, error) {
	eng, err := h.Engagement(ctx, engID)
	if err != nil {
		return EvidencePage{}, err
	}
	items, total, err := h.EvidenceList(ctx, engID, f)
	if err != nil {
		return EvidencePage{}, err
	}
	issues := map[string]string{}
	for _, ev := range items {
		if s := eng.AsOfIssue(ev.AsOf); s != "" {
			issues[ev.ID] = s
		}
	}
	if items == nil {
		items = []audit.Evidence{}
	}
	return EvidencePage{Items: items, Total: total, DateIssues: issues}, nil
}

// EvidenceDetail is what the detail panel shows of one file.
type EvidenceDetail struct {
	Evidence   audit.Evidence     `json:"evidence"`
	Provenance []audit.Provenance `json:"provenance"`
	Pins       []audit.Pin        `json:"pins"`
	Uses       []EvidenceUse      `json:"uses"` // the test cells and findings that cite the file
}

// Evidence returns one evidence file with its chain of custody, its pins
// and the places that cite it, from one snapshot.
func Evidence(ctx context.Context, h *store.Home, engID, id string) (EvidenceDetail, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) (EvidenceDetail, error) {
		ev, provs, err := s.Evidence(id)
		if err != nil {
			return EvidenceDetail{}, err
		}
		pins, err := s.Pins(id)
		if err != nil {
			return EvidenceDetail{}, err
		}
		if pins == nil {
			pins = []audit.Pin{}
		}
		uses, err := evidenceUsesIn(s, id)
		if err != nil {
			return EvidenceDetail{}, err
		}
		return EvidenceDetail{Evidence: ev, Provenance: provs, Pins: pins, Uses: uses}, nil
	})
}
