import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evidence, findings, scope, testing, type Locator, type PinTarget } from '../../api';
import { queryKeys } from '../../lib/queryKeys';
import { scopeKeys } from '../scope/keys';

/**
 * Where a place in an evidence file can go: pinned to a control or a PBC
 * request, to one cell of a test's grid, or into a finding's evidence.
 */
export type PlaceTarget = PinTarget | 'test' | 'finding';

export interface TargetOption {
  id: string;
  label: string;
  /** Why it cannot be chosen now, if it cannot. */
  closed?: string;
}

/** Every control, request, test or finding of the engagement, for the pin form's list. */
export function usePinTargets(engagementId: string, target: PlaceTarget) {
  return useQuery({
    queryKey: ['pin-targets', engagementId, target],
    queryFn: async (): Promise<TargetOption[]> => {
      switch (target) {
        case 'control':
          return (await scope.controls(engagementId, { limit: 1000 })).controls.map((c) => ({ id: c.id, label: `${c.id} · ${c.title}` }));
        case 'request':
          return (await scope.requests(engagementId, { limit: 1000 })).requests.map((r) => ({ id: r.id, label: `${r.id} · ${r.description}` }));
        case 'test':
          return (await testing.tests(engagementId)).map((t) => ({
            id: t.id,
            label: `Test of ${t.control}${t.title ? ` · ${t.title}` : ''}`,
            closed: t.sample_id ? undefined : 'no sample yet',
          }));
        case 'finding':
          return (await findings.list(engagementId, {})).findings.map((f) => ({
            id: f.id,
            label: `${f.id} · ${f.title}`,
            closed: f.status === 'final' ? 'final' : undefined,
          }));
      }
    },
  });
}

/** The sample items and attributes of a test, for choosing the cell to pin to. */
export function useTestCells(engagementId: string, testId: string) {
  return useQuery({
    queryKey: queryKeys.test(engagementId, testId),
    queryFn: () => testing.test(engagementId, testId),
    enabled: testId !== '',
  });
}

export interface PinInput {
  evidenceId: string;
  at: Locator;
  target: PlaceTarget;
  targetId: string;
  /** The test's cell: the sample item's number and the attribute's letter. */
  cell?: { item: number; attr: string };
  note: string;
}

/** Pins a place, or cites it in a finding; everything that lists it is stale after. */
export function usePin(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (p: PinInput) => {
      const ref = { evidence_id: p.evidenceId, ...p.at };
      switch (p.target) {
        case 'test':
          await testing.pin(engagementId, p.targetId, p.cell!.item, p.cell!.attr, ref);
          return p;
        case 'finding':
          await findings.cite(engagementId, p.targetId, p.evidenceId, p.at);
          return p;
        default:
          await evidence.pin(engagementId, p.evidenceId, p.at, p.target, p.targetId, p.note);
          return p;
      }
    },
    onSuccess: (p) => {
      void client.invalidateQueries({ queryKey: queryKeys.evidenceDetail(engagementId, p.evidenceId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.testing(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.findings(engagementId) });
      void client.invalidateQueries({ queryKey: ['pin-targets', engagementId] });
      // A pin to a request links the file to it, which may move its status.
      void client.invalidateQueries({ queryKey: scopeKeys.all(engagementId) });
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
