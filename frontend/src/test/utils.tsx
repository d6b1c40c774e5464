import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';

type Bindings = Record<string, Record<string, (...args: never[]) => Promise<unknown>>>;

/** Installs fake Wails bindings on window.go and returns them. */
export function fakeGo(bindings: Bindings): Bindings {
  (window as unknown as { go: unknown }).go = { app: bindings };
  return bindings;
}

/** A rejection as the Go side produces it: a JSON string {code, message}. */
export function goError(code: string, message: string): Promise<never> {
  return Promise.reject(JSON.stringify({ code, message }));
}

export function renderWithClient(ui: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}

export { vi };
