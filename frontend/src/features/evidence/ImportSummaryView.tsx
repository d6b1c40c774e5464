import type { ImportProblem, ImportSummary } from '../../api';

function ProblemTable({ title, problems }: { title: string; problems: ImportProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <table className="problem-table" aria-label={title}>
      <caption>
        {title} ({problems.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={`${p.path}\u0000${i}`}>
            <td className="problem-path">{p.path}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '';
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/** The canceled import's outcome, worded as the CLI words it (ingest.Summary.CancelNote). */
export function cancelNote(summary: ImportSummary): string {
  const not = summary.not_imported ?? 0;
  return `Import canceled: ${summary.files_total - not} of ${summary.files_total} files imported; ${not} not imported.`;
}

/** What an import did: counts, then each file that failed, was not read or was encrypted, with why. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const failed = summary.failed ?? [];
  const notExtracted = summary.not_extracted ?? [];
  const encrypted = summary.encrypted ?? [];
  return (
    <section className="import-summary" aria-label="Import summary">
      {summary.canceled ? (
        <p className="import-canceled" role="status">
          <span aria-hidden="true">⚠ </span>
          {cancelNote(summary)}
        </p>
      ) : null}
      <dl className="summary-counts">
        <div>
          <dt>Imported</dt>
          <dd>{summary.imported}</dd>
        </div>
        <div>
          <dt>Duplicates</dt>
          <dd>{summary.duplicates}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{failed.length}</dd>
        </div>
        <div>
          <dt>Not extracted</dt>
          <dd>{notExtracted.length}</dd>
        </div>
        <div>
          <dt>Encrypted</dt>
          <dd>{encrypted.length}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{seconds(summary.elapsed_s)}</dd>
        </div>
      </dl>
      {failed.length + notExtracted.length + encrypted.length > 0 ? (
        <div className="problems">
          <ProblemTable title="Failed" problems={failed} />
          <ProblemTable title="Not extracted" problems={notExtracted} />
          <ProblemTable title="Encrypted" problems={encrypted} />
        </div>
      ) : null}
    </section>
  );
}
