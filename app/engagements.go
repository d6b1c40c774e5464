package app

import (
	"context"

	"auditroom/backend/audit"
	"auditroom/backend/readmodel"
	"auditroom/backend/store"
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

// TrailPage is one page of an engagement's trail, with the names of its
// events' objects.
type TrailPage = readmodel.TrailPage

// Engagements lists, creates and opens engagements.
type Engagements struct {
	session *Session
	jobs    *Jobs
}

// List returns every engagement, newest first.
func (e *Engagements) List() ([]audit.Engagement, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) ([]audit.Engagement, error) {
		return h.Engagements(ctx)
	})
}

// Get returns one engagement.
func (e *Engagements) Get(id string) (audit.Engagement, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (audit.Engagement, error) {
		return h.Engagement(ctx, id)
	})
}

// Create validates and stores a new engagement.
func (e *Engagements) Create(in EngagementInput) (audit.Engagement, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (audit.Engagement, error) {
		return h.CreateEngagement(ctx, e.session.actor, in.Engagement())
	})
}

// Trail returns events in sequence order, a page at a time.
func (e *Engagements) Trail(id string, offset, limit int) (TrailPage, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (TrailPage, error) {
		return readmodel.Trail(ctx, h, id, offset, limit)
	})
}

// Verify starts a job that recomputes every link of the trail; its result
// is an audit.Verification.
func (e *Engagements) Verify(id string) (Job, error) {
	return call(e.session, func(ctx context.Context, h *store.Home) (Job, error) {
		en, err := h.Engagement(ctx, id)
		if err != nil {
			return Job{}, err
		}
		return e.jobs.start("verify", "Verify trail of "+en.Name, func(ctx context.Context, p Progress) (any, error) {
			return h.Verify(ctx, id, func(done, total uint64) { p(Step{Stage: "checking events", Done: done, Total: total}) })
		}), nil
	})
}
