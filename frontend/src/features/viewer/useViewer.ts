import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { viewer, type LinesQuery, type SheetQuery } from '../../api';
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
