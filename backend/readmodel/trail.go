package readmodel

import (
	"context"

	"auditroom/backend/audit"
	"auditroom/backend/store"
)

// TrailPage is one page of an engagement's trail.
type TrailPage struct {
	Events []audit.Event `json:"events"`
	Total  int           `json:"total"`
	// Names are what people read for the events' objects (a file name, a
	// test's control and title), by object; objects named by their ID are
	// not in it.
	Names map[string]string `json:"names"`
}

// Trail returns a page of the trail in sequence order (store.Home.Trail)
// with the names of its events' objects.
func Trail(ctx context.Context, h *store.Home, engID string, offset, limit int) (TrailPage, error) {
	events, total, err := h.Trail(ctx, engID, offset, limit)
	if err != nil {
		return TrailPage{}, err
	}
	objects := make([]string, len(events))
	for i, ev := range events {
		objects[i] = ev.Object
	}
	names, err := h.ObjectNames(ctx, engID, objects)
	if err != nil {
		return TrailPage{}, err
	}
	return TrailPage{Events: events, Total: total, Names: names}, nil
}
