package app

import (
	"auditroom/backend/search"
)

// Search runs the reviewer's searches. A new search cancels the one still
// running, as each keystroke in the search box starts a new one: the
// cancelled call ends with a "canceled" error, which the UI ignores.
type Search struct {
	session *Session
	latest  latest
}

// Run searches an engagement's evidence (docs/search.md has the query
// language) and returns the hits from offset, at most limit of them (20
// when limit is 0), with their total and facets.
func (s *Search) Run(engagementID, query string, offset, limit int) (search.Results, error) {
	ctx, done := s.latest.start()
	defer done()

	ix, err := s.session.index(ctx, engagementID) // the "locked" error when locked
	if err != nil {
		return search.Results{}, err
	}
	return search.Search(ctx, ix, query, offset, limit)
}
