import { useEffect, useRef, useState, type CSSProperties, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { dialogs, evidence, isDesktop, onFileDrop, type ImportSummary, type Job } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { queryKeys } from '../../lib/queryKeys';
import { useJob } from '../../lib/useJobs';
import { ImportSummaryView } from './ImportSummaryView';
import { cleanPath } from './format';
import { useImportStatus } from './useEvidence';

// The last import started per engagement, so leaving the page and coming
// back still shows its progress or summary.
const lastImport = new Map<string, string>();

const dropTarget = { '--wails-drop-target': 'drop' } as CSSProperties;

function Progress({ job }: { job: Job }) {
  const { stage, current } = job;
  const known = job.total > 0;
  return (
    <div className="import-progress" role="status">
      <p>
        {stage === 'starting' ? 'Starting the import…' : `${stage.charAt(0).toUpperCase()}${stage.slice(1)}`}
        {known ? ` — ${job.done}/${job.total} files` : job.done > 0 ? ` — ${job.done} files` : ''}
      </p>
      {current ? (
        <p className="import-current">
          <span className="muted">Now: </span>
          <span>{current}</span>
        </p>
      ) : null}
      <progress
        aria-label="Import progress"
        max={known ? job.total : undefined}
        value={known ? job.done : undefined}
      />
    </div>
  );
}

function Outcome({ job }: { job: Job<ImportSummary> }) {
  if (job.state === 'running') return <Progress job={job} />;
  if (job.state === 'failed') {
    return <ErrorMessage title="The import could not run." error={job.error ?? 'Unknown error'} />;
  }
  if (job.result) return <ImportSummaryView summary={job.result} />;
  if (job.state === 'canceled') {
    return (
      <p className="import-canceled" role="status">
        <span aria-hidden="true">⚠ </span>
        Import canceled: what was imported before stays imported.
      </p>
    );
  }
  return <p role="status">The import finished without a summary.</p>;
}

/** Where evidence comes in: file dialogs and a drop zone in the window, a typed path everywhere. */
export function ImportPanel({ engagementId }: { engagementId: string }) {
  const client = useQueryClient();
  const desktop = isDesktop();
  const status = useImportStatus();
  const [path, setPath] = useState('');
  const [jobId, setJobId] = useState<string | null>(() => lastImport.get(engagementId) ?? null);

  const start = useMutation({
    mutationFn: (paths: string[]) => evidence.import(engagementId, paths),
    onSuccess: (job) => {
      client.setQueryData(queryKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: queryKeys.jobs });
      lastImport.set(engagementId, job.id);
      setJobId(job.id);
    },
  });
  const choose = useMutation({
    mutationFn: (folder: boolean) => dialogs.import(folder),
    onSuccess: (paths) => {
      if (paths.length > 0) start.mutate(paths);
    },
  });
  const job = useJob(jobId);
  const state = job.data?.state;
  const running = start.isPending || state === 'running';

  // When the job ends, the table and the counts are out of date. The job's
  // ID is a dependency too: a quick second import can be seen as done at
  // once, with no "running" in between, so its state alone may not change.
  useEffect(() => {
    if (state && state !== 'running') {
      void client.invalidateQueries({ queryKey: queryKeys.jobs });
      void client.invalidateQueries({ queryKey: queryKeys.evidence(engagementId) });
      void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
      // New evidence changes what every search finds.
      void client.invalidateQueries({ queryKey: ['search', engagementId] });
    }
  }, [jobId, state, client, engagementId]);

  // Files dropped on the window (desktop only): the latest handler, registered once.
  const startRef = useRef(start.mutate);
  startRef.current = start.mutate;
  const runningRef = useRef(running);
  runningRef.current = running;
  useEffect(() => {
    if (!desktop) return;
    return onFileDrop((paths) => {
      if (paths.length > 0 && !runningRef.current) startRef.current(paths);
    });
  }, [desktop]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = cleanPath(path);
    if (p) start.mutate([p]);
  };

  return (
    <section className="import-panel" aria-label="Import evidence">
      <h3>Import evidence</h3>
      {desktop ? (
        <div className="drop-zone" style={dropTarget}>
          <p>Drop zip files, folders or files here, or</p>
          <div className="actions">
            <button type="button" disabled={running || choose.isPending} onClick={() => choose.mutate(false)}>
              Choose files…
            </button>
            <button type="button" disabled={running || choose.isPending} onClick={() => choose.mutate(true)}>
              Choose folder…
            </button>
          </div>
        </div>
      ) : null}
      <form className="import-path" onSubmit={submit}>
        <label className="field">
          <span>Path on this machine</span>
          <input
            type="text"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/me/Client PBC/pack.zip"
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={running || cleanPath(path) === ''}>
          {running ? 'Importing…' : 'Import'}
        </button>
      </form>
      {status.data && !status.data.ocr ? (
        <p className="ocr-note muted">
          OCR is off: images are stored with their metadata but their text is not read (install tesseract to
          turn it on)
        </p>
      ) : null}
      {choose.isError ? <ErrorMessage title="Could not open the file dialog." error={choose.error} /> : null}
      {start.isError ? <ErrorMessage title="Could not start the import." error={start.error} /> : null}
      {job.data ? <Outcome job={job.data as Job<ImportSummary>} /> : null}
      {job.isError ? <ErrorMessage title="Lost track of the import job." error={job.error} /> : null}
      {(job.data && job.data.state !== 'running') || job.isError ? (
        <button
          type="button"
          className="small"
          onClick={() => {
            lastImport.delete(engagementId);
            setJobId(null);
          }}
        >
          Hide summary
        </button>
      ) : null}
    </section>
  );
}
