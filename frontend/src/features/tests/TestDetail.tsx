import { useState } from 'react';
import type { CellResult, Engagement } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { shortHash } from '../../lib/format';
import { paths } from '../../lib/router';
import { CellPanel } from './CellPanel';
import { ColumnPicker } from './ColumnPicker';
import { Evaluation } from './Evaluation';
import { Grid, shownCell } from './Grid';
import type { Pos } from './gridKeys';
import { MethodLabel } from '../populations/methods';
import { useActor } from '../session';
import { SignOffs } from './SignOffs';
import { TestForm } from './TestForm';
import { clearedNotice, useTest, useTestEdits } from './useTests';

/** As store.MaxGridColumns: the most population columns a grid shows. */
const maxGridColumns = 8;

/** One test: its procedure and attributes, the grid, the conclusion, the evaluation and the sign-offs. */
export function TestDetail({ engagement, testId }: { engagement: Engagement; testId: string }) {
  const q = useTest(engagement.id, testId);
  const edits = useTestEdits(engagement.id, testId);
  const actor = useActor();
  const [active, setActive] = useState<Pos>({ row: 0, col: 0 });
  const [editing, setEditing] = useState(false);
  const [editSignal, setEditSignal] = useState(0);
  const [focusSignal, setFocusSignal] = useState(0);

  if (q.isPending) return <Loading>Loading the test…</Loading>;
  if (q.isError)
    return (
      <ErrorMessage
        title="Could not open the test."
        error={q.error}
        action={<a href={paths.engagement(engagement.id, 'tests')}>Back to the tests</a>}
      />
    );
  const view = q.data;
  const { test, summary, sample, grid } = view;
  const attrs = test.attributes;
  const at: Pos = {
    row: Math.min(active.row, Math.max(0, grid.length - 1)),
    col: Math.min(active.col, Math.max(0, attrs.length - 1)),
  };
  const hasGrid = grid.length > 0 && attrs.length > 0;

  const setCell = (p: Pos, result: CellResult, note?: string) => {
    const r = grid[p.row];
    const a = attrs[p.col];
    if (!r || !a) return;
    const cell = shownCell(view, edits.pending, p.row, p.col);
    edits.edit({ kind: 'cell', item: r.item.number, attr: a.id ?? '', result, note: note ?? cell.note ?? '' });
  };

  return (
    <div className="testing-page with-panel">
      <div className="list-pane">
        <a href={paths.engagement(engagement.id, 'tests')} className="back-link">
          ← Tests
        </a>
        <div className="toolbar">
          <h2>
            Test of {test.control}
            {test.title ? ` — ${test.title}` : ''}
          </h2>
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)} disabled={editing}>
              Edit test
            </button>
          </div>
        </div>
        {test.procedure ? <p className="procedure pre-wrap">{test.procedure}</p> : <p className="muted">No procedure written yet.</p>}
        <p className="muted small sample-line">
          {sample ? (
            <>
              Sample of {sample.size} items, <MethodLabel method={sample.method} lower />
              {sample.seed ? (
                <>
                  , seed <code>{sample.seed}</code>
                </>
              ) : null}
              , <code>{sample.algorithm}</code>, from population{' '}
              <a href={paths.population(engagement.id, sample.population_id)}>
                {sample.population_name || shortHash(sample.population_hash)}
              </a>{' '}
              <span className="muted">(hash {shortHash(sample.population_hash)})</span>
            </>
          ) : (
            'No sample linked yet: draw one on the Populations page, then edit the test to link it.'
          )}
        </p>

        {edits.notice ? (
          <div className="notice" role="status">
            <span aria-hidden="true">⚠ </span>
            {edits.notice}{' '}
            <button type="button" className="small" onClick={() => edits.setNotice('')}>
              Dismiss
            </button>
          </div>
        ) : null}
        {edits.error ? <ErrorMessage title="The change was not saved." error={edits.error} /> : null}

        <section className="summary" aria-label="Summary">
          <p className="conclusion" aria-label="Conclusion">
            {summary.conclusion}
          </p>
          <p className="muted small">
            {summary.deviations} {summary.deviations === 1 ? 'deviation' : 'deviations'}
            {summary.cells > 0 ? `; ${summary.cells - summary.pending} of ${summary.cells} results recorded` : ''}
          </p>
          <Evaluation test={test} summary={summary} />
          <SignOffs
            test={test}
            summary={summary}
            busy={edits.busy}
            actor={actor}
            onSign={(role) => edits.edit({ kind: 'signoff', role })}
          />
        </section>

        {hasGrid && view.headers.length > 0 ? (
          <ColumnPicker
            headers={view.headers}
            shown={view.columns.map((c) => c.index)}
            custom={(test.columns?.length ?? 0) > 0}
            busy={edits.busy}
            max={maxGridColumns}
            onSave={(columns) => edits.edit({ kind: 'columns', columns })}
          />
        ) : null}
        {hasGrid ? (
          <Grid
            view={view}
            pending={edits.pending}
            active={at}
            focusSignal={focusSignal}
            onActive={setActive}
            onSet={(p, result) => setCell(p, result)}
            onEdit={(p) => {
              setActive(p);
              setEditing(false);
              setEditSignal((n) => n + 1);
            }}
          />
        ) : (
          <EmptyState>
            {attrs.length === 0
              ? 'No attributes yet: edit the test to say what is checked on each item.'
              : 'No sample linked yet: the grid has a row for each sample item.'}
          </EmptyState>
        )}
      </div>
      {editing ? (
        <TestForm
          engagementId={engagement.id}
          test={test}
          onDone={(v) => {
            const said = clearedNotice(view, v, 'the test');
            if (said) edits.setNotice(said);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : hasGrid ? (
        <CellPanel
          engagementId={engagement.id}
          row={grid[at.row]!}
          attribute={attrs[at.col]!}
          cell={shownCell(view, edits.pending, at.row, at.col)}
          editSignal={editSignal}
          onSet={(result, note) => setCell(at, result, note)}
          onPin={(pin) => edits.edit({ kind: 'pin', item: grid[at.row]!.item.number, attr: attrs[at.col]!.id ?? '', pin })}
          onUnpin={(index) =>
            edits.edit({ kind: 'unpin', item: grid[at.row]!.item.number, attr: attrs[at.col]!.id ?? '', index })
          }
          onBack={() => setFocusSignal((n) => n + 1)}
        />
      ) : null}
    </div>
  );
}
