import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EngagementForm } from './EngagementForm';
import { fakeGo, goError, renderWithClient } from '../../test/utils';

describe('EngagementForm', () => {
  it('hides the end date for a Type 1 report and labels the date "As of"', async () => {
    fakeGo({ Engagements: {} });
    renderWithClient(<EngagementForm onCreated={() => {}} onClose={() => {}} />);

    expect(screen.getByLabelText('Period end')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /Type 1/ }));
    expect(screen.queryByLabelText('Period end')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/As of/)).toBeInTheDocument();
    expect(screen.getByLabelText(/period start/i)).toBeInTheDocument();
  });

  it('keeps Security checked and disabled', () => {
    fakeGo({ Engagements: {} });
    renderWithClient(<EngagementForm onCreated={() => {}} onClose={() => {}} />);
    const security = screen.getByRole('checkbox', { name: /Security/ });
    expect(security).toBeChecked();
    expect(security).toBeDisabled();
  });

  it("shows the server's message for an invalid engagement", async () => {
    const create = vi.fn(() => goError('invalid', 'period_start: required for a Type 1 report'));
    fakeGo({ Engagements: { Create: create } });
    const onCreated = vi.fn();
    renderWithClient(<EngagementForm onCreated={onCreated} onClose={() => {}} />);

    await userEvent.type(screen.getByLabelText('Name'), 'Acme 2025');
    await userEvent.type(screen.getByLabelText('Client'), 'Acme Corp');
    await userEvent.click(screen.getByRole('radio', { name: /Type 1/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Privacy' }));
    await userEvent.selectOptions(screen.getByLabelText('Numeric dates in evidence'), 'mdy');
    await userEvent.click(screen.getByRole('button', { name: 'Create engagement' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('period_start: required for a Type 1 report');
    expect(create).toHaveBeenCalledWith({
      name: 'Acme 2025',
      client: 'Acme Corp',
      type: 'type1',
      period_start: '',
      period_end: '',
      categories: ['security', 'privacy'],
      date_order: 'mdy',
    });
    expect(onCreated).not.toHaveBeenCalled();
  });
});
