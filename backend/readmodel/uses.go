package readmodel

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// EvidenceUse is a place in a file cited by a test's cell or a finding.
type EvidenceUse struct {
	Kind  string `json:"kind"`  // "test" or "finding"
	ID    string `json:"id"`    // the test or finding
	Label string `json:"label"` // e.g. "CM-01 sample 3/A", "F-002 Access not removed"
	audit.Locator
}

// EvidenceUses lists the test cells and findings that cite an evidence
// file, so that its detail lists every place it is relied on: tests
// before findings, each by label.
func EvidenceUses(ctx context.Context, h *store.Home, engID, evidenceID string) ([]EvidenceUse, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) ([]EvidenceUse, error) { return evidenceUsesIn(s, evidenceID) })
}

// evidenceUsesIn is EvidenceUses, read from a snapshot the caller holds.
func evidenceUsesIn(s *store.Snapshot, evidenceID string) ([]EvidenceUse, error) {
	uses := []EvidenceUse{}
	tests, err := s.Tests("")
	if err != nil {
		return nil, err
	}
	for _, t := range tests {
		for key, c := range t.Cells {
			for _, p := range c.Pins {
				if p.EvidenceID == evidenceID {
					uses = append(uses, EvidenceUse{Kind: "test", ID: t.ID, Label: t.Control + " sample " + key, Locator: p.Locator})
				}
			}
		}
	}
	fs, err := s.Findings()
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		for _, r := range f.Evidence {
			if r.EvidenceID == evidenceID {
				uses = append(uses, EvidenceUse{Kind: "finding", ID: f.ID, Label: f.ID + " " + f.Title, Locator: r.Locator})
			}
		}
	}
	slices.SortFunc(uses, func(a, b EvidenceUse) int {
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Label, b.Label))
	})
	return uses, nil
}
