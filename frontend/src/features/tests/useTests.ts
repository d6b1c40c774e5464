import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  evidence,
  sampling,
  scope,
  testing,
  type CellPin,
  type CellResult,
  type SignOffRole,
  type TestInput,
  type TestView,
} from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export function useTests(engagementId: string) {
  return useQuery({ queryKey: queryKeys.tests(engagementId), queryFn: () => testing.tests(engagementId) });
}

export function useTest(engagementId: string, id: string) {
  return useQuery({ queryKey: queryKeys.test(engagementId, id), queryFn: () => testing.test(engagementId, id) });
}

/** Every control, for the test form's list. */
export function useControlChoices(engagementId: string) {
  return useQuery({
    queryKey: ['scope', engagementId, 'controls', 'all'],
    queryFn: async () => (await scope.controls(engagementId, { limit: 1000 })).controls,
  });
}

/** Every sample of the engagement, named with its population, for the test form. */
export function useSampleChoices(engagementId: string) {
  return useQuery({
    queryKey: queryKeys.samples(engagementId, ''),
    queryFn: async () => {
      const [samples, populations] = await Promise.all([testing.samples(engagementId), testing.populations(engagementId)]);
      const names = new Map(populations.map((p) => [p.id, p.name]));
      return samples.map((s) => ({ ...s, population: names.get(s.population_id) ?? s.population_id }));
    },
  });
}

/** An evidence file's name, for a pin; cached per file. */
export function useEvidenceName(engagementId: string, id: string) {
  return useQuery({
    queryKey: queryKeys.evidenceDetail(engagementId, id),
    queryFn: () => evidence.get(engagementId, id),
    select: (d) => d.evidence.path || d.evidence.name,
    staleTime: 60_000,
  });
}

/** The deviation rate and upper deviation limit against the tolerable rate. */
export function useEvaluation(size: number, deviations: number, confidence: string, tolerable: string) {
  return useQuery({
    queryKey: ['evaluation', size, deviations, confidence, tolerable],
    queryFn: () => sampling.evaluate({ sample_size: size, deviations, confidence, tolerable: tolerable || undefined }),
    enabled: size > 0 && confidence !== '',
    staleTime: Infinity,
    retry: false,
  });
}

export function useSaveTest(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: TestInput }) =>
      id ? testing.updateTest(engagementId, id, input) : testing.createTest(engagementId, input),
    onSuccess: (v) => {
      client.setQueryData(queryKeys.test(engagementId, v.test.id), v);
      void client.invalidateQueries({ queryKey: queryKeys.tests(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
      // Coverage counts the tests of each control.
      void client.invalidateQueries({ queryKey: ['scope', engagementId] });
    },
  });
}

/** One change to a test's grid or sign-offs. */
export type TestEdit =
  | { kind: 'cell'; item: number; attr: string; result: CellResult; note: string }
  | { kind: 'pin'; item: number; attr: string; pin: CellPin }
  | { kind: 'unpin'; item: number; attr: string; index: number }
  | { kind: 'signoff'; role: SignOffRole }
  | { kind: 'columns'; columns: number[] };

function run(engagementId: string, testId: string, e: TestEdit): Promise<TestView> {
  switch (e.kind) {
    case 'cell':
      return testing.setCell(engagementId, testId, e.item, e.attr, e.result, e.note);
    case 'pin':
      return testing.pin(engagementId, testId, e.item, e.attr, e.pin);
    case 'unpin':
      return testing.unpin(engagementId, testId, e.item, e.attr, e.index);
    case 'signoff':
      return testing.signOff(engagementId, testId, e.role);
    case 'columns':
      return testing.setColumns(engagementId, testId, e.columns);
  }
}

/**
 * The sentence shown when editing `what` ("cell 3/A", "the test") cleared
 * a sign-off, or '' when it cleared none.
 */
export function clearedNotice(before: TestView | undefined, after: TestView, what: string): string {
  if (!before) return '';
  const p = !!before.test.preparer && !after.test.preparer;
  const r = !!before.test.reviewer && !after.test.reviewer;
  if (!p && !r) return '';
  const who = p && r ? 'the preparer and reviewer sign-offs' : p ? 'the preparer sign-off' : 'the reviewer sign-off';
  return `Editing ${what} cleared ${who}; the trail records it. Sign off again once the test is done.`;
}

/** A result or note typed but not yet stored, shown over the stored grid. */
export interface PendingCell {
  result: CellResult;
  note: string;
  seq: number;
}

/**
 * Edits to one test, run one after another (a mutation scope) so each
 * answer holds every edit before it and the last answer is the test as it
 * stands. Results and notes show at once, before the Go side answers.
 */
export function useTestEdits(engagementId: string, testId: string) {
  const client = useQueryClient();
  const key = queryKeys.test(engagementId, testId);
  const [pending, setPending] = useState<Record<string, PendingCell>>({});
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const mutation = useMutation({
    scope: { id: `test-${engagementId}-${testId}` },
    mutationFn: ({ edit }: { edit: TestEdit; seq: number }) => run(engagementId, testId, edit),
    onSuccess: (view, { edit }) => {
      if (edit.kind === 'signoff') setNotice('');
      else if (edit.kind !== 'columns') {
        const said = clearedNotice(client.getQueryData<TestView>(key), view, `cell ${edit.item}/${edit.attr}`);
        if (said) setNotice(said);
      }
      client.setQueryData(key, view);
      void client.invalidateQueries({ queryKey: queryKeys.tests(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    },
    onError: (err) => setError(err),
    onSettled: (_, __, { edit, seq: n }) => {
      if (edit.kind !== 'cell') return;
      const k = `${edit.item}/${edit.attr}`;
      setPending((p) => {
        if (p[k]?.seq !== n) return p;
        const { [k]: _done, ...rest } = p;
        return rest;
      });
    },
  });

  const edit = (e: TestEdit) => {
    setError(null);
    const n = ++seq.current;
    if (e.kind === 'cell') setPending((p) => ({ ...p, [`${e.item}/${e.attr}`]: { result: e.result, note: e.note, seq: n } }));
    mutation.mutate({ edit: e, seq: n });
  };

  return { edit, pending, notice, setNotice, error, busy: mutation.isPending };
}
