import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DateOrder, Job, Population, PopulationPreview } from '../../api';
import { frequencies } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { queryKeys } from '../../lib/queryKeys';
import { useJob } from '../../lib/useJobs';
import { columnLabel, columnSpec, guessColumns } from './columnSpec';
import { frequencyText, megabytes } from './format';
import { useCreatePopulation, usePreview, useSpreadsheets } from './usePopulations';
import { useControlChoices } from '../tests/useTests';

interface Choice {
  key: number;
  date: number;
  amount: number;
  stratum: number;
  name: string;
  stated: string;
  dateOrder: DateOrder;
  filters: string;
  control: string;
  frequency: string;
  businessDays: boolean;
}

const none: Choice = {
  key: -1,
  date: -1,
  amount: -1,
  stratum: -1,
  name: '',
  stated: '',
  dateOrder: '',
  filters: '',
  control: '',
  frequency: '',
  businessDays: false,
};

function ColumnSelect({
  label,
  preview,
  value,
  optional,
  onChange,
}: {
  label: string;
  preview: PopulationPreview;
  value: number;
  optional?: boolean;
  onChange: (index: number) => void;
}) {
  return (
    <label className="field">
      <span>
        {label}
        {optional ? ' (optional)' : ''}
      </span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} required={!optional}>
        <option value={-1}>{optional ? '— none —' : 'Choose a column…'}</option>
        {preview.columns.map((c) => (
          <option key={c.index} value={c.index}>
            {columnLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The first rows as read, so the user can see the header row and the columns. */
function PreviewTable({ preview, choice }: { preview: PopulationPreview; choice: Choice }) {
  const role = (i: number) =>
    i === choice.key ? 'key' : i === choice.date ? 'date' : i === choice.amount ? 'amount' : i === choice.stratum ? 'stratum' : '';
  return (
    <div className="wide-table">
      <table className="data-table preview-table" aria-label="First rows of the file">
        <thead>
          <tr>
            <th scope="col" className="num">
              Row
            </th>
            {preview.columns.map((c) => (
              <th key={c.index} scope="col" title={c.header}>
                {c.letter}
                {role(c.index) ? <span className="column-role"> ({role(c.index)})</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.row} className={r.row === preview.header_row ? 'header-row' : undefined}>
              <td className="num">{r.row}</td>
              {preview.columns.map((c) => (
                <td key={c.index} title={r.cells[c.index] ?? ''}>
                  {r.cells[c.index] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobProgress({ job }: { job: Job }) {
  const known = job.total > 0;
  return (
    <div className="job-progress" role="status">
      <p>
        Reading the rows of the file
        {known ? ` — ${megabytes(job.done)} of ${megabytes(job.total)}` : '…'}
      </p>
      <progress aria-label="Population progress" max={known ? job.total : undefined} value={known ? job.done : undefined} />
    </div>
  );
}

/**
 * Freezes a population from a CSV or XLSX evidence file: choose the file,
 * see its first rows, name the key, date and other columns, then read it
 * whole as a job. When the job ends, onCreated gets the population.
 */
export function CreatePopulation({
  engagementId,
  onCreated,
  onClose,
}: {
  engagementId: string;
  onCreated: (p: Population) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const files = useSpreadsheets(engagementId);
  const [evidenceId, setEvidenceId] = useState('');
  const [sheet, setSheet] = useState('');
  const [headerRow, setHeaderRow] = useState(1);
  // What is typed may be empty on the way to another number; the preview follows whole numbers only.
  const [headerText, setHeaderText] = useState('1');
  const [choice, setChoice] = useState<Choice>(none);
  const [jobId, setJobId] = useState<string | null>(null);
  const preview = usePreview(engagementId, evidenceId, sheet, headerRow);
  const create = useCreatePopulation(engagementId);
  const job = useJob(jobId);
  const p = preview.data;
  const file = files.data?.find((f) => f.id === evidenceId);
  const controls = useControlChoices(engagementId);
  const control = controls.data?.find((c) => c.id === choice.control);
  // The gap check's frequency as the Go side will settle it: typed, else the control's.
  const gapFrequency = frequencyText({
    control: choice.control,
    frequency: choice.frequency || control?.frequency,
    frequency_source: choice.frequency ? 'typed' : control?.frequency ? 'control' : undefined,
    business_days: choice.businessDays,
  });

  // A new file, sheet or header row: guess the key and date columns afresh.
  useEffect(() => {
    if (p) setChoice((c) => ({ ...c, ...guessColumns(p.columns, p.date_column?.index), amount: -1, stratum: -1 }));
  }, [p]);

  // The job's end is seen once per job, however often its snapshot arrives.
  const handled = useRef<string | null>(null);
  const state = job.data?.state;
  const result = job.data?.result as Population | undefined;
  useEffect(() => {
    if (state !== 'done' || !result || handled.current === jobId) return;
    handled.current = jobId;
    void client.invalidateQueries({ queryKey: queryKeys.populations(engagementId) });
    void client.invalidateQueries({ queryKey: queryKeys.trail(engagementId) });
    onCreated(result);
  }, [state, result, jobId, client, engagementId, onCreated]);

  const running = create.isPending || state === 'running';
  const set = (patch: Partial<Choice>) => setChoice({ ...choice, ...patch });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!p) return;
    const spec = (i: number) => (i < 0 ? '' : columnSpec(p.columns, i));
    const stated = choice.stated.trim() === '' ? undefined : Number(choice.stated.replace(/[,\s]/g, ''));
    create.mutate(
      {
        evidence_id: evidenceId,
        name: choice.name.trim() || undefined,
        sheet: p.sheet || undefined,
        header_row: headerRow,
        key: spec(choice.key),
        date: spec(choice.date),
        amount: spec(choice.amount) || undefined,
        stratum: spec(choice.stratum) || undefined,
        stated_count: stated,
        date_order: choice.dateOrder,
        filters: choice.filters
          .split('\n')
          .map((f) => f.trim())
          .filter((f) => f !== ''),
        control: choice.control || undefined,
        frequency: choice.frequency || undefined,
        business_days: choice.businessDays || undefined,
      },
      { onSuccess: (j) => setJobId(j.id) },
    );
  };

  let body;
  if (files.isPending) body = <Loading>Looking for CSV and XLSX evidence…</Loading>;
  else if (files.isError) body = <ErrorMessage title="Could not list the evidence." error={files.error} />;
  else if (files.data.length === 0)
    body = (
      <EmptyState>
        No CSV or XLSX evidence yet. Import the client's export (a ticket list, a user list…) on the Evidence page
        first.
      </EmptyState>
    );
  else
    body = (
      <form onSubmit={submit} aria-label="New population">
        <label className="field">
          <span>Evidence file</span>
          <select
            value={evidenceId}
            onChange={(e) => {
              setEvidenceId(e.target.value);
              setSheet('');
              setHeaderRow(1);
              setHeaderText('1');
              setChoice(none);
            }}
            required
          >
            <option value="">Choose a CSV or XLSX file…</option>
            {files.data.map((f) => (
              <option key={f.id} value={f.id}>
                {f.path || f.name}
              </option>
            ))}
          </select>
        </label>
        {preview.isFetching && !p ? <Loading>Reading the first rows of {file?.name}…</Loading> : null}
        {preview.isError ? <ErrorMessage title={`Could not read ${file?.name ?? 'the file'}.`} error={preview.error} /> : null}
        {p && evidenceId ? (
          <>
            <div className="field-row">
              {p.sheets && p.sheets.length > 1 ? (
                <label className="field">
                  <span>Sheet</span>
                  <select value={p.sheet} onChange={(e) => setSheet(e.target.value)}>
                    {p.sheets.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <label className="field">
                <span>Header row</span>
                <input
                  type="number"
                  min={1}
                  value={headerText}
                  onChange={(e) => {
                    setHeaderText(e.target.value);
                    const n = Number(e.target.value);
                    if (Number.isInteger(n) && n >= 1) setHeaderRow(n);
                  }}
                />
              </label>
            </div>
            <PreviewTable preview={p} choice={choice} />
            <p className="muted small">
              The first {p.rows.length} rows from row {p.header_row}
              {p.sheet ? ` of sheet “${p.sheet}”` : ''}
              {p.encoding ? `, read as ${p.encoding}` : ''}.
            </p>
            <div className="field-grid">
              <ColumnSelect label="Key column" preview={p} value={choice.key} onChange={(key) => set({ key })} />
              <ColumnSelect label="Date column" preview={p} value={choice.date} onChange={(date) => set({ date })} />
              <ColumnSelect label="Amount column" optional preview={p} value={choice.amount} onChange={(amount) => set({ amount })} />
              <ColumnSelect label="Stratum column" optional preview={p} value={choice.stratum} onChange={(stratum) => set({ stratum })} />
              <label className="field">
                <span>Dates are written</span>
                <select value={choice.dateOrder} onChange={(e) => set({ dateOrder: e.target.value as DateOrder })}>
                  <option value="">Decide from the file</option>
                  <option value="dmy">Day/month/year</option>
                  <option value="mdy">Month/day/year</option>
                </select>
              </label>
              <label className="field">
                <span>Row count the client stated (optional)</span>
                <input
                  inputMode="numeric"
                  value={choice.stated}
                  placeholder="e.g. 1,204"
                  onChange={(e) => set({ stated: e.target.value })}
                />
              </label>
            </div>
            {p.date_column && choice.date === p.date_column.index ? (
              <p className="muted small" aria-label="Why this date column">
                Date column proposed: {p.date_column.reason}. Choose another above if it is not the date the control
                operated.
              </p>
            ) : null}
            <label className="field">
              <span>Filters (optional, one a line)</span>
              <textarea
                rows={3}
                spellCheck={false}
                value={choice.filters}
                placeholder={'environment=production\nstatus!=cancelled\ntype in (standard,emergency)\nDeployed On between 2026-01-01..2026-06-30'}
                onChange={(e) => set({ filters: e.target.value })}
              />
            </label>
            <p className="muted small">
              Only rows meeting every filter are frozen; the filters are recorded with the population and its hash covers
              them.
            </p>
            <div className="field-row">
              <label className="field">
                <span>Control (optional)</span>
                <select value={choice.control} onChange={(e) => set({ control: e.target.value })}>
                  <option value="">— none —</option>
                  {(controls.data ?? []).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.id} · {c.title}
                      {c.frequency ? ` (${c.frequency})` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Control frequency (gap check)</span>
                <select value={choice.frequency} onChange={(e) => set({ frequency: e.target.value })}>
                  <option value="">
                    {control?.frequency ? `The control's: ${control.frequency}` : 'Not stated: every day'}
                  </option>
                  {frequencies.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline">
                <input type="checkbox" checked={choice.businessDays} onChange={(e) => set({ businessDays: e.target.checked })} />
                Business days only: weekends are not gaps
              </label>
            </div>
            <p className="muted small" aria-label="Gap check frequency">
              The gap check follows the frequency {gapFrequency}
              {choice.frequency && control?.frequency ? `, over control ${control.id}'s ${control.frequency}` : ''}.
            </p>
            <label className="field">
              <span>Name</span>
              <input value={choice.name} placeholder={file?.name} onChange={(e) => set({ name: e.target.value })} />
            </label>
            {create.isError ? <ErrorMessage title="Could not start reading the population." error={create.error} /> : null}
            <div className="actions">
              <button type="submit" className="primary" disabled={running || choice.key < 0 || choice.date < 0}>
                {running ? 'Reading…' : 'Create population'}
              </button>
            </div>
          </>
        ) : null}
      </form>
    );

  return (
    <section className="import-panel" aria-label="New population">
      <div className="toolbar">
        <h3>New population</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        A population is frozen from one CSV or XLSX evidence file: every row gets a hash, and the population keeps the
        file's hash, so the sample drawn from it can be shown to come from what the client sent.
      </p>
      {body}
      {job.data?.state === 'running' ? <JobProgress job={job.data} /> : null}
      {job.data?.state === 'failed' ? (
        <ErrorMessage title="The population could not be read." error={job.data.error ?? 'Unknown error'} />
      ) : null}
      {job.data?.state === 'canceled' ? <p role="status">Canceled: no population was stored.</p> : null}
      {job.isError ? <ErrorMessage title="Lost track of the job reading the population." error={job.error} /> : null}
    </section>
  );
}
