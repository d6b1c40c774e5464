import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EngagementsScreen } from './EngagementsScreen';
import { EngagementOverview } from './EngagementOverview';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Engagement } from '../../api';

const hostile = '<img src=x onerror=alert(1)>';
const engagement: Engagement = {
  id: 'e1',
  name: hostile,
  client: '<script>alert(2)</script>',
  type: 'type2',
  period_start: '2025-01-01',
  period_end: '2025-12-31',
  categories: ['security', 'availability'],
  created_at: '2025-11-25T10:00:00Z',
  created_by: 'auditor',
};

describe('EngagementsScreen', () => {
  it('renders an engagement name with markup as literal text', async () => {
    fakeGo({ Engagements: { List: () => Promise.resolve([engagement]) } });
    const { container } = renderWithClient(
      <EngagementsScreen formOpen={false} onFormOpenChange={() => {}} onOpen={() => {}} />,
    );
    expect(await screen.findByText(hostile)).toBeInTheDocument();
    expect(screen.getByText('<script>alert(2)</script>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('renders it as text on the overview too', () => {
    const { container } = renderWithClient(<EngagementOverview engagement={engagement} />);
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows an honest empty state', async () => {
    fakeGo({ Engagements: { List: () => Promise.resolve([]) } });
    renderWithClient(<EngagementsScreen formOpen={false} onFormOpenChange={() => {}} onOpen={() => {}} />);
    expect(
      await screen.findByText(
        'No engagements yet. Create one to start: name the client, the report type and the period.',
      ),
    ).toBeInTheDocument();
  });

  it('opens a row with Enter and with a click', async () => {
    fakeGo({ Engagements: { List: () => Promise.resolve([engagement, { ...engagement, id: 'e2', name: 'Beta' }]) } });
    const onOpen = vi.fn();
    renderWithClient(<EngagementsScreen formOpen={false} onFormOpenChange={() => {}} onOpen={onOpen} />);
    const rows = await screen.findAllByRole('row');
    (rows[1] as HTMLElement).focus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(onOpen).toHaveBeenCalledWith('e2');
    await userEvent.click(screen.getByText(hostile));
    expect(onOpen).toHaveBeenLastCalledWith('e1');
  });
});
