import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  scope,
  type Control,
  type ControlFilter,
  type CriteriaFilter,
  type ImportFile,
  type RequestFilter,
  type RequestStatus,
} from '../../api';
import { queryKeys } from '../../lib/queryKeys';
import { scopeKeys } from './keys';

export const PAGE_SIZE = 50;

interface PagedFilter {
  sort?: string;
  desc?: boolean;
  offset?: number;
  limit?: number;
}

/**
 * A list's filter, sorted and paged on the Go side, by ID at first. A new
 * filter or sort goes back to the first page; sorting by the same key
 * again reverses the order.
 */
export function usePagedFilter<F extends PagedFilter>() {
  const [filter, setFilter] = useState<F>({ sort: 'id', offset: 0, limit: PAGE_SIZE } as F);
  const sort = (filter.sort ?? 'id') as NonNullable<F['sort']>;
  return {
    filter,
    sort,
    change: (patch: Partial<F>) => setFilter({ ...filter, offset: 0, ...patch }),
    onSort: (key: string) =>
      setFilter({ ...filter, sort: key, desc: sort === key ? !filter.desc : false, offset: 0 }),
    setOffset: (offset: number) => setFilter({ ...filter, offset }),
  };
}

export function useCriteria(engagementId: string, filter: CriteriaFilter) {
  return useQuery({
    queryKey: scopeKeys.criteria(engagementId, filter),
    queryFn: () => scope.criteria(engagementId, filter),
    placeholderData: keepPreviousData,
  });
}

export function useControls(engagementId: string, filter: ControlFilter) {
  return useQuery({
    queryKey: scopeKeys.controls(engagementId, filter),
    queryFn: () => scope.controls(engagementId, filter),
    placeholderData: keepPreviousData,
  });
}

export function useRequests(engagementId: string, filter: RequestFilter) {
  return useQuery({
    queryKey: scopeKeys.requests(engagementId, filter),
    queryFn: () => scope.requests(engagementId, filter),
    placeholderData: keepPreviousData,
  });
}

export function useCoverage(engagementId: string) {
  return useQuery({ queryKey: scopeKeys.coverage(engagementId), queryFn: () => scope.coverage(engagementId) });
}

/** After a change: the scope lists, coverage and the trail are stale. */
function useInvalidate(engagementId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: scopeKeys.all(engagementId) }),
      client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) }),
    ]);
}

export function usePreviewImport(engagementId: string) {
  return useMutation({ mutationFn: (file: ImportFile) => scope.previewImport(engagementId, file) });
}

export function useApplyImport(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: (file: ImportFile) => scope.applyImport(engagementId, file),
    onSuccess: () => invalidate(),
  });
}

export function useSaveControl(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ control, create }: { control: Control; create: boolean }) =>
      scope.saveControl(engagementId, control, create),
    onSuccess: () => invalidate(),
  });
}

export function useSetRequestStatus(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ id, status, comment }: { id: string; status: RequestStatus; comment: string }) =>
      scope.setRequestStatus(engagementId, id, status, comment),
    onSuccess: () => invalidate(),
  });
}

/**
 * Links or unlinks an evidence file and a request or control. Both sides
 * show the link, so the evidence lists and details are stale as well as the scope.
 */
export function useLinkEvidence(engagementId: string, to: 'request' | 'control') {
  const invalidate = useInvalidate(engagementId);
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ targetId, evidenceId, link }: { targetId: string; evidenceId: string; link: boolean }) => {
      await (to === 'request' ? scope.linkEvidence : scope.linkControl)(engagementId, targetId, evidenceId, link);
    },
    onSuccess: () =>
      Promise.all([invalidate(), client.invalidateQueries({ queryKey: queryKeys.evidence(engagementId) })]),
  });
}
