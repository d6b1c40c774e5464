import { useEffect } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { jobs, onJob, type Job } from '../api';
import { queryKeys } from './queryKeys';

/** Merges a job snapshot into the query cache; when it has finished, refreshes the data it may have changed. */
export function applyJobSnapshot(client: QueryClient, job: Job): void {
  const before = client.getQueryData<Job>(queryKeys.job(job.id));
  client.setQueryData(queryKeys.job(job.id), job);
  client.setQueryData<Job[]>(queryKeys.jobs, (list) => {
    if (!list) return list;
    const i = list.findIndex((j) => j.id === job.id);
    if (i < 0) return [...list, job];
    const next = list.slice();
    next[i] = job;
    return next;
  });
  if (job.state !== 'running' && before?.state !== job.state) {
    void client.invalidateQueries({ queryKey: queryKeys.engagements });
    void client.invalidateQueries({ queryKey: ['trail'] });
    // A population read in the background belongs in the lists however the page was left.
    if (job.kind === 'population') void client.invalidateQueries({ queryKey: ['testing'] });
  }
}

/** Keeps the job cache current from `job` events; mount once in the app shell. */
export function useJobEvents(): void {
  const client = useQueryClient();
  useEffect(() => onJob((job) => applyJobSnapshot(client, job)), [client]);
}

/** All jobs, polled while any is running (events usually arrive first). */
export function useJobs() {
  return useQuery({
    queryKey: queryKeys.jobs,
    queryFn: jobs.list,
    refetchInterval: (q) => (q.state.data?.some((j) => j.state === 'running') ? 1000 : false),
  });
}

/** One job, polled until it stops running. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: queryKeys.job(id ?? ''),
    queryFn: () => jobs.get(id as string),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
}
