import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evidence, scope, type Locator, type PinTarget } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

/** Every control or every request of the engagement, for the pin form's list. */
export function usePinTargets(engagementId: string, target: PinTarget) {
  return useQuery({
    queryKey: ['pin-targets', engagementId, target],
    queryFn: async () =>
      target === 'control'
        ? (await scope.controls(engagementId, { limit: 1000 })).controls.map((c) => ({ id: c.id, label: c.title }))
        : (await scope.requests(engagementId, { limit: 1000 })).requests.map((r) => ({ id: r.id, label: r.description })),
  });
}

export interface PinInput {
  evidenceId: string;
  at: Locator;
  target: PinTarget;
  targetId: string;
  note: string;
}

export function usePin(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (p: PinInput) => evidence.pin(engagementId, p.evidenceId, p.at, p.target, p.targetId, p.note),
    onSuccess: (pin) => {
      void client.invalidateQueries({ queryKey: queryKeys.evidenceDetail(engagementId, pin.evidence_id) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    },
  });
}

export function useUnpin(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ evidenceId, pinId }: { evidenceId: string; pinId: string }) =>
      evidence.unpin(engagementId, evidenceId, pinId),
    onSuccess: (_, { evidenceId }) => {
      void client.invalidateQueries({ queryKey: queryKeys.evidenceDetail(engagementId, evidenceId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    },
  });
}
