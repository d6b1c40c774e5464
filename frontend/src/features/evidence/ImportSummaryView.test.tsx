import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { ImportSummaryView } from './ImportSummaryView';
import type { ImportSummary } from '../../api';

const summary: ImportSummary = {
  files_total: 7,
  bytes_total: 1234,
  imported: 4,
  duplicates: 1,
  failed: [{ path: 'pack.zip/bomb.bin', reason: 'zip bomb: compression ratio 1030:1 exceeds 200:1' }],
  not_extracted: [{ path: 'pack/scan.png', reason: 'OCR is off' }],
  encrypted: [{ path: 'pack/secret.pdf', reason: 'needs a password' }],
  not_imported: 0,
  elapsed_s: 1.25,
};

describe('ImportSummaryView', () => {
  it('counts what happened and lists each problem file with its reason', () => {
    render(<ImportSummaryView summary={summary} />);
    const failed = screen.getByRole('table', { name: 'Failed' });
    const row = within(failed).getByRole('row', { name: /bomb\.bin/ });
    expect(within(row).getByText('pack.zip/bomb.bin')).toBeInTheDocument();
    expect(within(row).getByText('zip bomb: compression ratio 1030:1 exceeds 200:1')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Not extracted' })).getByText('OCR is off')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Encrypted' })).getByText('needs a password')).toBeInTheDocument();
    expect(screen.getByText('Imported').nextSibling).toHaveTextContent('4');
    expect(screen.getByText('Duplicates').nextSibling).toHaveTextContent('1');
    expect(screen.getByText('1.3 s')).toBeInTheDocument();
    expect(screen.queryByText(/canceled/)).not.toBeInTheDocument();
  });

  it('says how many files a canceled import imported and how many it did not, and handles empty lists', () => {
    render(
      <ImportSummaryView
        summary={{ ...summary, failed: [], not_extracted: [], encrypted: [], canceled: true, not_imported: 3 }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Import canceled: 4 of 7 files imported; 3 not imported.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
