package scope

import (
	"slices"
	"strings"

	"auditroom/backend/audit"
)

// DatedEvidence is an evidence file whose as-of date needs a look: outside
// the engagement's period, or unknown.
type DatedEvidence struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Path       string `json:"path"`
	AsOf       string `json:"as_of,omitempty"`
	AsOfSource string `json:"as_of_source"`
	Reason     string `json:"reason"` // audit.Engagement.AsOfIssue
}

// AddDates lists and counts the evidence dated outside e's period or not
// dated at all, by path.
func (cv *Coverage) AddDates(e *audit.Engagement, evidence []audit.Evidence) {
	for _, ev := range evidence {
		reason := e.AsOfIssue(ev.AsOf)
		if reason == "" {
			continue
		}
		if ev.AsOf == "" {
			cv.Summary.EvidenceUndated++
		} else {
			cv.Summary.EvidenceOutOfPeriod++
		}
		cv.Gaps.EvidenceOutOfPeriod = append(cv.Gaps.EvidenceOutOfPeriod, DatedEvidence{ID: ev.ID, Name: ev.Name, Path: ev.Path,
			AsOf: ev.AsOf, AsOfSource: ev.AsOfSource, Reason: reason})
	}
	slices.SortFunc(cv.Gaps.EvidenceOutOfPeriod, func(a, b DatedEvidence) int { return strings.Compare(a.Path+a.ID, b.Path+b.ID) })
}
