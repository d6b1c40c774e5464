import { afterEach, describe, expect, it, vi } from 'vitest';
import { evidence, isDesktop, onFileDrop } from './index';
import { fakeGo } from '../test/utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

const filter = { text: 'access', type: 'csv', status: 'failed', sort: '-as_of', offset: 50, limit: 50 } as const;

describe('evidence wrapper', () => {
  it('passes the engagement and the whole filter to Evidence.List', async () => {
    const list = vi.fn(() => Promise.resolve({ items: [{ id: 'a' }], total: 1, date_issues: {} }));
    fakeGo({ Evidence: { List: list } });
    await expect(evidence.list('e1', { ...filter })).resolves.toEqual({ items: [{ id: 'a' }], total: 1, date_issues: {} });
    expect(list).toHaveBeenCalledWith('e1', {
      text: 'access',
      type: 'csv',
      status: 'failed',
      sort: '-as_of',
      offset: 50,
      limit: 50,
    });
  });

  it('sends the filter as JSON in the browser', async () => {
    sessionStorage.setItem('auditroom.token', 't');
    const fetchMock = vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify({ items: [], total: 0, date_issues: {} }), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    await expect(evidence.list('e1', { ...filter })).resolves.toEqual({ items: [], total: 0, date_issues: {} });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ method: 'app.Evidence.List', args: ['e1', filter] });
  });

  it('starts an import with the paths, and sets the as-of date', async () => {
    const imp = vi.fn(() => Promise.resolve({ id: 'j1' }));
    const setAsOf = vi.fn(() => Promise.resolve({ id: 'x', as_of: '2026-03-31' }));
    fakeGo({ Evidence: { Import: imp, SetAsOf: setAsOf } });
    await evidence.import('e1', ['/tmp/pack.zip', '/tmp/folder']);
    expect(imp).toHaveBeenCalledWith('e1', ['/tmp/pack.zip', '/tmp/folder']);
    await evidence.setAsOf('e1', 'x', '2026-03-31');
    expect(setAsOf).toHaveBeenCalledWith('e1', 'x', '2026-03-31');
  });

  it('sends a pin as one audit.Pin with its place', async () => {
    const pin = vi.fn(() => Promise.resolve({ id: 'p1' }));
    fakeGo({ Evidence: { Pin: pin } });
    await evidence.pin('e1', 'x', { page: 3 }, 'control', 'AC-1', 'signed');
    expect(pin).toHaveBeenCalledWith('e1', { page: 3, evidence_id: 'x', target: 'control', target_id: 'AC-1', note: 'signed' });
  });
});

describe('desktop helpers', () => {
  it('isDesktop follows the Wails bindings', () => {
    expect(isDesktop()).toBe(false);
    fakeGo({});
    expect(isDesktop()).toBe(true);
  });

  it('registers file drops on drop targets only, and removes them', () => {
    const onDrop = vi.fn();
    const off = vi.fn();
    fakeGo({});
    (window as unknown as { runtime: unknown }).runtime = { OnFileDrop: onDrop, OnFileDropOff: off };
    const cb = vi.fn();
    const unsubscribe = onFileDrop(cb);
    expect(onDrop).toHaveBeenCalledWith(expect.any(Function), true);
    (onDrop.mock.calls[0] as unknown as [(x: number, y: number, p: string[]) => void])[0](1, 2, ['/a.zip']);
    expect(cb).toHaveBeenCalledWith(['/a.zip']);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });

  it('does nothing with file drops in a browser', () => {
    const onDrop = vi.fn();
    (window as unknown as { runtime: unknown }).runtime = { OnFileDrop: onDrop };
    onFileDrop(vi.fn())();
    expect(onDrop).not.toHaveBeenCalled();
  });
});
