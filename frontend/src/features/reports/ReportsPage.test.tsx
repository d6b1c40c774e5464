import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import { ReportsPage } from './ReportsPage';

describe('ReportsPage in the desktop window', () => {
  it('fills the path from the save dialog, and keeps it when the dialog is cancelled', async () => {
    const saveAs = vi.fn((target: string) => Promise.resolve(target === 'pdf' ? '/home/me/Acme draft report.pdf' : ''));
    fakeGo({ Dialogs: { SaveAs: saveAs as never } });
    renderWithClient(<ReportsPage engagementId="e1" />);
    await userEvent.click(screen.getByRole('button', { name: 'Choose where to save the report' }));
    expect(saveAs).toHaveBeenLastCalledWith('pdf', 'Draft findings report.pdf');
    expect(await screen.findByDisplayValue('/home/me/Acme draft report.pdf')).toBeInTheDocument();

    const csv = screen.getByRole('form', { name: 'Findings and exceptions (CSV)' });
    const input = within(csv).getByLabelText('Findings and exceptions (CSV): full path of a folder');
    await userEvent.type(input, '/tmp/out');
    await userEvent.click(within(csv).getByRole('button', { name: 'Choose where to save Findings and exceptions (CSV)' }));
    expect(saveAs).toHaveBeenLastCalledWith('folder', '');
    expect(input).toHaveValue('/tmp/out');
  });

  it('says why when the dialog cannot open', async () => {
    fakeGo({ Dialogs: { SaveAs: () => goError('invalid', 'the dialog failed') } });
    renderWithClient(<ReportsPage engagementId="e1" />);
    await userEvent.click(screen.getByRole('button', { name: 'Choose where to save the report' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not open the save dialog. the dialog failed');
  });
});

describe('ReportsPage over an existing file', () => {
  it('asks before replacing it, and replaces it only when told', async () => {
    const generate = vi.fn((_id: string, input: { overwrite?: boolean }) =>
      input.overwrite
        ? Promise.resolve({ id: 'j1', kind: 'report', title: 'r', stage: 'starting', current: '', done: 0, total: 0, state: 'running', started_at: '' })
        : goError('conflict', '/tmp/r.pdf already exists'),
    );
    fakeGo({ Reports: { Generate: generate as never }, Jobs: { Get: () => new Promise(() => {}), List: () => Promise.resolve([]) } });
    renderWithClient(<ReportsPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Save as (full path of the PDF)'), '/tmp/r.pdf');
    await userEvent.click(screen.getByRole('button', { name: 'Generate report' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Replace the file?' });
    expect(ask).toHaveTextContent('/tmp/r.pdf already exists. Replace it?');
    expect(generate).toHaveBeenCalledTimes(1);

    await userEvent.click(within(ask).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(generate).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Generate report' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Replace' }));
    expect(generate).toHaveBeenLastCalledWith('e1', expect.objectContaining({ path: '/tmp/r.pdf', overwrite: true }));
  });
});
