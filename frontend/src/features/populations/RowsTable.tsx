import { useState } from 'react';
import type { Population } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { shortHash } from '../../lib/format';
import { ROWS_PAGE, usePopulationRows } from './usePopulations';

/** Columns shown at most: a workbook may be thousands wide. */
const MAX_COLUMNS = 60;

/** The population's rows as read, paged on the Go side; cells are text. */
export function RowsTable({ engagementId, population }: { engagementId: string; population: Population }) {
  const [offset, setOffset] = useState(0);
  const page = usePopulationRows(engagementId, population.id, offset);
  const role = (i: number) =>
    i === population.key.index
      ? ' (key)'
      : i === population.date.index
        ? ' (date)'
        : i === population.amount?.index
          ? ' (amount)'
          : i === population.stratum?.index
            ? ' (stratum)'
            : '';
  const headers = population.headers ?? [];

  if (page.isPending) return <Loading>Loading the rows…</Loading>;
  if (page.isError) return <ErrorMessage title="Could not load the rows." error={page.error} />;
  const rows = page.data.rows;
  const all = Math.max(headers.length, ...rows.map((r) => r.cells.length));
  const width = Math.min(all, MAX_COLUMNS);
  return (
    <section aria-label="Rows">
      <div className="wide-table">
        <table className="data-table rows-table" aria-label="Population rows">
          <thead>
            <tr>
              <th scope="col" className="num" title="Position in the population">
                #
              </th>
              <th scope="col" className="num" title="Row in the file">
                Row
              </th>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} scope="col" title={headers[i] ?? ''}>
                  {headers[i] || '—'}
                  <span className="column-role">{role(i)}</span>
                </th>
              ))}
              <th scope="col">Row hash</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.index}>
                <td className="num">{r.index + 1}</td>
                <td className="num">{r.row}</td>
                {Array.from({ length: width }, (_, i) => (
                  <td key={i} title={r.cells[i] ?? ''}>
                    {r.cells[i] ?? ''}
                  </td>
                ))}
                <td>
                  <code title={r.hash}>{shortHash(r.hash)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {all > width ? (
        <p className="muted small">
          The first {width} of {all} columns are shown; every cell is part of its row's hash.
        </p>
      ) : null}
      <Pagination
        label="Population rows"
        noun="Rows"
        offset={offset}
        shown={rows.length}
        total={page.data.total}
        pageSize={ROWS_PAGE}
        onOffset={setOffset}
      />
    </section>
  );
}
