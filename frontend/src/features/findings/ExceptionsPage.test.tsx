import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExceptionsPage } from './ExceptionsPage';
import { fakeGo, renderWithClient } from '../../test/utils';
import { hostile, register } from './fixtures';

describe('ExceptionsPage', () => {
  it('lists each exception with its note as text and its evidence opening the viewer', async () => {
    fakeGo({ Findings: { Exceptions: () => Promise.resolve(register) } });
    const { container } = renderWithClient(<ExceptionsPage engagementId="e1" />);
    const group = await screen.findByRole('region', { name: 'Control CM-01' });
    expect(within(group).getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    // The test reads by its title; its ID is a smaller grey line below.
    const exceptions = within(group).getByRole('table', { name: 'Exceptions of CM-01' });
    const first = within(exceptions).getAllByRole('row')[1]!;
    expect(within(first).getAllByRole('cell')[0]).toHaveTextContent(/^Change approvaltst_/);
    expect(within(first).getByText(/^tst_/)).toHaveClass('muted');
    expect(within(group).getByRole('link', { name: 'tickets.csv' })).toHaveAttribute('href', '#/engagement/e1/view/ev1?row=8');
    const rates = within(group).getByRole('table', { name: 'Tests and their rates' });
    expect(rates).toHaveTextContent('2 of 25');
    expect(rates).toHaveTextContent('20% at 90%');
    expect(rates).toHaveTextContent('10% (default)');
    expect(rates).toHaveTextContent('Exceeds the tolerable rate');
    expect(within(group).getByRole('link', { name: 'Evaluate CM-01…' })).toHaveAttribute('href', '#/engagement/e1/findings/new?control=CM-01');
    expect(screen.getByText(/read at 90% confidence against a 10% tolerable rate/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'By criterion' }));
    const byCriterion = screen.getByRole('table', { name: 'Exceptions by criterion' });
    expect(within(byCriterion).getByRole('row', { name: /CC8.1/ })).toHaveTextContent('CC8.1CM-012Change approval');
  });

  it('says where exceptions come from when there are none', async () => {
    fakeGo({ Findings: { Exceptions: () => Promise.resolve({ ...register, controls: [], criteria: [], exceptions: 0 }) } });
    renderWithClient(<ExceptionsPage engagementId="e1" />);
    expect(await screen.findByText(/No exceptions recorded. An exception marked in a test's grid appears here/)).toBeInTheDocument();
  });
});
