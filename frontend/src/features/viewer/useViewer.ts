import { useEffect, useRef } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { viewer, type LinesQuery, type Location, type SheetQuery } from '../../api';
import { firstHitInPart } from './navigation';
import { queryKeys } from '../../lib/queryKeys';

/** Rows or lines shown at once. */
export const ROWS = 100;

// Evidence does not change once imported: what the viewer read stays good
// while the viewer is open.
const stale = 5 * 60_000;

export function useViewerDocument(engagementId: string, evidenceId: string) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'open'),
    queryFn: () => viewer.open(engagementId, evidenceId),
    staleTime: stale,
  });
}

export function usePdfPage(engagementId: string, evidenceId: string, page: number, scale: number, query: string) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'page', page, scale, query),
    queryFn: () => viewer.pdfPage(engagementId, evidenceId, page, scale, query),
    placeholderData: keepPreviousData,
    staleTime: stale,
    retry: false,
  });
}

export function useSheetRows(engagementId: string, evidenceId: string, q: SheetQuery) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'rows', q),
    queryFn: () => viewer.sheetRows(engagementId, evidenceId, q),
    placeholderData: keepPreviousData,
    staleTime: stale,
    retry: false,
  });
}

export function useTextLines(engagementId: string, evidenceId: string, q: LinesQuery) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'lines', q),
    queryFn: () => viewer.textLines(engagementId, evidenceId, q),
    placeholderData: keepPreviousData,
    staleTime: stale,
    retry: false,
  });
}

/** Where the query matches in the file; nothing to ask when there is no query. */
export function useHits(engagementId: string, evidenceId: string, query: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'hits', query),
    queryFn: () => viewer.hits(engagementId, evidenceId, query),
    enabled: enabled && query.trim() !== '',
    staleTime: stale,
    retry: false,
  });
}

export function useEmail(engagementId: string, evidenceId: string) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'email'),
    queryFn: () => viewer.email(engagementId, evidenceId),
    staleTime: stale,
  });
}

export function useImage(engagementId: string, evidenceId: string) {
  return useQuery({
    queryKey: queryKeys.viewer(engagementId, evidenceId, 'image'),
    queryFn: () => viewer.image(engagementId, evidenceId),
    staleTime: stale,
    retry: false,
  });
}

/**
 * Opened from a search hit that named a part of the file (a group of rows
 * or lines): goes once to the first match in that part, when the matches
 * are in.
 */
export function useFirstHitInPart(hits: Location[] | undefined, part: number | undefined, go: (hit: Location) => void) {
  const applied = useRef(false);
  useEffect(() => {
    if (applied.current || !hits || part === undefined) return;
    applied.current = true;
    const hit = firstHitInPart(hits, part);
    if (hit) go(hit);
    // go is a new function each render; the first set of matches decides.
  }, [hits, part]);
}
