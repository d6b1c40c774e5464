import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { createQueryClient } from './queryClient';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('a page opened with a wrong token', () => {
  it('shows the token message once and stops calling', async () => {
    window.history.replaceState(null, '', '/?token=an-old-token-from-yesterday');
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({ code: 'locked', message: 'missing or wrong token: open the address auditroom serve printed' }),
          { status: 401 },
        ),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const client = createQueryClient();
    render(
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('missing or wrong token: open the address auditroom serve printed')).toBeTruthy();
    expect(screen.queryByText('Opening the data folder…')).toBeNull();
    // Once nothing is fetching, nothing was asked again.
    await waitFor(() => expect(client.isFetching()).toBe(0));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
