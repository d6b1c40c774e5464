import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Cell, CellPin, CellResult, Engagement, TestView } from '../../api';
import { fakeGo, renderWithClient } from '../../test/utils';
import { TestDetail } from './TestDetail';

const engagement: Engagement = {
  id: 'e1', name: 'Acme FY26', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-12-31',
  categories: ['security'], created_at: '', created_by: '',
};

const hostile = '<img src=x onerror="window.__x=1">';

const headers = ['Requester', 'Ticket', 'Team', 'Opened', 'Approver'];

/** A test of 3 items × 2 attributes whose cells live in `cells`, signed off by the preparer. */
function fakeTest() {
  const cells: Record<string, Cell> = {};
  let chosen: number[] = [];
  let preparer: TestView['test']['preparer'] = { actor: 'ann', at: '2026-11-02T09:00:00Z' };
  const view = (): TestView => {
    const attrs = [
      { id: 'A', description: 'Approved', exception: 'lacked approval' },
      { id: 'B', description: 'Tested' },
    ];
    const items = [1, 2, 3].map((n) => ({ number: n, index: n * 10, round: 0, row: n * 10 + 1, key: n === 2 ? hostile : `CHG-${n}`, hash: 'h' }));
    const pending = 6 - Object.values(cells).filter((c) => c.result).length;
    // Key, date and two more until the tester chooses.
    const shown = chosen.length > 0 ? chosen : [1, 3, 0, 2];
    return {
      test: {
        id: 't1', control: 'CM-01', procedure: 'Inspect.', attributes: attrs, sample_id: 's1', confidence: '95%', tolerable: '5%',
        cells: { ...cells }, columns: chosen.length > 0 ? chosen : undefined, preparer, created_at: '', created_by: '', updated_at: '', updated_by: '',
      },
      sample: { id: 's1', population_id: 'p1', population_hash: 'abcdef0123', population_name: 'changes.csv', method: 'random', algorithm: 'auditroom-random-v1', seed: '42', size: 3 },
      grid: items.map((it) => {
        const row = [`user${it.number}`, it.key, 'ops', `2026-03-0${it.number}`, `mgr${it.number}`];
        return { item: it, cells: attrs.map((a) => cells[`${it.number}/${a.id}`] ?? {}), values: shown.map((i) => row[i]!) };
      }),
      columns: shown.map((i) => ({ index: i, letter: 'ABCDE'[i]!, header: headers[i]! })),
      headers,
      summary: {
        sample_size: 3, cells: 6, pending, complete: pending === 0, exceptions: 0, deviations: 0, deviating: [], by_attribute: [],
        conclusion: pending ? `Testing incomplete: ${pending} of 6 results not recorded.` : 'No exceptions noted.',
      },
    };
  };
  const setCell = vi.fn(async (_e: string, _t: string, item: number, attr: string, result: CellResult, note: string) => {
    cells[`${item}/${attr}`] = { result, note };
    preparer = undefined; // any edit clears the sign-off
    return view();
  });
  const setColumns = vi.fn(async (_e: string, _t: string, columns: number[]) => {
    chosen = columns;
    return view();
  });
  const pin = (p: CellPin) => {
    cells['1/A'] = { result: 'exception', pins: [p] };
  };
  return { view, setCell, setColumns, pin };
}

function install(setCell: (...a: never[]) => Promise<unknown>, view: () => TestView, setColumns?: (...a: never[]) => Promise<unknown>) {
  fakeGo({
    Testing: { Test: () => Promise.resolve(view()), SetCell: setCell, SetTestColumns: setColumns ?? vi.fn(), Tests: () => Promise.resolve([]) },
    Evidence: {
      Get: () => Promise.resolve({ evidence: { id: 'ev1', name: 'changes.csv', path: 'pack/changes.csv' }, provenance: [], pins: [], uses: [] }),
    },
    Sampling: {
      Evaluate: () =>
        Promise.resolve({
          sample_size: 3, deviations: 0, confidence: 0.95, sample_deviation_rate: 0, upper_deviation_limit: 0.632,
          upper_deviation_limit_exact: 0.6316, tolerable_rate: 0.05, supports_reliance: false, size_needed: 59,
          conclusion: '', text: 'Upper deviation limit: 63.2% at 95% confidence',
        }),
    },
    Engagements: { Trail: () => Promise.resolve({ events: [], total: 0 }) },
  });
}

