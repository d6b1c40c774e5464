import { call } from './transport';
import type { Locator } from './evidence';

// Types mirror the JSON of search.Results, search.Hit, search.Fragment and
// search.Facets (backend/search). Highlight ranges are [start, end) offsets in
// Unicode code points of the fragment's text: indexes into Array.from(text).

export interface Fragment {
  text: string;
  highlights: [number, number][] | null;
}

/** The place of the match itself (audit.Locator, embedded in search.Hit). */
export interface Hit extends Locator {
  evidence_id: string;
  /** Index of the best part; -1 when only the file's name, path or filters matched. */
  part: number;
  name: string;
  path: string;
  pack: string;
  type: string;
  /** YYYY-MM-DD */
  as_of?: string;
  score: number;
  fragments: Fragment[] | null;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facets {
  type: FacetValue[];
  control: FacetValue[];
  request: FacetValue[];
  year: FacetValue[];
}

export type FacetName = keyof Facets;

export interface SearchResults {
  /** Files matching, on all pages. */
  total: number;
  hits: Hit[];
  facets: Facets;
  took_ms: number;
}

export const search = {
  /**
   * Runs a query (docs/search.md). The Go side cancels the search still
   * running, which then rejects with "canceled"; bad syntax rejects with
   * "invalid" and a message saying what and where.
   */
  run: async (engagementID: string, query: string, offset: number, limit: number): Promise<SearchResults> => {
    const r = await call<SearchResults | null>('app.Search.Run', engagementID, query, offset, limit);
    const f = r?.facets;
    return {
      total: r?.total ?? 0,
      hits: (r?.hits ?? []).map((h) => ({ ...h, fragments: h.fragments ?? [] })),
      facets: {
        type: f?.type ?? [],
        control: f?.control ?? [],
        request: f?.request ?? [],
        year: f?.year ?? [],
      },
      took_ms: r?.took_ms ?? 0,
    };
  },
};
