import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Population } from '../../api';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import { CreatePopulation } from './CreatePopulation';

const hostile = '<b>bold</b>';

const preview = {
  format: 'csv',
  rows: [
    { row: 1, cells: ['Ticket', 'Opened', 'Summary', 'Summary'] },
    { row: 2, cells: ['CHG-1', '2026-01-02', hostile, 'x'] },
  ],
  columns: [
    { index: 0, letter: 'A', header: 'Ticket' },
    { index: 1, letter: 'B', header: 'Opened' },
    { index: 2, letter: 'C', header: 'Summary' },
    { index: 3, letter: 'D', header: 'Summary' },
  ],
  header_row: 1,
  date_column: { index: 1, letter: 'B', header: 'Opened', dated: 1, rows: 1, reason: 'Opened: 1 of the first 1 rows are dates' },
};

const evidenceItem = (id: string, name: string, type: string) => ({ id, name, path: `PBC/${name}`, type, status: 'extracted' });

function install(overrides: Record<string, (...a: never[]) => Promise<unknown>> = {}) {
  const list = vi.fn((_e: string, f: { type: string }) =>
    Promise.resolve({ items: f.type === 'csv' ? [evidenceItem('ev1', 'changes.csv', 'csv')] : f.type === 'xlsx' ? [evidenceItem('ev2', 'users.xlsx', 'xlsx')] : [], total: 1 }),
  );
  const controls = [
    { id: 'CC6.1-01', title: 'Access review', frequency: '', key: true, criteria: ['CC6.1'] },
    { id: 'CC8.1-01', title: 'Change review', frequency: 'weekly', key: true, criteria: ['CC8.1'] },
  ];
  const go = {
    Evidence: { List: list },
    Scope: { Controls: vi.fn(() => Promise.resolve({ controls, total: controls.length, owners: [] })) },
    Testing: {
      PreviewPopulation: vi.fn(() => Promise.resolve(preview)),
      CreatePopulation: vi.fn(() => Promise.resolve({ id: 'j1', kind: 'population', state: 'running', done: 0, total: 100 })),
      ...overrides,
    },
    Jobs: {
      Get: vi.fn(() =>
        Promise.resolve({ id: 'j1', state: 'done', done: 100, total: 100, result: { id: 'pop1', name: 'Changes', rows: 120 } }),
      ),
      List: () => Promise.resolve([]),
    },
  };
  fakeGo(go as never);
  return go;
}

describe('CreatePopulation', () => {
  it('offers only CSV, TSV and XLSX evidence, previews it as text, and sends the columns and stated count', async () => {
    const go = install();
    const onCreated = vi.fn<(p: Population) => void>();
    const { container } = renderWithClient(<CreatePopulation engagementId="e1" onCreated={onCreated} onClose={() => {}} />);
    const file = await screen.findByLabelText('Evidence file');
    await waitFor(() => expect(within(file).getAllByRole('option')).toHaveLength(3));
    expect(go.Evidence.List.mock.calls.map((c) => (c[1] as { type: string }).type).sort()).toEqual(['csv', 'tsv', 'xlsx']);

    await userEvent.selectOptions(file, 'ev1');
    expect(await screen.findByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('b')).toBeNull();
    expect(go.Testing.PreviewPopulation).toHaveBeenCalledWith('e1', 'ev1', '', 1);
    // The guesses: key A, date B as the Go side proposed it, and why.
    expect(screen.getByLabelText('Key column')).toHaveValue('0');
    expect(screen.getByLabelText('Date column')).toHaveValue('1');
    expect(screen.getByLabelText('Why this date column')).toHaveTextContent('Date column proposed: Opened: 1 of the first 1 rows are dates.');
    // Filters, one a line, and the gap check's frequency.
    await userEvent.type(screen.getByLabelText('Filters (optional, one a line)'), 'environment=production{enter}status!=cancelled');
    await userEvent.selectOptions(screen.getByLabelText('Control frequency (gap check)'), 'daily');
    await userEvent.click(screen.getByLabelText('Business days only: weekends are not gaps'));

    // Column D's header is C's too: it goes by letter.
    await userEvent.selectOptions(screen.getByLabelText('Stratum column (optional)'), '3');
    await userEvent.type(screen.getByLabelText('Row count the client stated (optional)'), '1,204');
    await userEvent.click(screen.getByRole('button', { name: 'Create population' }));
    expect(go.Testing.CreatePopulation).toHaveBeenCalledWith('e1', {
      evidence_id: 'ev1',
      header_row: 1,
      key: 'Ticket',
      date: 'Opened',
      stratum: 'D',
      stated_count: 1204,
      date_order: '',
      filters: ['environment=production', 'status!=cancelled'],
      frequency: 'daily',
      business_days: true,
    });
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: 'pop1', rows: 120 })));
    expect(onCreated).toHaveBeenCalledTimes(1);
  }, 15_000);

  it('reads the preview again from another header row', async () => {
    const go = install();
    renderWithClient(<CreatePopulation engagementId="e1" onCreated={() => {}} onClose={() => {}} />);
    await userEvent.selectOptions(await screen.findByLabelText('Evidence file'), 'ev1');
    const header = await screen.findByLabelText('Header row');
    await userEvent.clear(header);
    await userEvent.type(header, '3');
    await waitFor(() => expect(go.Testing.PreviewPopulation).toHaveBeenLastCalledWith('e1', 'ev1', '', 3));
  });

  it('names the reason a file cannot be read', async () => {
    install({ PreviewPopulation: () => goError('invalid', 'changes.csv is not UTF-8 or Windows-1252 text') });
    renderWithClient(<CreatePopulation engagementId="e1" onCreated={() => {}} onClose={() => {}} />);
    await userEvent.selectOptions(await screen.findByLabelText('Evidence file'), 'ev1');
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read changes.csv. changes.csv is not UTF-8 or Windows-1252 text');
  });

  it('takes the gap check frequency from the chosen control, says so, and lets a typed one override it', async () => {
    const go = install();
    renderWithClient(<CreatePopulation engagementId="e1" onCreated={() => {}} onClose={() => {}} />);
    await userEvent.selectOptions(await screen.findByLabelText('Evidence file'), 'ev1');
    const control = await screen.findByLabelText('Control (optional)');
    expect(screen.getByLabelText('Gap check frequency')).toHaveTextContent('The gap check follows the frequency not stated (every day).');
    await waitFor(() => expect(within(control).getAllByRole('option')).toHaveLength(3));
    await userEvent.selectOptions(control, 'CC8.1-01');
    const frequency = screen.getByLabelText('Control frequency (gap check)');
    expect(frequency).toHaveValue('');
    expect(within(frequency).getAllByRole('option')[0]).toHaveTextContent("The control's: weekly");
    expect(screen.getByLabelText('Gap check frequency')).toHaveTextContent('The gap check follows the frequency from control CC8.1-01 (weekly).');
    await userEvent.click(screen.getByRole('button', { name: 'Create population' }));
    expect(go.Testing.CreatePopulation).toHaveBeenLastCalledWith('e1', expect.objectContaining({ control: 'CC8.1-01', frequency: undefined }));

    await userEvent.selectOptions(frequency, 'daily');
    expect(screen.getByLabelText('Gap check frequency')).toHaveTextContent(
      "The gap check follows the frequency typed (daily), over control CC8.1-01's weekly.",
    );
  }, 15_000);
});
