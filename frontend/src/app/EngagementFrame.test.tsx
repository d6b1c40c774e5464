import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { Engagement } from '../api';
import { EngagementFrame } from './EngagementFrame';
import { fakeGo, renderWithClient } from '../test/utils';

const engagement: Engagement = {
  id: 'e1', name: 'Acme FY26', client: 'Acme', type: 'type2', period_start: '2026-01-01', period_end: '2026-12-31',
  categories: ['security'], created_at: '', created_by: 'ann',
};

function bindings(e: Engagement) {
  return {
    Engagements: { Get: () => Promise.resolve(e) },
    Jobs: { List: () => Promise.resolve([]) },
    Findings: {
      List: () => Promise.resolve({ findings: [], total: 0, opinion: 'unmodified', by_status: {} }),
      Packets: () => Promise.resolve([]),
      Exceptions: () => Promise.resolve({ controls: [], criteria: [], tests: [], exceptions: 0, default_confidence: '95%', default_tolerable: '10%' }),
    },
  };
}

const links = () =>
  within(screen.getByRole('navigation', { name: 'Engagement' }))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('EngagementFrame', () => {
  it('offers the exceptions and findings of an auditor’s engagement', async () => {
    fakeGo(bindings(engagement));
    renderWithClient(<EngagementFrame id="e1" tab="exceptions" />);
    expect(await screen.findByRole('heading', { name: 'Exceptions' })).toBeInTheDocument();
    expect(links()).toEqual(expect.arrayContaining(['Evidence', 'Controls', 'Exceptions', 'Findings', 'Trail']));
  });

  it('shows a responder copy only its findings to answer, whatever the address asks', async () => {
    fakeGo(bindings({ ...engagement, name: 'Findings for Acme', role: 'responder', origin: 'e0' }));
    renderWithClient(<EngagementFrame id="e1" tab="evidence" />);
    expect(await screen.findByRole('heading', { name: 'Findings to answer' })).toBeInTheDocument();
    expect(links()).toEqual(['← All engagements', 'Findings to answer', 'Trail']);
  });
});
