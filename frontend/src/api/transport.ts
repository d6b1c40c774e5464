// The only module that knows how the frontend reaches the Go side.
//
// Desktop (Wails): bound methods live on window.go.app.<Struct>.<Method>, and
// events come through window.runtime.EventsOn.
// Browser (`auditroom serve`): POST /api/call with a bearer token, events over
// Server-Sent Events from /api/events.

import { AppError, callError, toAppError } from './errors';

type BoundMethod = (...args: unknown[]) => Promise<unknown>;

interface WailsWindow {
  go?: { app?: Record<string, Record<string, BoundMethod> | undefined> };
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => () => void;
    OnFileDrop?: (cb: (x: number, y: number, paths: string[]) => void, useDropTarget: boolean) => void;
    OnFileDropOff?: () => void;
  };
}

export type Unsubscribe = () => void;

export interface Transport {
  readonly kind: 'desktop' | 'browser';
  call(method: string, args: unknown[]): Promise<unknown>;
  on(event: string, cb: (data: unknown) => void): Unsubscribe;
}

const TOKEN_KEY = 'auditroom.token';

function wailsWindow(): WailsWindow {
  return window as unknown as WailsWindow;
}

/** The method name as the Go side knows it: "app.Engagements.List". */
function splitMethod(method: string): [string, string] {
  const parts = method.split('.');
  if (parts.length !== 3 || parts[0] !== 'app') {
    throw new AppError('internal', `Unknown method name ${method}`);
  }
  return [parts[1] as string, parts[2] as string];
}

const desktop: Transport = {
  kind: 'desktop',
  async call(method, args) {
    const [struct, name] = splitMethod(method);
    const fn = wailsWindow().go?.app?.[struct]?.[name];
    if (typeof fn !== 'function') {
      throw new AppError('internal', `${method} is not bound in this build`);
    }
    try {
      return await fn(...args);
    } catch (reason) {
      // Wails rejects with new Error(text), text being what FormatError returned.
      const text = reason instanceof Error ? reason.message : String(reason);
      throw callError(text, text || `${method} failed`);
    }
  },
  on(event, cb) {
    const eventsOn = wailsWindow().runtime?.EventsOn;
    if (typeof eventsOn !== 'function') return () => {};
    const off = eventsOn(event, (data: unknown) => cb(data));
    return typeof off === 'function' ? off : () => {};
  },
};

/**
 * Reads the token from ?token= once, keeps it in sessionStorage (a reload
 * keeps it) and removes it from the visible URL.
 */
export function browserToken(): string {
  const url = new URL(window.location.href);
  const fromURL = url.searchParams.get('token');
  if (fromURL) {
    sessionStorage.setItem(TOKEN_KEY, fromURL);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let source: EventSource | null = null;

function eventSource(): EventSource | null {
  if (typeof EventSource === 'undefined') return null;
  if (!source) {
    source = new EventSource('/api/events?token=' + encodeURIComponent(browserToken()));
  }
  return source;
}

/**
 * The server's answer to a token it refused (HTTP 401), kept so that later
 * calls with the same token fail at once instead of asking again: the token
 * will not become right, and the session query would otherwise retry
 * forever. It is coded invalid, not locked, so that nothing re-asks.
 */
let refused: { token: string; error: AppError } | null = null;

const browser: Transport = {
  kind: 'browser',
  async call(method, args) {
    const token = browserToken();
    if (refused?.token === token) throw refused.error;
    let response: Response;
    try {
      response = await fetch('/api/call', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer ' + token,
        },
        body: JSON.stringify({ method, args }),
      });
    } catch (reason) {
      throw new AppError(
        'internal',
        'Cannot reach the Audit Room server: ' + (reason instanceof Error ? reason.message : String(reason)),
      );
    }
    const text = await response.text();
    if (response.ok) {
      if (text === '') return undefined;
      try {
        return JSON.parse(text);
      } catch {
        throw new AppError('internal', `${method} returned a response that is not JSON`);
      }
    }
    const error = callError(text, `${method} failed with HTTP ${response.status}`);
    if (response.status === 401) {
      refused = { token, error: new AppError('invalid', error.message) };
      throw refused.error;
    }
    throw error;
  },
  on(event, cb) {
    const es = eventSource();
    if (!es) return () => {};
    const listener = (message: Event) => {
      const data = (message as MessageEvent<string>).data;
      try {
        cb(JSON.parse(data));
      } catch {
        cb(data);
      }
    };
    es.addEventListener(event, listener);
    return () => es.removeEventListener(event, listener);
  },
};

/** Desktop when the Wails bindings are present, otherwise the browser transport. */
export function transport(): Transport {
  return wailsWindow().go ? desktop : browser;
}

/** Calls a bound Go method by its full name; rejects with AppError. */
export async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  try {
    return (await transport().call(method, args)) as T;
  } catch (reason) {
    throw toAppError(reason);
  }
}

/** Subscribes to a named event from the Go side. */
export function on(event: string, cb: (data: unknown) => void): Unsubscribe {
  return transport().on(event, cb);
}

/** True in the desktop window (Wails bindings present), false in a browser. */
export function isDesktop(): boolean {
  return transport().kind === 'desktop';
}

/**
 * Files dropped on the desktop window, as paths on this machine. Only drops on
 * an element styled `--wails-drop-target: drop` count. A no-op in a browser,
 * which cannot hand over paths.
 */
export function onFileDrop(cb: (paths: string[]) => void): Unsubscribe {
  const runtime = wailsWindow().runtime;
  if (!isDesktop() || typeof runtime?.OnFileDrop !== 'function') return () => {};
  runtime.OnFileDrop((_x, _y, paths) => cb(Array.isArray(paths) ? paths : []), true);
  return () => wailsWindow().runtime?.OnFileDropOff?.();
}
