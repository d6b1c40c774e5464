import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, engagements, session, toAppError } from './index';
import { transport } from './transport';
import { fakeGo, goError } from '../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('transport selection', () => {
  it('uses the Wails bindings when window.go exists', async () => {
    const list = vi.fn(() => Promise.resolve([{ id: 'e1' }]));
    fakeGo({ Engagements: { List: list } });
    expect(transport().kind).toBe('desktop');
    await expect(engagements.list()).resolves.toEqual([{ id: 'e1' }]);
    expect(list).toHaveBeenCalledWith();
  });

  it('passes arguments through to the bound method', async () => {
    const trail = vi.fn(() => Promise.resolve({ events: [], total: 0 }));
    fakeGo({ Engagements: { Trail: trail } });
    await engagements.trail('e1', 50, 50);
    expect(trail).toHaveBeenCalledWith('e1', 50, 50);
  });

  it('subscribes to events through window.runtime.EventsOn', () => {
    const off = vi.fn();
    const eventsOn = vi.fn(() => off);
    fakeGo({});
    (window as unknown as { runtime: unknown }).runtime = { EventsOn: eventsOn };
    const cb = vi.fn();
    const unsubscribe = transport().on('job', cb);
    expect(eventsOn).toHaveBeenCalledWith('job', expect.any(Function));
    (eventsOn.mock.calls[0] as unknown as [string, (d: unknown) => void])[1]({ id: 'j1' });
    expect(cb).toHaveBeenCalledWith({ id: 'j1' });
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });

  it('uses the browser transport otherwise, with the token from the URL', async () => {
    window.history.replaceState(null, '', '/?token=secret123#/engagements');
    const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify([]), { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);

    expect(transport().kind).toBe('browser');
    await expect(engagements.list()).resolves.toEqual([]);

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/call');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ method: 'app.Engagements.List', args: [] });
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret123');
    // The token is kept for reloads and removed from the visible URL; the place is kept.
    expect(sessionStorage.getItem('auditroom.token')).toBe('secret123');
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/engagements');
  });

  it('keeps using the stored token after a reload', async () => {
    sessionStorage.setItem('auditroom.token', 'kept');
    const fetchMock = vi.fn(() => Promise.resolve(new Response('{"initialized":true}', { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    await session.unlock('correct horse');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer kept');
    expect(JSON.parse(init.body as string)).toEqual({ method: 'app.Session.Unlock', args: ['correct horse'] });
  });
});

describe('error mapping', () => {
  it('turns a desktop rejection into AppError with its code', async () => {
    fakeGo({ Session: { Unlock: () => goError('wrong_passphrase', 'wrong passphrase') } });
    const err = await session.unlock('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'wrong_passphrase', message: 'wrong passphrase' });
  });

  it('reads the window and serve the same way, from the JSON text each carries', async () => {
    // The Go side's FormatError text for ENOTFOUND, as TestServeErrorIsTheWindowError checks both send it.
    const text = '{"code":"not_found","message":"no engagement eng_0123456789ab"}';
    const want = { code: 'not_found', message: 'no engagement eng_0123456789ab' };
    // The window: the Wails runtime rejects with new Error(callback.error).
    fakeGo({ Engagements: { Get: () => Promise.reject(new Error(text)) } });
    const desktop = await engagements.get('eng_0123456789ab').catch((e: unknown) => e);
    // The browser: serve answers 404 with the same text as its body.
    delete (window as unknown as { go?: unknown }).go;
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(text, { status: 404 }))));
    const browser = await engagements.get('eng_0123456789ab').catch((e: unknown) => e);
    expect(desktop).toBeInstanceOf(AppError);
    expect(browser).toBeInstanceOf(AppError);
    expect(desktop).toMatchObject(want);
    expect(browser).toMatchObject(want);
  });

  it("keeps the text of Wails' own errors, which bypass the formatter, as internal", async () => {
    fakeGo({ Engagements: { Get: () => Promise.reject(new Error('error parsing arguments: json: cannot unmarshal number')) } });
    await expect(engagements.get('x')).rejects.toMatchObject({
      code: 'internal',
      message: 'error parsing arguments: json: cannot unmarshal number',
    });
  });

  it('maps an unparsable desktop rejection to internal', async () => {
    fakeGo({ Engagements: { List: () => Promise.reject('boom: not json') } });
    await expect(engagements.list()).rejects.toMatchObject({ code: 'internal', message: 'boom: not json' });
  });

  it('maps a missing binding to internal', async () => {
    fakeGo({});
    await expect(engagements.list()).rejects.toMatchObject({ code: 'internal' });
  });

  it('turns a browser error status into AppError from the JSON body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ code: 'invalid', message: 'name: required' }), { status: 400 }),
        ),
      ),
    );
    await expect(
      engagements.create({
        name: '',
        client: 'c',
        type: 'type1',
        period_start: '2025-01-01',
        period_end: '',
        categories: ['security'],
      }),
    ).rejects.toMatchObject({ code: 'invalid', message: 'name: required' });
  });

  it('maps a browser error body that is not JSON to internal', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('Bad Gateway', { status: 502 }))));
    await expect(engagements.list()).rejects.toMatchObject({ code: 'internal' });
  });

  it('maps a network failure to internal', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(engagements.list()).rejects.toMatchObject({ code: 'internal' });
  });

  it('maps unknown codes and odd values to internal', () => {
    expect(toAppError('{"code":"weird","message":"m"}')).toMatchObject({ code: 'internal', message: 'm' });
    expect(toAppError(new Error('{"code":"locked","message":"locked"}'))).toMatchObject({ code: 'locked' });
    expect(toAppError(42)).toMatchObject({ code: 'internal' });
  });
});

describe('a refused token', () => {
  it('fails with the server message once and stops calling', async () => {
    window.history.replaceState(null, '', '/?token=not-the-printed-one');
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({ code: 'locked', message: 'missing or wrong token: open the address auditroom serve printed' }),
          { status: 401 },
        ),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const refused = { code: 'invalid', message: 'missing or wrong token: open the address auditroom serve printed' };
    await expect(session.status()).rejects.toMatchObject(refused);
    await expect(session.status()).rejects.toMatchObject(refused);
    await expect(engagements.list()).rejects.toMatchObject(refused);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
