package app

import (
	"context"

	"auditroom/backend/audit"
)

// EngagementInput is what the New engagement form sends.
type EngagementInput struct {
	Name        string   `json:"name"`
	Client      string   `json:"client"`
	Type        string   `json:"type"`
	PeriodStart string   `json:"period_start"`
	PeriodEnd   string   `json:"period_end"`
	Categories  []string `json:"categories"`
	DateOrder   string   `json:"date_order,omitempty"` // dmy (default) or mdy: how dates in evidence names read
}

// Engagement converts the form into the domain type.
func (in EngagementInput) Engagement() audit.Engagement {
	e := audit.Engagement{
		Name: in.Name, Client: in.Client, Type: audit.ReportType(in.Type),
		PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, DateOrder: in.DateOrder,
	}
	for _, c := range in.Categories {
		e.Categories = append(e.Categories, audit.Category(c))
	}
	return e
}

// TrailPage is one page of an engagement's trail.
type TrailPage struct {
	Events []audit.Event `json:"events"`
	Total  int           `json:"total"`
	// Names are what people read for the events' objects (a file name, a
	// test's control and title), by object; objects named by their ID are
	// not in it.
	Names map[string]string `json:"names"`
}

// Engagements lists, creates and opens engagements.
type Engagements struct {
	session *Session
	jobs    *Jobs
}

// List returns every engagement, newest first.
func (e *Engagements) List() ([]audit.Engagement, error) {
	h, err := e.session.open()
	if err != nil {
		return nil, ui(err)
	}
	list, err := h.Engagements(context.Background())
	return list, ui(err)
}

// Get returns one engagement.
func (e *Engagements) Get(id string) (audit.Engagement, error) {
	h, err := e.session.open()
	if err != nil {
		return audit.Engagement{}, ui(err)
	}
	en, err := h.Engagement(context.Background(), id)
	return en, ui(err)
}

// Create validates and stores a new engagement.
func (e *Engagements) Create(in EngagementInput) (audit.Engagement, error) {
	h, err := e.session.open()
	if err != nil {
		return audit.Engagement{}, ui(err)
	}
	en, err := h.CreateEngagement(context.Background(), e.session.actor, in.Engagement())
	return en, ui(err)
}

// Trail returns events in sequence order, a page at a time.
func (e *Engagements) Trail(id string, offset, limit int) (TrailPage, error) {
	h, err := e.session.open()
	if err != nil {
		return TrailPage{}, ui(err)
	}
	ctx := context.Background()
	events, total, err := h.Trail(ctx, id, offset, limit)
	if err != nil {
		return TrailPage{}, ui(err)
	}
	objects := make([]string, len(events))
	for i, ev := range events {
		objects[i] = ev.Object
	}
	names, err := h.ObjectNames(ctx, id, objects)
	if err != nil {
		return TrailPage{}, ui(err)
	}
	return TrailPage{Events: events, Total: total, Names: names}, nil
}

// Verify starts a job that recomputes every link of the trail; its result
// is an audit.Verification.
func (e *Engagements) Verify(id string) (Job, error) {
	h, err := e.session.open()
	if err != nil {
		return Job{}, ui(err)
	}
	en, err := h.Engagement(context.Background(), id)
	if err != nil {
		return Job{}, ui(err)
	}
	return e.jobs.start("verify", "Verify trail of "+en.Name, func(ctx context.Context, p Progress) (any, error) {
		return h.Verify(ctx, id, func(done, total uint64) { p(Step{Stage: "checking events", Done: done, Total: total}) })
	}), nil
}
