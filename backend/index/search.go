package index

import (
	"context"
	"errors"

	"github.com/blevesearch/bleve/v2"

	"auditroom/backend/audit"
)

// Search runs a Bleve search request built on the Field names, stopping
// when ctx is cancelled. backend/search builds the requests.
func (ix *Index) Search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, audit.Wrap(audit.ECANCELED, err, "search canceled")
		}
		return nil, audit.Wrap(audit.EINTERNAL, err, "search the index")
	}
	return res, nil
}
