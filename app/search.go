package app

import (
	"context"
	"sync"

	"auditroom/backend/search"
)

// Search runs the reviewer's searches. A new search cancels the one still
// running, as each keystroke in the search box starts a new one: the
// cancelled call ends with a "canceled" error, which the UI ignores.
type Search struct {
	session *Session

	mu      sync.Mutex
	running uint64             // the latest search started
	cancel  context.CancelFunc // cancels it; nil once it ended
}

// Run searches an engagement's evidence (docs/search.md has the query
// language) and returns the hits from offset, at most limit of them (20
// when limit is 0), with their total and facets.
func (s *Search) Run(engagementID, query string, offset, limit int) (search.Results, error) {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.running++
	id := s.running
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.running == id {
			s.cancel = nil
		}
		s.mu.Unlock()
		cancel()
	}()

	ix, err := s.session.index(ctx, engagementID) // the "locked" error when locked
	if err != nil {
		return search.Results{}, err
	}
	return search.Search(ctx, ix, query, offset, limit)
}
