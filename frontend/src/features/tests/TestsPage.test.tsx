import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Engagement } from '../../api';
import { fakeGo, renderWithClient } from '../../test/utils';
import { TestsPage } from './TestsPage';

const engagement: Engagement = {
  id: 'e1', name: 'Acme', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-12-31',
  categories: ['security'], created_at: '', created_by: '',
};

describe('TestsPage', () => {
  it('lists where each test stands and opens one from the keyboard', async () => {
    fakeGo({
      Testing: {
        Tests: () =>
          Promise.resolve([
            {
              id: 'tst_1', control: 'CM-01', attributes: 2, sample_size: 22, deviations: 1, complete: true,
              conclusion: 'Exceptions noted: 1 of 22 samples lacked documented approval (sample 3).',
              preparer: { actor: 'ann', at: '2026-11-02T09:00:00Z' },
            },
            { id: 'tst_2', control: 'AC-01', attributes: 0, sample_size: 0, deviations: 0, complete: false, conclusion: 'No sample linked yet.' },
          ]),
      },
    });
    renderWithClient(<TestsPage engagement={engagement} />);
    const row = await screen.findByRole('row', { name: 'Open the test of CM-01' });
    expect(row).toHaveTextContent('22');
    expect(row).toHaveTextContent('✓ Complete');
    expect(row).toHaveTextContent('✓ ann');
    expect(screen.getByRole('row', { name: 'Open the test of AC-01' })).toHaveTextContent('○ In progress');
    row.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('row', { name: 'Open the test of AC-01' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(window.location.hash).toBe('#/engagement/e1/tests/tst_2');
  });

  it('says what to do when there are no tests', async () => {
    fakeGo({ Testing: { Tests: () => Promise.resolve([]) } });
    renderWithClient(<TestsPage engagement={engagement} />);
    expect(await screen.findByText(/No tests yet. A test checks a control's attributes/)).toBeInTheDocument();
  });
});
