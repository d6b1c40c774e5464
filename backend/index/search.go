package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"

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

// SearchFiles runs a search request as Search does and also counts its
// matches by file (see files.go). Only matches of the files in only, and
// none of those in skip, make the hits and the counts; either may be nil,
// for no such bound.
func (ix *Index) SearchFiles(ctx context.Context, req *bleve.SearchRequest, only, skip *Files) (*bleve.SearchResult, *Files, error) {
	var files *Files
	handler := func(sc *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		topN, loadID, err := collector.MakeTopNDocumentMatchHandler(sc)
		if err != nil {
			return nil, false, err
		}
		snap, ok := sc.IndexReader.(*scorch.IndexSnapshot)
		if !ok {
			return nil, false, fmt.Errorf("index reader %T is not a scorch snapshot", sc.IndexReader)
		}
		v, err := ix.files.view(snap)
		if err != nil {
			return nil, false, err
		}
		files = v.newFiles()
		return func(d *search.DocumentMatch) error {
			if d != nil && !v.add(files, d.IndexInternalID.Value(), only, skip) {
				sc.DocumentMatchPool.Put(d)
				return nil
			}
			return topN(d)
		}, loadID, nil
	}
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(handler))
	res, err := ix.Search(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if files == nil { // Bleve collected nothing
		files = &Files{t: ix.files, sets: map[*segFiles][]int32{}}
	}
	return res, files, nil
}
