import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { Registry } from '../api';
import registryJSON from './registry.json';

// JSON imports widen the method names to string; TestRegistry keeps the file what Go serves.
export const registryFixture = registryJSON as Registry;

type Bindings = Record<string, Record<string, (...args: never[]) => Promise<unknown>>>;

/** Installs fake Wails bindings on window.go and returns them. Session.Registry
 * answers with what Go serves (registry.json, kept equal to it by a Go test)
 * unless the test fakes it. */
export function fakeGo(bindings: Bindings): Bindings {
  const all = { ...bindings, Session: { Registry: () => Promise.resolve(registryFixture), ...bindings.Session } };
  (window as unknown as { go: unknown }).go = { app: all };
  return bindings;
}

/**
 * A bound method's failure as the window delivers it: the Wails runtime
 * rejects with new Error(text), text being FormatError's JSON {code, message}.
 */
export function goError(code: string, message: string): Promise<never> {
  return Promise.reject(new Error(JSON.stringify({ code, message })));
}

export function renderWithClient(ui: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}

export { vi };
