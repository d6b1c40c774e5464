// Package readmodel holds the views the screens and the command line read
// of one engagement, beyond a single record: findings with their
// responses, tests with their grids, where an evidence file is used, the
// trail with names, the scope and evidence pages, the guided evaluation.
// Views joining records that change together (a finding and its response,
// a test and its sample) read one store.Snapshot, so the screens, the
// command line and the exports show the same thing from the same moment.
package readmodel

import (
	"context"
	"slices"
	"strings"

	"auditroom/backend/audit"
	"auditroom/backend/deficiency"
	"auditroom/backend/findings"
	"auditroom/backend/store"
)

// FindingFilter selects findings; the zero filter selects every one.
type FindingFilter struct {
	Status         string `json:"status,omitempty"`
	Classification string `json:"classification,omitempty"`
	Query          string `json:"query,omitempty"` // words in the ID, title or condition, all of them
}

// match reports whether a finding passes the filter.
func (f FindingFilter) match(x findings.Finding) bool {
	hay := strings.ToLower(x.ID + " " + x.Title + " " + x.Condition)
	return (f.Status == "" || string(x.Status) == f.Status) &&
		(f.Classification == "" || string(x.Classification) == f.Classification) &&
		!slices.ContainsFunc(strings.Fields(strings.ToLower(f.Query)), func(w string) bool { return !strings.Contains(hay, w) })
}

// Finding is a finding with management's response, if one is in.
type Finding struct {
	findings.Finding
	Response *findings.Response `json:"response"`
}

// FindingList is the findings a filter selects, by number, and what every
// finding of the engagement adds up to.
type FindingList struct {
	Findings []Finding
	// Opinion is the most severe likely opinion over every finding.
	Opinion  deficiency.Opinion
	ByStatus map[findings.Status]int
}

// FindingRow is one line of the findings list the screens show.
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

// Page is the list as the screens show it: a row a finding.
func (l FindingList) Page() FindingPage {
	page := FindingPage{Findings: []FindingRow{}, Total: len(l.Findings), Opinion: l.Opinion, ByStatus: l.ByStatus}
	for _, x := range l.Findings {
		row := FindingRow{ID: x.ID, Title: x.Title, Criteria: x.Criteria, Classification: x.Classification,
			Status: x.Status, Owner: x.Owner, ChangedSinceIssue: x.ChangedSinceIssue}
		if row.Criteria == nil {
			row.Criteria = []string{}
		}
		if x.Evaluation != nil {
			row.Opinion = x.Evaluation.Opinion()
		}
		if x.Response != nil {
			row.Response = x.Response.Position
		}
		page.Findings = append(page.Findings, row)
	}
	return page
}

// Findings reads the findings a filter selects, each with its response.
func Findings(ctx context.Context, h *store.Home, engID string, filter FindingFilter) (FindingList, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) (FindingList, error) { return FindingsIn(s, filter) })
}

// FindingsIn is Findings, read from a snapshot the caller holds.
func FindingsIn(s *store.Snapshot, filter FindingFilter) (FindingList, error) {
	list := FindingList{Findings: []Finding{}, Opinion: deficiency.Unmodified, ByStatus: map[findings.Status]int{}}
	all, err := s.Findings()
	if err != nil {
		return list, err
	}
	responses, err := s.Responses()
	if err != nil {
		return list, err
	}
	for _, x := range all {
		if x.Evaluation != nil {
			list.Opinion = worse(list.Opinion, x.Evaluation.Opinion())
		}
		list.ByStatus[x.Status]++
		if !filter.match(x) {
			continue
		}
		f := Finding{Finding: x}
		if i := slices.IndexFunc(responses, func(r findings.Response) bool { return r.FindingID == x.ID }); i >= 0 {
			f.Response = &responses[i]
		}
		list.Findings = append(list.Findings, f)
	}
	return list, nil
}

func worse(a, b deficiency.Opinion) deficiency.Opinion {
	order := []deficiency.Opinion{deficiency.Unmodified, deficiency.Qualified, deficiency.Adverse}
	if slices.Index(order, b) > slices.Index(order, a) {
		return b
	}
	return a
}

// EvidenceCopy is an evidence file with its chain of custody.
type EvidenceCopy struct {
	Evidence   audit.Evidence     `json:"evidence"`
	Provenance []audit.Provenance `json:"provenance"`
}

// FindingDetail is one finding with management's response beside it.
type FindingDetail struct {
	Finding  findings.Finding   `json:"finding"`
	Response *findings.Response `json:"response"`
	// Evidence is the files sent with the response, as stored here (their
	// provenance says "provided by management").
	Evidence []EvidenceCopy `json:"evidence"`
	// Stale is true when the response answers another version of the
	// finding than the current one.
	Stale bool `json:"stale"`
}

// FindingWithResponse reads one finding, its response and the response's
// evidence. It returns ENOTFOUND for an unknown finding.
func FindingWithResponse(ctx context.Context, h *store.Home, engID, id string) (FindingDetail, error) {
	return store.View(ctx, h, engID, func(s *store.Snapshot) (FindingDetail, error) {
		x, r, err := s.Finding(id)
		if err != nil {
			return FindingDetail{}, err
		}
		d := FindingDetail{Finding: x, Response: r, Evidence: []EvidenceCopy{}}
		if r == nil {
			return d, nil
		}
		d.Stale = r.FindingVersion != x.Version
		for _, e := range r.Evidence {
			ev, provs, err := s.Evidence(e.EvidenceID)
			if err != nil {
				return FindingDetail{}, err
			}
			d.Evidence = append(d.Evidence, EvidenceCopy{Evidence: ev, Provenance: provs})
		}
		return d, nil
	})
}
