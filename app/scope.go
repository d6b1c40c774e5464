package app

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"time"

	"auditroom/backend/audit"
	"auditroom/backend/ingest"
	"auditroom/backend/scope"
	"auditroom/backend/store"
)

// Scope serves the engagement's criteria, control matrix, PBC request list,
// their imports and the coverage picture. Lists are filtered, sorted and
// paged here, on the Go side.
type Scope struct {
	session *Session
}

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

// ControlPage is one page of controls, and what the filters can offer.
type ControlPage struct {
	Controls []scope.Control `json:"controls"`
	Total    int             `json:"total"`  // selected in all
	Owners   []string        `json:"owners"` // every owner, for the owner filter
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

// ImportFile is a file the UI read in the browser: its name, and its bytes
// in base64 (the browser cannot hand over a path).
type ImportFile struct {
	Kind    string        `json:"kind"` // controls, requests or criteria
	Name    string        `json:"name"`
	Content string        `json:"content"` // base64
	Options scope.Options `json:"options"`
}

func today() string { return time.Now().Format(audit.DateLayout) }

// Criteria lists the engagement's in-scope criteria with the user's text
// and the controls mapped to each.
func (s *Scope) Criteria(engID string, f CriteriaFilter) ([]CriterionRow, error) {
	h, err := s.session.open()
	if err != nil {
		return nil, ui(err)
	}
	e, st, err := h.ScopeState(context.Background(), engID)
	if err != nil {
		return nil, ui(err)
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

// Controls returns a page of the control matrix.
func (s *Scope) Controls(engID string, f scope.ControlFilter) (ControlPage, error) {
	h, err := s.session.open()
	if err != nil {
		return ControlPage{}, ui(err)
	}
	all, err := h.Controls(context.Background(), engID)
	if err != nil {
		return ControlPage{}, ui(err)
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

// Requests returns a page of the PBC list. Overdue is judged on today.
func (s *Scope) Requests(engID string, f scope.RequestFilter) (RequestPage, error) {
	h, err := s.session.open()
	if err != nil {
		return RequestPage{}, ui(err)
	}
	all, err := h.Requests(context.Background(), engID)
	if err != nil {
		return RequestPage{}, ui(err)
	}
	if f.Today == "" {
		f.Today = today()
	}
	page, total := scope.FilterRequests(all, f)
	var linked []string
	for _, r := range page {
		for _, id := range r.Evidence {
			linked = append(linked, "evidence/"+id)
		}
	}
	names, err := h.ObjectNames(context.Background(), engID, linked)
	if err != nil {
		return RequestPage{}, ui(err)
	}
	return RequestPage{Requests: page, Total: total, Today: f.Today, Names: names}, nil
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
	h, err := s.session.open()
	if err != nil {
		return scope.Preview{}, ui(err)
	}
	if len(file.Content) > base64.StdEncoding.EncodedLen(scope.MaxFileSize) {
		return scope.Preview{}, ui(audit.Errorf(audit.EINVALID, "%s is larger than %d MB: a control matrix or request list should be far smaller", file.Name, scope.MaxFileSize>>20))
	}
	data, err := base64.StdEncoding.DecodeString(file.Content)
	if err != nil {
		return scope.Preview{}, ui(audit.Errorf(audit.EINVALID, "the content of %s did not arrive intact", file.Name))
	}
	p, err := h.Import(context.Background(), engID, s.session.actor, scope.ImportKind(file.Kind), file.Name, data, file.Options, apply)
	return p, ui(err)
}

// SaveControl adds a control by hand (create) or saves an edit.
func (s *Scope) SaveControl(engID string, c scope.Control, create bool) (scope.Control, error) {
	h, err := s.session.open()
	if err != nil {
		return scope.Control{}, ui(err)
	}
	saved, err := h.PutControl(context.Background(), engID, s.session.actor, c, create)
	return saved, ui(err)
}

// SetRequestStatus moves a request (received, accepted, flagged,
// resubmitted) with a comment, which a flag requires.
func (s *Scope) SetRequestStatus(engID, requestID, status, comment string) (scope.Request, error) {
	h, err := s.session.open()
	if err != nil {
		return scope.Request{}, ui(err)
	}
	r, err := h.SetRequestStatus(context.Background(), engID, s.session.actor, requestID, scope.Status(status), comment)
	return r, ui(err)
}

// LinkEvidence links an evidence file to a request by hand (or, with
// link false, undoes a link), moving the request as the store says.
func (s *Scope) LinkEvidence(engID, requestID, evidenceID string, link bool) (scope.Request, error) {
	h, err := s.session.open()
	if err != nil {
		return scope.Request{}, ui(err)
	}
	change := h.LinkEvidenceToRequest
	if !link {
		change = h.UnlinkEvidenceFromRequest
	}
	ctx := context.Background()
	r, err := change(ctx, engID, requestID, evidenceID, s.session.actor)
	if err != nil {
		return r, ui(err)
	}
	return r, ui(s.session.reindexLinks(ctx, h, engID, evidenceID))
}

// LinkControl links an evidence file to a control by hand (or, with link
// false, undoes a link, a manifest's as well) and returns the file.
func (s *Scope) LinkControl(engID, controlID, evidenceID string, link bool) (audit.Evidence, error) {
	h, err := s.session.open()
	if err != nil {
		return audit.Evidence{}, ui(err)
	}
	change := h.LinkEvidenceToControl
	if !link {
		change = h.UnlinkEvidenceFromControl
	}
	ctx := context.Background()
	ev, err := change(ctx, engID, controlID, evidenceID, s.session.actor)
	if err != nil {
		return ev, ui(err)
	}
	return ev, ui(s.session.reindexLinks(ctx, h, engID, evidenceID))
}

// reindexLinks brings one file's index documents up to date after its
// requests or controls changed: the request: and control: filters and
// facets read the index.
func (s *Session) reindexLinks(ctx context.Context, h *store.Home, engID, evidenceID string) error {
	ix, err := s.index(ctx, engID)
	if err != nil {
		return err
	}
	return ingest.ReindexEvidence(ctx, h, engID, ix, evidenceID)
}

// Coverage is the readiness picture, with overdue judged on today.
func (s *Scope) Coverage(engID string) (scope.Coverage, error) {
	h, err := s.session.open()
	if err != nil {
		return scope.Coverage{}, ui(err)
	}
	cv, err := h.Coverage(context.Background(), engID, today())
	return cv, ui(err)
}
