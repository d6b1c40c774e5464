import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evidence, testing, type Pick, type PopulationOptions, type Sample, type SampleInput } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export const ROWS_PAGE = 50;

export function usePopulations(engagementId: string) {
  return useQuery({ queryKey: queryKeys.populations(engagementId), queryFn: () => testing.populations(engagementId) });
}

export function usePopulation(engagementId: string, id: string) {
  return useQuery({ queryKey: queryKeys.population(engagementId, id), queryFn: () => testing.population(engagementId, id) });
}

/** One page of a population's rows, paged on the Go side. */
export function usePopulationRows(engagementId: string, id: string, offset: number) {
  return useQuery({
    queryKey: queryKeys.populationRows(engagementId, id, offset),
    queryFn: () => testing.rows(engagementId, id, offset, ROWS_PAGE),
    placeholderData: keepPreviousData,
  });
}

export function useSamples(engagementId: string, populationId: string) {
  return useQuery({
    queryKey: queryKeys.samples(engagementId, populationId),
    queryFn: () => testing.samples(engagementId, populationId),
  });
}

export function useSample(engagementId: string, id: string | null) {
  return useQuery({
    queryKey: queryKeys.sample(engagementId, id ?? ''),
    queryFn: () => testing.sample(engagementId, id as string),
    enabled: id !== null,
  });
}

const spreadsheetFilter = (type: string) => ({ text: '', type, status: '', sort: 'name' as const, offset: 0, limit: 500 });

/** The engagement's CSV, TSV and XLSX evidence: the files a population can come from. */
export function useSpreadsheets(engagementId: string) {
  return useQuery({
    queryKey: [...queryKeys.evidence(engagementId), 'spreadsheets'],
    queryFn: async () => {
      const pages = await Promise.all(
        ['csv', 'tsv', 'xlsx'].map((type) => evidence.list(engagementId, spreadsheetFilter(type))),
      );
      return pages.flatMap((p) => p.items).sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
    },
  });
}

/** The first rows of a file from the header row on, to choose the columns. */
export function usePreview(engagementId: string, evidenceId: string, sheet: string, headerRow: number) {
  return useQuery({
    queryKey: ['population-preview', engagementId, evidenceId, sheet, headerRow],
    queryFn: () => testing.preview(engagementId, evidenceId, sheet, headerRow),
    enabled: evidenceId !== '' && headerRow >= 1,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreatePopulation(engagementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: PopulationOptions) => testing.createPopulation(engagementId, options),
    onSuccess: (job) => {
      client.setQueryData(queryKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: queryKeys.jobs });
    },
  });
}

/** After a draw or an extension: the sample lists, the tests over them and the trail. */
function useSampleSaved(engagementId: string) {
  const client = useQueryClient();
  return (s: Sample) => {
    client.setQueryData(queryKeys.sample(engagementId, s.id), s);
    void client.invalidateQueries({ queryKey: queryKeys.samples(engagementId, s.population_id) });
    void client.invalidateQueries({ queryKey: queryKeys.samples(engagementId, '') });
    void client.invalidateQueries({ queryKey: queryKeys.tests(engagementId) });
    void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
  };
}

export function useDraw(engagementId: string, populationId: string) {
  const saved = useSampleSaved(engagementId);
  return useMutation({
    mutationFn: (input: SampleInput) => testing.draw(engagementId, populationId, input),
    onSuccess: saved,
  });
}

export function useExtend(engagementId: string) {
  const saved = useSampleSaved(engagementId);
  return useMutation({
    mutationFn: ({ id, size, picks }: { id: string; size: number; picks?: Pick[] }) =>
      testing.extend(engagementId, id, size, picks),
    onSuccess: saved,
  });
}

export function useRedraw(engagementId: string) {
  return useMutation({ mutationFn: (id: string) => testing.redraw(engagementId, id) });
}
