import { useState } from 'react';
import type { Engagement, TestRow } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { localDateTime } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { TestDetail } from './TestDetail';
import { TestForm } from './TestForm';
import { useTests } from './useTests';

function SignedCell({ s }: { s: TestRow['preparer'] }) {
  return s ? (
    <td title={localDateTime(s.at)}>
      <span aria-hidden="true">✓ </span>
      {s.actor}
    </td>
  ) : (
    <td className="muted">—</td>
  );
}

function TestsTable({ engagementId, rows }: { engagementId: string; rows: TestRow[] }) {
  const open = (t: TestRow) => navigate(paths.test(engagementId, t.id));
  return (
    <table className="data-table tests-table" aria-label="Tests">
      <thead>
        <tr>
          <th scope="col" style={{ width: '8rem' }}>
            Control
          </th>
          <th scope="col" className="num" style={{ width: '5rem' }}>
            Sample
          </th>
          <th scope="col" className="num" style={{ width: '6rem' }}>
            Deviations
          </th>
          <th scope="col" style={{ width: '8rem' }}>
            Status
          </th>
          <th scope="col">Conclusion</th>
          <th scope="col" style={{ width: '8rem' }}>
            Preparer
          </th>
          <th scope="col" style={{ width: '8rem' }}>
            Reviewer
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr
            key={t.id}
            tabIndex={0}
            className="activatable"
            aria-label={`Open the test of ${t.control}${t.title ? ` (${t.title})` : ''}`}
            onClick={() => open(t)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') open(t);
            }}
          >
            <td title={t.title}>{t.control}</td>
            <td className="num">{t.sample_size || '—'}</td>
            <td className="num">{t.sample_size ? t.deviations : '—'}</td>
            <td>
              {t.complete ? (
                <>
                  <span aria-hidden="true">✓ </span>Complete
                </>
              ) : (
                <>
                  <span aria-hidden="true">○ </span>In progress
                </>
              )}
            </td>
            <td title={t.conclusion}>{t.conclusion}</td>
            <SignedCell s={t.preparer} />
            <SignedCell s={t.reviewer} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The engagement's tests of controls, or one test's grid when the address names it. */
export function TestsPage({ engagement, item }: { engagement: Engagement; item?: string }) {
  const list = useTests(engagement.id);
  const [creating, setCreating] = useState(false);
  if (item) return <TestDetail key={item} engagement={engagement} testId={item} />;

  let body;
  if (list.isPending) body = <Loading>Loading the tests…</Loading>;
  else if (list.isError)
    body = (
      <ErrorMessage
        title="Could not load the tests."
        error={list.error}
        action={
          <button type="button" onClick={() => list.refetch()}>
            Try again
          </button>
        }
      />
    );
  else if (list.data.length === 0)
    body = (
      <EmptyState>
        No tests yet. A test checks a control's attributes on each item of a sample: draw the sample on the Populations
        page, then “New test”.
      </EmptyState>
    );
  else body = <TestsTable engagementId={engagement.id} rows={list.data} />;

  return (
    <div className="testing-page with-panel">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Tests</h2>
          <div className="actions">
            <a className="button-link" href={paths.engagement(engagement.id, 'populations')}>
              Populations and samples
            </a>
            <button type="button" onClick={() => setCreating(true)} disabled={creating}>
              New test
            </button>
          </div>
        </div>
        {body}
      </div>
      {creating ? (
        <TestForm
          engagementId={engagement.id}
          test={null}
          onDone={(v) => navigate(paths.test(engagement.id, v.test.id))}
          onCancel={() => setCreating(false)}
        />
      ) : null}
    </div>
  );
}
