import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { engagements, type Job, type Verification } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { queryKeys } from '../../lib/queryKeys';
import { useJob } from '../../lib/useJobs';

function head(hash: string): string {
  return hash.length > 8 ? `${hash.slice(0, 8)}…` : hash;
}

function Outcome({ job }: { job: Job }) {
  if (job.state === 'running') {
    const progress = job.total > 0 ? ` ${job.done}/${job.total} events` : '';
    return (
      <p className="verify-result" role="status">
        Verifying the chain…{progress}
      </p>
    );
  }
  if (job.state === 'canceled') {
    return (
      <p className="verify-result" role="status">
        Verification canceled — the chain was not checked to the end.
      </p>
    );
  }
  if (job.state === 'failed') {
    return <ErrorMessage title="Could not verify the chain." error={job.error ?? 'Unknown error'} />;
  }
  const v = job.result as Verification | undefined;
  if (!v) {
    return (
      <p className="verify-result" role="status">
        Verification finished without a result.
      </p>
    );
  }
  if (v.intact) {
    return (
      <p className="verify-result ok" role="status">
        <span aria-hidden="true">✓ </span>
        Chain intact — {v.events} {v.events === 1 ? 'event' : 'events'}, head {head(v.head)}
      </p>
    );
  }
  return (
    <p className="verify-result bad" role="status">
      <span aria-hidden="true">✗ </span>
      Chain broken at event {v.broke_at ?? '?'}: {v.reason ?? 'no reason given'}
    </p>
  );
}

/** "Verify chain": starts the verify job, then shows its outcome. */
export function VerifyChain({ engagementId }: { engagementId: string }) {
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => engagements.verify(engagementId),
    onSuccess: (job) => {
      client.setQueryData(queryKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: queryKeys.jobs });
      setJobId(job.id);
    },
  });
  const job = useJob(jobId);
  const state = job.data?.state;

  useEffect(() => {
    if (state && state !== 'running') {
      void client.invalidateQueries({ queryKey: queryKeys.jobs });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    }
  }, [state, client, engagementId]);

  const running = start.isPending || state === 'running';
  return (
    <div className="verify">
      <button type="button" disabled={running} onClick={() => start.mutate()}>
        {running ? 'Verifying…' : 'Verify chain'}
      </button>
      {start.isError ? <ErrorMessage title="Could not start verification." error={start.error} /> : null}
      {job.data ? <Outcome job={job.data} /> : null}
      {job.isError ? <ErrorMessage title="Lost track of the verify job." error={job.error} /> : null}
    </div>
  );
}
