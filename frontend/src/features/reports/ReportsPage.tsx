import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { dialogs, isAppError, isDesktop, reports, type ExportFormatEntry, type ExportResult, type Job, type SaveTarget } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { useJob } from '../../lib/useJobs';
import { useRegistry } from '../../lib/useRegistry';
import './reports.css';

/** In the desktop window: the save dialog, which fills in the path chosen. */
function ChooseButton({ target, name, what, onChosen }: { target: SaveTarget; name: string; what: string; onChosen: (path: string) => void }) {
  const choose = useMutation({
    mutationFn: () => dialogs.saveAs(target, name),
    onSuccess: (path) => {
      if (path) onChosen(path);
    },
  });
  if (!isDesktop()) return null;
  return (
    <>
      <button type="button" className="small choose" aria-label={`Choose where to save ${what}`} disabled={choose.isPending} onClick={() => choose.mutate()}>
        Choose…
      </button>
      {choose.isError ? <ErrorMessage title="Could not open the save dialog." error={choose.error} /> : null}
    </>
  );
}

/** A start refused because a file is already there (a conflict): asks
 * whether to replace it; anything else is shown as the error it is. */
function StartError({ error, what, onReplace, onKeep }: { error: unknown; what: string; onReplace: () => void; onKeep: () => void }) {
  if (!isAppError(error, 'conflict')) {
    return <ErrorMessage title={`Could not start the ${what}.`} error={error} />;
  }
  return (
    <div role="alertdialog" aria-label="Replace the file?" className="replace-confirm">
      <p>{error.message}. Replace it?</p>
      <button type="button" className="small" onClick={onReplace}>
        Replace
      </button>
      <button type="button" className="small" onClick={onKeep}>
        Keep it
      </button>
    </div>
  );
}

/** What a finished job wrote, or where it stands. */
function JobOutcome({ job, what }: { job: Job<ExportResult>; what: string }) {
  if (job.state === 'running') {
    const of = job.total > 0 ? ` ${job.done} of ${job.total}` : '';
    return (
      <p role="status">
        {what}: {job.stage}
        {of}…
      </p>
    );
  }
  if (job.state !== 'done') {
    return <ErrorMessage title={`Could not make the ${what.toLowerCase()}.`} error={job.error ?? 'canceled'} />;
  }
  const res = job.result;
  return (
    <div role="status" className="report-written">
      {(res?.files ?? []).map((f) => (
        <p key={f.path}>
          ✓ Wrote <code className="break">{f.path}</code> ({f.bytes.toLocaleString()} bytes, SHA-256{' '}
          <code title={f.sha256}>{f.sha256.slice(0, 12)}</code>)
        </p>
      ))}
      {(res?.skipped ?? []).map((s) => (
        <p key={s.file} className="muted">
          Did not write {s.file}: {s.reason}
        </p>
      ))}
    </div>
  );
}

/** The pages of the last report made, drawn by MuPDF. */
function Preview({ engagementId, version }: { engagementId: string; version: string }) {
  const [page, setPage] = useState(1);
  const preview = useQuery({
    queryKey: ['report-preview', engagementId, version, page],
    queryFn: () => reports.preview(engagementId, page, 1),
  });
  if (preview.isPending) return <Loading>Drawing page {page}…</Loading>;
  if (preview.isError) return <ErrorMessage title="Could not draw the page." error={preview.error} />;
  const p = preview.data;
  return (
    <section className="report-preview" aria-label="Report preview">
      <div className="report-preview-nav">
        <button type="button" className="small" disabled={p.page <= 1} onClick={() => setPage(p.page - 1)}>
          Previous page
        </button>
        <span className="report-page-indicator">
          Page {p.page} of {p.pages}
        </span>
        <button type="button" className="small" disabled={p.page >= p.pages} onClick={() => setPage(p.page + 1)}>
          Next page
        </button>
      </div>
      <img src={`data:image/png;base64,${p.png}`} alt={`Report page ${p.page} of ${p.pages}`} width={p.width} />
    </section>
  );
}

