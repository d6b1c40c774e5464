import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evidence, type Evidence, type EvidenceDetail, type EvidenceFilter } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export const PAGE_SIZE = 50;

export function useEvidenceList(engagementId: string, filter: EvidenceFilter) {
  return useQuery({
    queryKey: queryKeys.evidenceList(engagementId, filter),
    queryFn: () => evidence.list(engagementId, filter),
    placeholderData: keepPreviousData,
  });
}

export function useEvidenceDetail(engagementId: string, id: string | null) {
  return useQuery({
    queryKey: queryKeys.evidenceDetail(engagementId, id ?? ''),
    queryFn: () => evidence.get(engagementId, id as string),
    enabled: id !== null,
  });
}

export function useImportStatus() {
  return useQuery({ queryKey: queryKeys.importStatus, queryFn: evidence.status, staleTime: 60_000 });
}

export function useSetAsOf(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, asOf }: { id: string; asOf: string }) => evidence.setAsOf(engagementId, id, asOf),
    onSuccess: (ev: Evidence) => {
      client.setQueryData<EvidenceDetail>(queryKeys.evidenceDetail(engagementId, ev.id), (d) =>
        d ? { ...d, evidence: ev } : d,
      );
      void client.invalidateQueries({ queryKey: queryKeys.evidence(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    },
  });
}
