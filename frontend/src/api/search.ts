import { call } from './transport';
import type * as models from './models';

// Highlight ranges are [start, end) offsets in Unicode code points of the
// fragment's text: indexes into Array.from(text).

export type Fragment = models.search.Fragment;
/** The place of the match itself (audit.Locator, embedded in search.Hit). */
export type Hit = models.search.Hit;
export type FacetValue = models.search.FacetValue;
export type Facets = models.search.Facets;
export type FacetName = keyof Facets;
export type SearchResults = models.search.Results;

export const search = {
  /**
   * Runs a query (docs/search.md). The Go side cancels the search still
   * running, which then rejects with "canceled"; bad syntax rejects with
   * "invalid" and a message saying what and where.
   */
  run: (engagementID: string, query: string, offset: number, limit: number) =>
    call<SearchResults>('app.Search.Run', engagementID, query, offset, limit),
};
