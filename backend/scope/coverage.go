package scope

import (
	"slices"

	"auditroom/backend/audit"
)

// CriterionCoverage is one in-scope criterion and the controls mapped to it.
type CriterionCoverage struct {
	Criterion
	HasText  bool     `json:"has_text"` // the user imported its wording
	Controls []string `json:"controls"`
}

// ControlCoverage is one control, what evidences it and what tests it.
type ControlCoverage struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Key      bool     `json:"key"`
	Criteria []string `json:"criteria"` // the in-scope ones
	Requests []string `json:"requests"`
	Evidence int      `json:"evidence"` // evidence items linked through its requests
	Tests    int      `json:"tests"`    // tests of the control (none until testing exists)
}

// RequestGap is a request that needs attention.
type RequestGap struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Owner       string `json:"owner,omitempty"`
	Due         string `json:"due,omitempty"`
	Status      Status `json:"status"`
}

// Gaps names what stands between the engagement and a clean picture.
type Gaps struct {
	CriteriaWithoutControl  []Criterion     `json:"criteria_without_control"`
	ControlsWithoutEvidence []string        `json:"controls_without_evidence"`
	OverdueRequests         []RequestGap    `json:"overdue_requests"` // due before today and not accepted
	FlaggedRequests         []RequestGap    `json:"flagged_requests"`
	EvidenceOutOfPeriod     []DatedEvidence `json:"evidence_out_of_period"` // dated outside the period, or undated (see dates.go)
}

// Summary counts the coverage.
type Summary struct {
	Criteria             int `json:"criteria"`
	CriteriaCovered      int `json:"criteria_covered"`
	Controls             int `json:"controls"`
	ControlsWithEvidence int `json:"controls_with_evidence"`
	Requests             int `json:"requests"`
	RequestsAccepted     int `json:"requests_accepted"`
	Overdue              int `json:"overdue"`
	Flagged              int `json:"flagged"`
	EvidenceOutOfPeriod  int `json:"evidence_out_of_period"` // dated outside the period
	EvidenceUndated      int `json:"evidence_undated"`       // as-of date unknown
}

// Coverage is the readiness picture of an engagement.
type Coverage struct {
	Today      string              `json:"today"` // YYYY-MM-DD the overdue test used
	Categories []audit.Category    `json:"categories"`
	Criteria   []CriterionCoverage `json:"criteria"`
	Controls   []ControlCoverage   `json:"controls"`
	Gaps       Gaps                `json:"gaps"`
	Summary    Summary             `json:"summary"`
}

// EvidenceRef is what coverage needs of a stored evidence item: the
// controls and requests its own record names (from a manifest or a folder).
type EvidenceRef struct {
	ID       string
	Controls []string
	Requests []string
}

// Cover joins the in-scope criteria, the controls, the requests and the
// evidence. A control's evidence is every item linked to one of its
// requests, or whose record names the control or one of its requests,
// counted once. today is YYYY-MM-DD.
func Cover(categories []audit.Category, controls []Control, requests []Request, texts []CriterionText, evidence []EvidenceRef, today string) Coverage {
	cv := Coverage{Today: today, Categories: slices.Clone(categories),
		Criteria: []CriterionCoverage{}, Controls: []ControlCoverage{},
		Gaps: Gaps{CriteriaWithoutControl: []Criterion{}, ControlsWithoutEvidence: []string{}, OverdueRequests: []RequestGap{}, FlaggedRequests: []RequestGap{},
			EvidenceOutOfPeriod: []DatedEvidence{}}}
	if cv.Categories == nil {
		cv.Categories = []audit.Category{audit.Security}
	}
	hasText := map[string]bool{}
	for _, t := range texts {
		hasText[t.ID] = true
	}
	byCriterion := map[string][]string{}
	for _, c := range controls {
		for _, id := range c.Criteria {
			byCriterion[id] = append(byCriterion[id], c.ID)
		}
	}
	for _, cr := range InScope(categories) {
		ctl := byCriterion[cr.ID]
		if ctl == nil {
			ctl = []string{}
			cv.Gaps.CriteriaWithoutControl = append(cv.Gaps.CriteriaWithoutControl, cr)
		}
		cv.Criteria = append(cv.Criteria, CriterionCoverage{Criterion: cr, HasText: hasText[cr.ID], Controls: ctl})
	}

	reqs := map[string][]string{}
	items := map[string]map[string]bool{} // control → evidence IDs
	addItem := func(control, ev string) {
		if items[control] == nil {
			items[control] = map[string]bool{}
		}
		items[control][ev] = true
	}
	controlsOf := map[string][]string{}
	for _, r := range requests {
		controlsOf[r.ID] = r.Controls
		for _, c := range r.Controls {
			reqs[c] = append(reqs[c], r.ID)
			for _, ev := range r.Evidence {
				addItem(c, ev)
			}
		}
		gap := RequestGap{ID: r.ID, Description: r.Description, Owner: r.Owner, Due: r.Due, Status: r.Status}
		if r.Overdue(today) {
			cv.Gaps.OverdueRequests = append(cv.Gaps.OverdueRequests, gap)
		}
		if r.Status == Flagged {
			cv.Gaps.FlaggedRequests = append(cv.Gaps.FlaggedRequests, gap)
		}
		if r.Status == Accepted {
			cv.Summary.RequestsAccepted++
		}
	}
	for _, ev := range evidence {
		for _, c := range ev.Controls {
			addItem(c, ev.ID)
		}
		for _, r := range ev.Requests {
			for _, c := range controlsOf[r] {
				addItem(c, ev.ID)
			}
		}
	}
	for _, c := range controls {
		var in []string
		for _, id := range c.Criteria {
			if IsInScope(id, categories) {
				in = append(in, id)
			}
		}
		cc := ControlCoverage{ID: c.ID, Title: c.Title, Key: c.Key, Criteria: nonNil(in), Requests: nonNil(reqs[c.ID]), Evidence: len(items[c.ID])}
		if cc.Evidence == 0 {
			cv.Gaps.ControlsWithoutEvidence = append(cv.Gaps.ControlsWithoutEvidence, c.ID)
		} else {
			cv.Summary.ControlsWithEvidence++
		}
		cv.Controls = append(cv.Controls, cc)
	}
	slices.SortFunc(cv.Controls, func(a, b ControlCoverage) int { return CompareIDs(a.ID, b.ID) })
	slices.SortFunc(cv.Gaps.ControlsWithoutEvidence, CompareIDs)
	cv.Summary.Criteria = len(cv.Criteria)
	cv.Summary.CriteriaCovered = len(cv.Criteria) - len(cv.Gaps.CriteriaWithoutControl)
	cv.Summary.Controls = len(controls)
	cv.Summary.Requests = len(requests)
	cv.Summary.Overdue = len(cv.Gaps.OverdueRequests)
	cv.Summary.Flagged = len(cv.Gaps.FlaggedRequests)
	return cv
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