function ReportForm({ engagementId }: { engagementId: string }) {
  const [final, setFinal] = useState(false);
  const [path, setPath] = useState('');
  const [preparedBy, setPreparedBy] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (overwrite: boolean) => reports.generate(engagementId, { final, path, prepared_by: preparedBy, date: '', overwrite }),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useJob(jobId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setJobId(null);
    start.mutate(false);
  };
  const running = start.isPending || job.data?.state === 'running';
  return (
    <section aria-labelledby="report-heading">
      <h3 id="report-heading">Findings report (PDF)</h3>
      <form className="report-form" onSubmit={submit}>
        <fieldset className="report-kind">
          <legend>Report</legend>
          <label>
            <input type="radio" name="report-kind" checked={!final} onChange={() => setFinal(false)} /> Draft (stamped
            DRAFT, responses may be pending)
          </label>
          <label>
            <input type="radio" name="report-kind" checked={final} onChange={() => setFinal(true)} /> Final (every
            finding issued)
          </label>
        </fieldset>
        <label className="field">
          <span>Save as (full path of the PDF)</span>
          <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/Acme draft report.pdf" />
        </label>
        <ChooseButton target="pdf" name={final ? 'Findings report.pdf' : 'Draft findings report.pdf'} what="the report" onChosen={setPath} />
        <label className="field">
          <span>Prepared by</span>
          <input type="text" value={preparedBy} onChange={(e) => setPreparedBy(e.target.value)} placeholder="you, or your firm" />
        </label>
        <button type="submit" disabled={!path || running}>
          {running ? 'Generating…' : 'Generate report'}
        </button>
      </form>
      {start.isError ? (
        <StartError error={start.error} what="report" onReplace={() => start.mutate(true)} onKeep={() => start.reset()} />
      ) : null}
      {job.data ? <JobOutcome job={job.data as Job<ExportResult>} what="Report" /> : null}
      {job.data?.state === 'done' ? <Preview engagementId={engagementId} version={job.data.id} /> : null}
    </section>
  );
}

function ExportRow({
  engagementId,
  format,
}: {
  engagementId: string;
  format: ExportFormatEntry;
}) {
  const { label } = format;
  const target = format.folder ? 'a folder' : `the ${format.file.slice(format.file.lastIndexOf('.'))} file`;
  const [path, setPath] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (overwrite: boolean) => reports.export(engagementId, format.name, path, overwrite),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useJob(jobId);
  return (
    <li>
      <form
        className="export-row"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          setJobId(null);
          start.mutate(false);
        }}
      >
        <strong>{label}</strong>
        <input type="text" aria-label={`${label}: full path of ${target}`} value={path} onChange={(e) => setPath(e.target.value)} />
        <ChooseButton target={format.folder ? 'folder' : format.name} name={format.file} what={label} onChosen={setPath} />
        <button type="submit" className="small" disabled={!path || start.isPending || job.data?.state === 'running'}>
          Export
        </button>
      </form>
      {start.isError ? (
        <StartError error={start.error} what="export" onReplace={() => start.mutate(true)} onKeep={() => start.reset()} />
      ) : null}
      {job.data ? <JobOutcome job={job.data as Job<ExportResult>} what="Export" /> : null}
    </li>
  );
}

/** Reports: the PDF findings report and the workpaper exports. */
export function ReportsPage({ engagementId }: { engagementId: string }) {
  const registry = useRegistry();
  return (
    <section className="reports-page" aria-labelledby="reports-heading">
      <h2 id="reports-heading">Reports</h2>
      <ReportForm engagementId={engagementId} />
      <section aria-labelledby="exports-heading">
        <h3 id="exports-heading">Exports</h3>
        <ul className="exports">
          {(registry.data?.export_formats ?? []).map((f) => (
            <ExportRow key={f.name} engagementId={engagementId} format={f} />
          ))}
        </ul>
      </section>
    </section>
  );
}
