package readmodel

import (
	"context"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// CriterionRow is one in-scope criterion as the Criteria view lists it.
type CriterionRow struct {
	scope.Criterion
	Text          string   `json:"text"`            // the user's imported wording, if any
	PointsOfFocus string   `json:"points_of_focus"` // likewise
	TheirTitle    string   `json:"their_title"`     // the title in their file, if any
	Controls      []string `json:"controls"`        // controls mapped to it
}

// CriteriaFilter selects criteria.
type CriteriaFilter struct {
	Query     string `json:"query,omitempty"`     // words in the ID, title or text
	Category  string `json:"category,omitempty"`  // one category
	Uncovered bool   `json:"uncovered,omitempty"` // only criteria without a control
}

// Criteria lists the engagement's in-scope criteria that f selects, with
// the user's text and the controls mapped to each, in catalogue order.
func Criteria(ctx context.Context, h *store.Home, engID string, f CriteriaFilter) ([]CriterionRow, error) {
	e, st, err := h.ScopeState(ctx, engID)
	if err != nil {
		return nil, err
	}
	texts := map[string]scope.CriterionText{}
	for _, t := range st.Texts {
		texts[t.ID] = t
	}
	mapped := map[string][]string{}
	for _, c := range st.Controls {
		for _, id := range c.Criteria {
			mapped[id] = append(mapped[id], c.ID)
		}
	}
	words := strings.Fields(strings.ToLower(f.Query))
	rows := []CriterionRow{}
	for _, c := range scope.InScope(e.Categories) {
		t := texts[c.ID]
		row := CriterionRow{Criterion: c, Text: t.Text, PointsOfFocus: t.PointsOfFocus, TheirTitle: t.Title, Controls: mapped[c.ID]}
		if row.Controls == nil {
			row.Controls = []string{}
		}
		hay := strings.ToLower(c.ID + " " + c.Title + " " + t.Title + " " + t.Text)
		if f.Category != "" && string(c.Category) != f.Category || f.Uncovered && len(row.Controls) > 0 ||
			slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(hay, w) }) {
			continue
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// ControlPage is one page of controls, and what the filters can offer.
type ControlPage struct {
	Controls []scope.Control `json:"controls"`
	Total    int             `json:"total"`  // selected in all
	Owners   []string        `json:"owners"` // every owner, for the owner filter
}

// Controls returns the page of the control matrix f selects, with every
// owner of the matrix in order.
func Controls(ctx context.Context, h *store.Home, engID string, f scope.ControlFilter) (ControlPage, error) {
	all, err := h.Controls(ctx, engID)
	if err != nil {
		return ControlPage{}, err
	}
	page, total := scope.FilterControls(all, f)
	owners := []string{}
	for _, c := range all {
		if c.Owner != "" && !slices.Contains(owners, c.Owner) {
			owners = append(owners, c.Owner)
		}
	}
	slices.Sort(owners)
	return ControlPage{Controls: page, Total: total, Owners: owners}, nil
}

// RequestPage is one page of requests.
type RequestPage struct {
	Requests []scope.Request `json:"requests"`
	Total    int             `json:"total"`
	Today    string          `json:"today"` // the date overdue is judged on
	// Names are the file names of the requests' linked evidence, by
	// "evidence/<id>".
	Names map[string]string `json:"names"`
}

// Requests returns the page of the PBC list f selects, with the names of
// the files linked to its requests. Overdue is judged on f.Today, else on
// Today().
func Requests(ctx context.Context, h *store.Home, engID string, f scope.RequestFilter) (RequestPage, error) {
	all, err := h.Requests(ctx, engID)
	if err != nil {
		return RequestPage{}, err
	}
	if f.Today == "" {
		f.Today = Today()
	}
	page, total := scope.FilterRequests(all, f)
	var linked []string
	for _, r := range page {
		for _, id := range r.Evidence {
			linked = append(linked, "evidence/"+id)
		}
	}
	names, err := h.ObjectNames(ctx, engID, linked)
	if err != nil {
		return RequestPage{}, err
	}
	return RequestPage{Requests: page, Total: total, Today: f.Today, Names: names}, nil
}

// Today is the date overdue requests and coverage are judged on.
func Today() string { return time.Now().Format(audit.DateLayout) }
