import { useId, useState, type ChangeEvent } from 'react';
import { fileToBase64, type ImportFile, type ImportKind, type ImportOptions, type ImportPreview } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApplyImport, usePreviewImport } from './useScope';

const titles: Record<ImportKind, string> = {
  controls: 'Import control matrix',
  requests: 'Import request list',
  criteria: 'Import criteria text',
};

const accepts: Record<ImportKind, string> = {
  controls: '.csv,.tsv,.txt,.xlsx',
  requests: '.csv,.tsv,.txt,.xlsx',
  criteria: '.csv,.tsv,.txt,.xlsx,.yaml,.yml',
};

const hints: Record<ImportKind, string> = {
  controls:
    'A CSV or XLSX file with a header row: Control ID, Control, Description, Owner, Frequency, Type, Key, TSC. Nothing is stored until you apply it, and a file with any row error is refused whole.',
  requests:
    'A CSV or XLSX file with a header row: Request ID, Description, Controls, Owner, Due date. Import the control matrix first: requests name its controls.',
  criteria:
    'Your own copy of the criteria wording, as CSV, XLSX or YAML, with columns id, title, text and points of focus. Audit Room does not ship AICPA text.',
};

function Summary({ preview }: { preview: ImportPreview }) {
  const d = preview.diff;
  const verb = preview.applied ? 'Imported' : 'Would add';
  return (
    <div className="import-summary" role="status">
      <p>
        {preview.applied ? <span aria-hidden="true">✓ </span> : null}
        {verb} {d.added.length}, {preview.applied ? 'changed' : 'change'} {d.changed.length}, unchanged{' '}
        {d.unchanged.length}
        {d.not_in_file.length > 0 ? `; ${d.not_in_file.length} stored but not in the file (kept)` : ''}.
      </p>
      {d.changed.length > 0 ? (
        <ul className="changes">
          {d.changed.flatMap((c) =>
            c.fields.map((f) => (
              <li key={`${c.id}/${f.field}`}>
                {c.id} {f.field}: “{f.from}” → “{f.to}”
              </li>
            )),
          )}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Choose a file, check the column mapping the import proposes (and change
 * it), see the first rows and every row error, then apply.
 */
export function ImportDialog({
  engagementId,
  kind,
  onClose,
}: {
  engagementId: string;
  kind: ImportKind;
  onClose: () => void;
}) {
  const inputId = useId();
  const [file, setFile] = useState<Omit<ImportFile, 'options'> | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [readError, setReadError] = useState<unknown>(null);
  const preview = usePreviewImport(engagementId);
  const apply = useApplyImport(engagementId);
  const result = apply.data ?? preview.data;

  const run = (f: Omit<ImportFile, 'options'>, opts: ImportOptions) => {
    setOptions(opts);
    apply.reset();
    preview.mutate({ ...f, options: opts });
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    if (!chosen) return;
    setReadError(null);
    try {
      const f = { kind, name: chosen.name, content: await fileToBase64(chosen) };
      setFile(f);
      run(f, {});
    } catch (err) {
      setReadError(err);
    }
  };

  const setColumn = (field: string, column: number) => {
    if (!file) return;
    run(file, { ...options, mapping: { ...(options.mapping ?? {}), [field]: column } });
  };

  const p = preview.data;
  const fields = p?.mapping ?? [];
  const shownFields = fields.filter((f) => f.column >= 0);

  return (
    <section className="import-panel" aria-label={titles[kind]}>
      <div className="toolbar">
        <h3>{titles[kind]}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">{hints[kind]}</p>
      <label className="field" htmlFor={inputId}>
        <span>File</span>
        <input id={inputId} type="file" accept={accepts[kind]} onChange={onFile} />
      </label>
      {readError ? <ErrorMessage title="Could not read the file." error={readError} /> : null}
      {preview.isPending ? <p role="status">Reading {file?.name}…</p> : null}
      {preview.isError ? <ErrorMessage title={`Could not read ${file?.name ?? 'the file'}.`} error={preview.error} /> : null}

      {p && file ? (
        <>
          <fieldset className="mapping">
            <legend>Columns</legend>
            {p.sheets.length > 1 ? (
              <label className="inline">
                Sheet
                <select value={p.sheet} onChange={(e) => run(file, { sheet: e.target.value })}>
                  {p.sheets.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="inline">
              Header row
              <input
                type="number"
                min={1}
                className="narrow"
                value={p.header_row || ''}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (n > 0) run(file, { sheet: options.sheet, header_row: n });
                }}
              />
            </label>
            <div className="mapping-grid">
              {fields.map((f) => (
                <label key={f.name} className="inline">
                  <span>
                    {f.label}
                    {f.required ? ' (required)' : ''}
                  </span>
                  <select
                    aria-label={`Column for ${f.label}`}
                    value={f.column}
                    onChange={(e) => setColumn(f.name, Number(e.target.value))}
                  >
                    <option value={-1}>— none —</option>
                    {p.columns.map((c) => (
                      <option key={c.index} value={c.index}>
                        {c.letter}: {c.header || '(no header)'}
                      </option>
                    ))}
                  </select>
                  <span className="muted small">{f.column < 0 ? '' : f.auto ? 'recognised' : 'chosen'}</span>
                </label>
              ))}
            </div>
          </fieldset>

          {p.errors.length > 0 ? (
            <div className="row-errors" role="alert">
              <strong>
                <span aria-hidden="true">⚠ </span>
                {p.errors.length} {p.errors.length === 1 ? 'problem' : 'problems'}: fix the file or the columns;
                nothing is imported while any remain.
              </strong>
              <ul>
                {p.errors.slice(0, 100).map((e, i) => (
                  <li key={i}>{e.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {p.warnings.length > 0 ? (
            <ul className="row-warnings">
              {p.warnings.slice(0, 50).map((w, i) => (
                <li key={i}>
                  <span aria-hidden="true">ⓘ </span>
                  {w.message}
                </li>
              ))}
            </ul>
          ) : null}

          <table className="data-table preview-table" aria-label="First rows as read">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {shownFields.map((f) => (
                  <th key={f.name} scope="col">
                    {f.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  {shownFields.map((f) => (
                    <td key={f.name} title={r.values[f.name]}>
                      {r.values[f.name]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {p.total} {p.total === 1 ? 'row' : 'rows'} below the header on row {p.header_row}
            {p.sheet ? ` of sheet “${p.sheet}”` : ''}; the first {p.rows.length} shown.
          </p>

          {result && result.errors.length === 0 ? <Summary preview={result} /> : null}
          {apply.isError ? <ErrorMessage title="The import was refused." error={apply.error} /> : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={p.errors.length > 0 || apply.isPending || apply.isSuccess}
              onClick={() => apply.mutate({ ...file, options })}
            >
              {apply.isPending ? 'Importing…' : 'Apply import'}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
