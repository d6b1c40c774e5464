import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EvidencePage } from './EvidencePage';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Evidence, EvidenceFilter } from '../../api';

function ev(name: string, extra: Partial<Evidence> = {}): Evidence {
  return {
    id: `id-${name}`,
    sha256: 'ab'.repeat(32),
    size: 2048,
    name,
    path: `CC6.1 Access reviews/${name}`,
    pack: 'pack',
    type: 'text',
    status: 'extracted',
    parts: 1,
    controls: ['CC6.1'],
    requests: [],
    imported_at: '2026-01-02T03:04:05Z',
    imported_by: 'auditor',
    ...extra,
  };
}

function bindings(items: Evidence[]) {
  const list = vi.fn((_id: string, f: EvidenceFilter) =>
    Promise.resolve({ items: items.slice(f.offset, f.offset + f.limit), total: items.length }),
  );
  const get = vi.fn((_e: string, id: string) =>
    Promise.resolve({
      evidence: items.find((i) => i.id === id),
      pins: [],
      uses: [],
      provenance: [
        {
          evidence_id: id,
          pack: 'pack',
          pack_sha256: 'cd'.repeat(32),
          path: 'a/b.txt',
          size: 2048,
          mod_time: '2026-01-01T00:00:00Z',
          imported_by: 'auditor',
          imported_at: '2026-01-02T03:04:05Z',
        },
      ],
    }),
  );
  const setAsOf = vi.fn((_e: string, id: string, asOf: string) => {
    const i = items.findIndex((x) => x.id === id);
    items[i] = { ...(items[i] as Evidence), as_of: asOf, as_of_source: 'edited' };
    return Promise.resolve(items[i]);
  });
  fakeGo({
    Evidence: { List: list, Get: get, SetAsOf: setAsOf, Status: () => Promise.resolve({ ocr: true, workers: 2 }) },
    Jobs: { List: () => Promise.resolve([]) },
  });
  return { list, get, setAsOf };
}

describe('EvidencePage', () => {
  it('asks the Go side for the first page sorted by name, then by -name after a click on Name', async () => {
    const { list } = bindings([ev('a.txt'), ev('b.txt')]);
    renderWithClient(<EvidencePage engagementId="e1" />);
    await screen.findByText('a.txt');
    expect(list).toHaveBeenCalledWith('e1', { text: '', type: '', status: '', sort: 'name', offset: 0, limit: 50 });
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith('e1', expect.objectContaining({ sort: '-name' })));
    await userEvent.click(screen.getByRole('button', { name: 'Size' }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith('e1', expect.objectContaining({ sort: 'size' })));
  });

  it('filters on the Go side by text, type and status', async () => {
    const { list } = bindings([ev('a.txt')]);
    renderWithClient(<EvidencePage engagementId="e1" />);
    await screen.findByText('a.txt');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'failed');
    await waitFor(() => expect(list).toHaveBeenLastCalledWith('e1', expect.objectContaining({ status: 'failed' })));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'csv');
    await userEvent.type(screen.getByRole('textbox', { name: 'Filter by name or path' }), 'review');
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith('e1', {
        text: 'review',
        type: 'csv',
        status: 'failed',
        sort: 'name',
        offset: 0,
        limit: 50,
      }),
    );
  });

  it('renders a name that looks like markup as literal text', async () => {
    const name = '<img src=x onerror=alert(1)>.txt';
    bindings([ev(name, { reason: '<b>bold</b>', status: 'failed' })]);
    const { container } = renderWithClient(<EvidencePage engagementId="e1" />);
    expect(await screen.findByText(name)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const table = screen.getByRole('table', { name: 'Evidence files' });
    expect(within(table).getByText('Failed').closest('[title]')).toHaveAttribute('title', '<b>bold</b>');
  });

  it('opens the detail beside the table with Enter, and saves the as-of date', async () => {
    const { get, setAsOf } = bindings([ev('a.txt'), ev('b.txt', { as_of: '2026-01-31', as_of_source: 'file time' })]);
    renderWithClient(<EvidencePage engagementId="e1" />);
    const first = await screen.findByRole('row', { name: 'Open a.txt' });
    first.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('row', { name: 'Open b.txt' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Evidence detail' });
    expect(get).toHaveBeenCalledWith('e1', 'id-b.txt');
    expect(await within(panel).findByText('ab'.repeat(32))).toBeInTheDocument();
    expect(within(panel).getByText('(from the file time)')).toBeInTheDocument();
    expect(within(panel).getByText('cdcdcdcd')).toBeInTheDocument();
    const date = within(panel).getByLabelText('As-of date');
    await userEvent.clear(date);
    await userEvent.type(date, '2026-03-31');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(setAsOf).toHaveBeenCalledWith('e1', 'id-b.txt', '2026-03-31'));
    expect(await within(panel).findByText('(edited by hand)')).toBeInTheDocument();
  });

  it('marks evidence dated outside the period or undated, and a copy without a file time', async () => {
    const items = [
      ev('scan 15-01-2027.txt', { as_of: '2027-01-15', as_of_source: 'file name', as_of_detail: '15-01-2027' }),
      ev('readme.txt', { as_of_source: 'unknown' }),
      ev('user-listing-2026-06-30.csv', { as_of: '2026-06-30', as_of_source: 'file name', as_of_detail: '2026-06-30' }),
    ];
    fakeGo({
      Evidence: {
        List: () =>
          Promise.resolve({
            items,
            total: items.length,
            date_issues: { 'id-scan 15-01-2027.txt': 'after the period end 2026-12-31', 'id-readme.txt': 'date unknown' },
          }),
        Get: (_e: string, id: string) =>
          Promise.resolve({
            evidence: items.find((i) => i.id === id),
            provenance: [
              { evidence_id: id, pack: 'pack.zip', pack_sha256: 'cd'.repeat(32), path: 'readme.txt', size: 15, imported_by: 'auditor', imported_at: '2026-01-02T03:04:05Z' },
            ],
            pins: [],
            uses: [],
          }),
        Status: () => Promise.resolve({ ocr: true, workers: 2 }),
      },
      Jobs: { List: () => Promise.resolve([]) },
    });
    renderWithClient(<EvidencePage engagementId="e1" />);
    const late = await screen.findByRole('row', { name: 'Open scan 15-01-2027.txt' });
    expect(within(late).getByLabelText('after the period end 2026-12-31')).toHaveTextContent('⚠ outside period');
    expect(within(late).getByText('2027-01-15').closest('[title]')).toHaveAttribute(
      'title',
      'from the file name: 15-01-2027; after the period end 2026-12-31',
    );
    const undated = screen.getByRole('row', { name: 'Open readme.txt' });
    expect(within(undated).getByText('unknown')).toBeInTheDocument();
    expect(within(undated).getByLabelText('date unknown')).toHaveTextContent('⚠ undated');
    const inPeriod = screen.getByRole('row', { name: 'Open user-listing-2026-06-30.csv' });
    expect(within(inPeriod).getByText('2026-06-30')).toBeInTheDocument();
    expect(within(inPeriod).queryByText(/⚠/)).toBeNull();

    undated.focus();
    await userEvent.keyboard('{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Evidence detail' });
    const modified = (await within(panel).findByText('Modified')).nextElementSibling;
    expect(modified).toHaveTextContent(/^unknown$/);
    expect(panel).not.toHaveTextContent('1-01-01');
  });

  it('says what to do when there is no evidence yet', async () => {
    bindings([]);
    renderWithClient(<EvidencePage engagementId="e1" />);
    expect(await screen.findByText(/No evidence yet\. Import a zip file or a folder the client sent/)).toBeInTheDocument();
  });
});
