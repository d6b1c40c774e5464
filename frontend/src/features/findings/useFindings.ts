import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  findings,
  scope,
  type DeficiencyInput,
  type FindingFilter,
  type FindingInput,
  type FindingStatus,
  type ResponseInput,
} from '../../api';
import { queryKeys } from '../../lib/queryKeys';

/** Query keys of this feature; everything of one engagement hangs off all(id). */
export const findingKeys = {
  all: queryKeys.findings,
  register: (id: string) => ['findings', id, 'register'] as const,
  list: (id: string, filter: FindingFilter) => ['findings', id, 'list', filter] as const,
  detail: (id: string, findingId: string) => ['findings', id, 'detail', findingId] as const,
  templates: (id: string) => ['findings', id, 'templates'] as const,
  packets: (id: string) => ['findings', id, 'packets'] as const,
  evaluate: (id: string, input: DeficiencyInput | null) => ['findings', id, 'evaluate', input] as const,
  controls: (id: string) => ['findings', id, 'controls'] as const,
};

export function useRegister(engagementId: string) {
  return useQuery({ queryKey: findingKeys.register(engagementId), queryFn: () => findings.exceptions(engagementId) });
}

export function useFindingList(engagementId: string, filter: FindingFilter) {
  return useQuery({
    queryKey: findingKeys.list(engagementId, filter),
    queryFn: () => findings.list(engagementId, filter),
    placeholderData: keepPreviousData,
  });
}

export function useFinding(engagementId: string, findingId: string | undefined) {
  return useQuery({
    queryKey: findingKeys.detail(engagementId, findingId ?? ''),
    queryFn: () => findings.get(engagementId, findingId!),
    enabled: !!findingId,
  });
}

export function useTemplates(engagementId: string) {
  return useQuery({ queryKey: findingKeys.templates(engagementId), queryFn: () => findings.templates(engagementId), staleTime: Infinity });
}

export function usePackets(engagementId: string) {
  return useQuery({ queryKey: findingKeys.packets(engagementId), queryFn: () => findings.packets(engagementId) });
}

/** Every control of the matrix, for the evaluation's pickers. */
export function useAllControls(engagementId: string) {
  return useQuery({
    queryKey: findingKeys.controls(engagementId),
    queryFn: async () => (await scope.controls(engagementId, { sort: 'id', limit: 1000 })).controls,
  });
}

/** The proposal for a complete deficiency; nothing is asked while it is incomplete. */
export function useEvaluation(engagementId: string, input: DeficiencyInput | null) {
  return useQuery({
    queryKey: findingKeys.evaluate(engagementId, input),
    queryFn: () => findings.evaluate(engagementId, input!),
    enabled: input !== null,
    placeholderData: keepPreviousData,
  });
}

/** After a change: the findings, the register, the packets and the trail are stale. */
function useInvalidate(engagementId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: findingKeys.all(engagementId) }),
      client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) }),
      client.invalidateQueries({ queryKey: queryKeys.evidence(engagementId) }),
    ]);
}

export function useSaveFinding(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: FindingInput }) => findings.save(engagementId, id, input),
    onSuccess: () => invalidate(),
  });
}

export function useMoveFinding(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: (m: { id: string; to?: FindingStatus; comment: string }) =>
      m.to ? findings.setStatus(engagementId, m.id, m.to, m.comment) : findings.signOff(engagementId, m.id),
    onSuccess: () => invalidate(),
  });
}

export function useExportPacket(engagementId: string, responder: boolean) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ path, passphrase }: { path: string; passphrase: string }) =>
      responder
        ? findings.exportResponse(engagementId, path, passphrase)
        : findings.exportPacket(engagementId, path, passphrase),
    onSuccess: () => invalidate(),
  });
}

export function useImportPacket(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ path, passphrase, confirm }: { path: string; passphrase: string; confirm: string[] }) =>
      findings.importPacket(engagementId, path, passphrase, confirm),
    onSuccess: () => invalidate(),
  });
}

export function useRespond(engagementId: string) {
  const invalidate = useInvalidate(engagementId);
  return useMutation({
    mutationFn: ({ findingId, input }: { findingId: string; input: ResponseInput }) =>
      findings.respond(engagementId, findingId, input),
    onSuccess: () => invalidate(),
  });
}

export function useOpenResponderPacket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, passphrase }: { path: string; passphrase: string }) => findings.openResponderPacket(path, passphrase),
    onSuccess: (e) =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.engagements }),
        client.invalidateQueries({ queryKey: findingKeys.all(e.id) }),
      ]),
  });
}