describe('TestDetail', () => {
  it('records results from the keyboard, writes a note, and says a sign-off was cleared', async () => {
    const { view, setCell } = fakeTest();
    install(setCell as never, view);
    const { container } = renderWithClient(<TestDetail engagement={engagement} testId="t1" />);
    const grid = await screen.findByRole('grid', { name: 'Test grid' });
    expect(within(grid).getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/Preparer signed off by/)).toBeInTheDocument();

    await userEvent.click(within(grid).getByRole('gridcell', { name: /^Sample 1 A:/ }));
    await userEvent.keyboard('p');
    expect(setCell).toHaveBeenLastCalledWith('e1', 't1', 1, 'A', 'pass', '');
    await waitFor(() => expect(within(grid).getByRole('gridcell', { name: /^Sample 2 A:/ })).toHaveFocus());
    await userEvent.keyboard('e');
    expect(setCell).toHaveBeenLastCalledWith('e1', 't1', 2, 'A', 'exception', '');
    expect(within(grid).getByRole('gridcell', { name: 'Sample 2 A: Exception' })).toBeInTheDocument();

    // The edit took the preparer's sign-off away, and the page says so.
    expect(await screen.findByText(/Editing cell 1\/A cleared the preparer sign-off; the trail records it/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign off as preparer' })).toBeDisabled();

    // Up and right to 2/B, Enter to the note, Enter to save it, and back to the grid.
    await userEvent.keyboard('{ArrowUp}{ArrowRight}');
    expect(within(grid).getByRole('gridcell', { name: /^Sample 2 B:/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const note = screen.getByLabelText('Note');
    expect(note).toHaveFocus();
    await userEvent.keyboard('Tested in staging only{Enter}');
    expect(setCell).toHaveBeenLastCalledWith('e1', 't1', 2, 'B', '', 'Tested in staging only');
    await waitFor(() => expect(within(grid).getByRole('gridcell', { name: /^Sample 2 B:/ })).toHaveFocus());

    // Escape drops a note being written.
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('scratch{Escape}');
    expect(setCell).toHaveBeenCalledTimes(3);
    expect(screen.getByLabelText('Note')).toHaveValue('Tested in staging only');
  }, 15_000); // many keystrokes: near the default 5 s on a loaded machine

  it('sends edits one after another, each after the answer to the one before', async () => {
    const { view } = fakeTest();
    const answers: ((v: TestView) => void)[] = [];
    const setCell = vi.fn(() => new Promise<TestView>((resolve) => answers.push(resolve)));
    install(setCell as never, view);
    renderWithClient(<TestDetail engagement={engagement} testId="t1" />);
    const grid = await screen.findByRole('grid', { name: 'Test grid' });
    await userEvent.click(within(grid).getByRole('gridcell', { name: /^Sample 1 A:/ }));
    await userEvent.keyboard('pn');
    // Both show at once; only the first has gone to the Go side.
    expect(within(grid).getByRole('gridcell', { name: 'Sample 1 A: Pass' })).toBeInTheDocument();
    expect(within(grid).getByRole('gridcell', { name: 'Sample 2 A: N/A' })).toBeInTheDocument();
    await waitFor(() => expect(setCell).toHaveBeenCalledTimes(1));
    await act(async () => answers[0]!(view()));
    await waitFor(() => expect(setCell).toHaveBeenCalledTimes(2));
    expect(setCell).toHaveBeenLastCalledWith('e1', 't1', 2, 'A', 'not_applicable', '');
    // The first answer (without the second edit) does not undo what is shown.
    expect(within(grid).getByRole('gridcell', { name: 'Sample 2 A: N/A' })).toBeInTheDocument();
    await act(async () => answers[1]!(view()));
  });

  it("shows each sampled row's key, date and two more columns, and the columns chosen for the test", async () => {
    const { view, setCell, setColumns } = fakeTest();
    install(setCell as never, view, setColumns as never);
    renderWithClient(<TestDetail engagement={engagement} testId="t1" />);
    const grid = await screen.findByRole('grid', { name: 'Test grid' });
    const heads = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(heads.slice(0, 6)).toEqual(['Sample', 'Row', 'Ticket', 'Opened', 'Requester', 'Team']);
    const row3 = within(grid).getAllByRole('row')[3]!;
    expect(within(row3).getAllByRole('cell').map((c) => c.textContent)).toEqual(['31', 'CHG-3', '2026-03-03', 'user3', 'ops']);

    // Approver joins the end; the choice is saved with the test.
    await userEvent.click(screen.getByText('Columns shown (4)'));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Approver' }));
    await userEvent.click(screen.getByRole('button', { name: 'Show these columns' }));
    expect(setColumns).toHaveBeenLastCalledWith('e1', 't1', [1, 3, 0, 2, 4]);
    await waitFor(() => expect(within(grid).getByRole('columnheader', { name: 'Approver' })).toBeInTheDocument());
    expect(within(within(grid).getAllByRole('row')[3]!).getByText('mgr3')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Key, date and two more' }));
    expect(setColumns).toHaveBeenLastCalledWith('e1', 't1', []);
  });

  it("links the cell's pinned evidence to the viewer at the cited row", async () => {
    const { view, setCell, pin } = fakeTest();
    pin({ evidence_id: 'ev1', sheet: 'Q1', row: 31 });
    install(setCell as never, view);
    renderWithClient(<TestDetail engagement={engagement} testId="t1" />);
    const pinned = await screen.findByRole('list', { name: 'Pinned evidence' });
    const link = await within(pinned).findByRole('link', { name: 'pack/changes.csv' });
    expect(link).toHaveAttribute('href', '#/engagement/e1/view/ev1?sheet=Q1&row=31');
    expect(within(pinned).getByText('sheet Q1, row 31')).toBeInTheDocument();
  });

  it('shows the evaluation against the tolerable rate', async () => {
    const { view, setCell } = fakeTest();
    install(setCell as never, view);
    renderWithClient(<TestDetail engagement={engagement} testId="t1" />);
    const evaluation = await screen.findByRole('region', { name: 'Evaluation' });
    expect(within(evaluation).getByText('63.2% at 95% confidence')).toBeInTheDocument();
    expect(within(evaluation).getByText(/does not support the planned reliance; it would with 59 items \(56 more\)/)).toBeInTheDocument();
  });
});
