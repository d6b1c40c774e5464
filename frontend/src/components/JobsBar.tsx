import { useMutation, useQueryClient } from '@tanstack/react-query';
import { jobs, type Job } from '../api';
import { applyJobSnapshot, useJobs } from '../lib/useJobs';

function JobItem({ job }: { job: Job }) {
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => jobs.cancel(job.id),
    onSuccess: (j) => applyJobSnapshot(client, j),
  });
  const known = job.total > 0;
  return (
    <li className="job">
      <span className="job-title">{job.title}</span>
      {job.stage ? <span className="job-stage">{job.stage}</span> : null}
      <progress
        aria-label={`${job.title} progress`}
        max={known ? job.total : undefined}
        value={known ? job.done : undefined}
      />
      <span className="job-count">{known ? `${job.done}/${job.total}` : `${job.done}`}</span>
      <button
        type="button"
        className="small"
        aria-label={`Cancel ${job.title}`}
        disabled={cancel.isPending}
        onClick={() => cancel.mutate()}
      >
        {cancel.isPending ? 'Canceling…' : 'Cancel'}
      </button>
      {cancel.isError ? (
        <span role="alert" className="job-error">
          Could not cancel: {cancel.error.message}
        </span>
      ) : null}
    </li>
  );
}

/** Running jobs with progress and a Cancel button each. */
export function JobsBar() {
  const { data } = useJobs();
  const running = (data ?? []).filter((j) => j.state === 'running');
  if (running.length === 0) return null;
  return (
    <section className="jobs-bar" aria-label="Running jobs">
      <ul>
        {running.map((job) => (
          <JobItem key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}
