import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { evidence, search } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export const PAGE_SIZE = 20;

/**
 * The results of one query and page. Each query has its own key, so a late
 * response to an older query lands in its own cache entry and is never shown
 * for the newer one.
 */
export function useSearch(engagementId: string, query: string, offset: number) {
  return useQuery({
    queryKey: queryKeys.search(engagementId, query, offset),
    queryFn: () => search.run(engagementId, query, offset, PAGE_SIZE),
    enabled: query.trim() !== '',
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
}

const countFilter = { text: '', type: '', status: '', sort: 'name', offset: 0, limit: 1 } as const;

/** How many evidence files the engagement holds, for the empty state. */
export function useEvidenceCount(engagementId: string) {
  return useQuery({
    queryKey: queryKeys.evidenceList(engagementId, countFilter),
    queryFn: () => evidence.list(engagementId, { ...countFilter }),
  });
}
