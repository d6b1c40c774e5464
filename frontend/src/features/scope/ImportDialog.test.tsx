import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImportDialog } from './ImportDialog';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { ImportFile, ImportPreview } from '../../api';

const hostile = '<img src=x onerror=alert(1)>';

function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    kind: 'controls',
    file: 'matrix.csv',
    sheets: [],
    sheet: '',
    header_row: 1,
    columns: [
      { index: 0, letter: 'A', header: 'Control ID' },
      { index: 1, letter: 'B', header: hostile },
      { index: 2, letter: 'C', header: 'TSC' },
    ],
    mapping: [
      { name: 'id', label: 'Control ID', required: true, column: 0, auto: true },
      { name: 'title', label: 'Title', required: false, column: 1, auto: true },
      { name: 'criteria', label: 'Criteria', required: false, column: -1, auto: false },
    ],
    rows: [{ row: 2, values: { id: 'AC-01', title: hostile } }],
    total: 1,
    errors: [],
    warnings: [],
    diff: { added: ['AC-01'], changed: [], unchanged: [], not_in_file: [] },
    applied: false,
    ...over,
  };
}

describe('ImportDialog', () => {
  it('previews a file, lets the user fix a column, and applies', async () => {
    const previewImport = vi.fn((_id: string, f: ImportFile) =>
      Promise.resolve(
        f.options.mapping?.criteria === 2
          ? preview({
              mapping: preview().mapping.map((m) => (m.name === 'criteria' ? { ...m, column: 2, auto: false } : m)),
            })
          : preview({ errors: [{ row: 2, field: 'criteria', message: 'row 2: AC-01 maps to unknown criterion "x"' }] }),
      ),
    );
    const applyImport = vi.fn(() => Promise.resolve({ ...preview(), applied: true }));
    fakeGo({ Scope: { PreviewImport: previewImport, ApplyImport: applyImport } });
    const { container } = renderWithClient(<ImportDialog engagementId="e1" kind="controls" onClose={() => {}} />);

    const file = new File(['Control ID,Title,TSC\nAC-01,x,CC6.1\n'], 'matrix.csv', { type: 'text/csv' });
    await userEvent.upload(screen.getByLabelText('File'), file);
    expect(await screen.findByText('row 2: AC-01 maps to unknown criterion "x"')).toBeInTheDocument();
    const [, first] = previewImport.mock.calls[0]!;
    expect(first.name).toBe('matrix.csv');
    expect(atob(first.content)).toContain('AC-01,x,CC6.1');
    expect(screen.getByRole('button', { name: 'Apply import' })).toBeDisabled();

    // Markup in a header or a cell is text.
    expect(screen.getAllByText(hostile).length).toBeGreaterThan(0);
    expect(container.querySelector('img')).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('Column for Criteria'), 'C: TSC');
    expect(previewImport).toHaveBeenLastCalledWith('e1', expect.objectContaining({ options: { mapping: { criteria: 2 } } }));
    const apply = await screen.findByRole('button', { name: 'Apply import' });
    await vi.waitFor(() => expect(apply).toBeEnabled());
    expect(screen.getByText(/Would add 1, change 0, unchanged 0/)).toBeInTheDocument();
    await userEvent.click(apply);
    expect(applyImport).toHaveBeenCalledWith('e1', expect.objectContaining({ options: { mapping: { criteria: 2 } } }));
    const status = await screen.findByText(/Imported 1, changed 0, unchanged 0/);
    expect(within(status.closest('[role="status"]') as HTMLElement).getByText(/Imported/)).toBeInTheDocument();
  });

  it('offers the sheets of a workbook', async () => {
    const previewImport = vi.fn((_id: string, f: ImportFile) =>
      Promise.resolve(preview({ sheets: ['Notes', 'Matrix'], sheet: f.options.sheet ?? 'Matrix' })),
    );
    fakeGo({ Scope: { PreviewImport: previewImport } });
    renderWithClient(<ImportDialog engagementId="e1" kind="controls" onClose={() => {}} />);
    await userEvent.upload(screen.getByLabelText('File'), new File(['PK'], 'm.xlsx'));
    await userEvent.selectOptions(await screen.findByLabelText('Sheet'), 'Notes');
    expect(previewImport).toHaveBeenLastCalledWith('e1', expect.objectContaining({ options: { sheet: 'Notes' } }));
  });
});
