import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ControlTest, TestSummary } from '../../api';
import { SignOffs } from './SignOffs';

const summary: TestSummary = {
  sample_size: 2, cells: 2, pending: 0, complete: true, exceptions: 0, deviations: 0, deviating: [], by_attribute: [],
  conclusion: 'No exceptions noted.',
};

const test: ControlTest = {
  id: 't1', control: 'CM-01', procedure: 'Inspect.', attributes: [{ id: 'A', description: 'Approved' }], sample_id: 's1',
  cells: {}, preparer: { actor: 'ann', at: '2026-11-02T09:00:00Z' }, created_at: '', created_by: '', updated_at: '', updated_by: '',
};

describe('SignOffs', () => {
  it('does not let the preparer review her own test, and says why', () => {
    const onSign = vi.fn();
    render(<SignOffs test={test} summary={summary} busy={false} actor="ann" onSign={onSign} />);
    expect(screen.getByRole('button', { name: 'Sign off as reviewer' })).toBeDisabled();
    expect(screen.getByText(/^ann prepared this test, and the reviewer must be someone else/)).toBeInTheDocument();
  });

  it('lets someone else review', async () => {
    const onSign = vi.fn();
    render(<SignOffs test={test} summary={summary} busy={false} actor="rob" onSign={onSign} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign off as reviewer' }));
    expect(onSign).toHaveBeenCalledWith('reviewer');
    expect(screen.getByText('Not reviewed yet.')).toBeInTheDocument();
  });
});
