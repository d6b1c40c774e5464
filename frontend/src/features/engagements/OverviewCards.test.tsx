import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { fakeGo, renderWithClient } from '../../test/utils';
import { OverviewCards } from './OverviewCards';

const row = { control: 'CM-01', attributes: 2, sample_size: 25, complete: true, conclusion: '' };

describe('OverviewCards', () => {
  it('counts the evidence, the tests and the findings, each with the way to them', async () => {
    fakeGo({
      Evidence: { List: () => Promise.resolve({ items: [], total: 21 }) },
      Testing: {
        Tests: () =>
          Promise.resolve([
            { ...row, id: 't1', deviations: 2, reviewer: { actor: 'rita', at: '' } },
            { ...row, id: 't2', deviations: 0 },
          ]),
      },
      Findings: { List: () => Promise.resolve({ findings: [], total: 3, by_status: { issued: 2, draft: 1 } }) },
    });
    renderWithClient(<OverviewCards engagementId="e1" />);
    const card = (name: string) => screen.getByRole('region', { name });
    expect(await within(card('Evidence')).findByText('21 files')).toBeInTheDocument();
    expect(await within(card('Tests')).findByText(/with\s+exceptions, 1 reviewed\./)).toHaveTextContent('2 tests: 1 with exceptions, 1 reviewed.');
    expect(await within(card('Findings')).findByText(/^3 findings/)).toBeInTheDocument();
    expect(card('Findings')).toHaveTextContent('3 findings: 1 draft, 2 issued. Open Findings');
    expect(within(card('Tests')).getByRole('link', { name: 'Open Tests' })).toHaveAttribute('href', '#/engagement/e1/tests');
  });

  it('says what to do first while the engagement holds nothing', async () => {
    fakeGo({
      Evidence: { List: () => Promise.resolve({ items: [], total: 0 }) },
      Testing: { Tests: () => Promise.resolve([]) },
      Findings: { List: () => Promise.resolve({ findings: [], total: 0, by_status: {} }) },
    });
    renderWithClient(<OverviewCards engagementId="e1" />);
    expect(await screen.findByText('No tests yet. Draw a sample from a population, then test the control on it.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Import evidence' })).toBeInTheDocument();
    expect(await screen.findByText('No findings yet. Exceptions become findings on the Exceptions page.')).toBeInTheDocument();
  });
});
