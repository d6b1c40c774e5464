// A tiny router over location.hash, so a reload keeps the place.
import { useSyncExternalStore } from 'react';

/** The pages of an open engagement, as they appear in the address. */
export const engagementTabs = [
  'overview',
  'evidence',
  'criteria',
  'controls',
  'requests',
  'coverage',
  'populations',
  'tests',
  'exceptions',
  'findings',
  'reports',
  'trail',
  'search',
  'view',
] as const;
export type EngagementTab = (typeof engagementTabs)[number];

export type Route =
  | { name: 'engagements'; newForm: boolean }
  /** item: the one open on the tab: a population, a test, a finding, or the file in the viewer ("#/engagement/E/tests/T"). */
  | { name: 'engagement'; id: string; tab: EngagementTab; item?: string };

/**
 * Where the viewer opens a file, kept in the address: the query whose
 * matches it marks, and the page, sheet row or line; part is the stored
 * part a search hit named, opened on its first match.
 */
export interface ViewAt {
  q?: string;
  part?: number;
  page?: number;
  sheet?: string;
  row?: number;
  line?: number;
  /** The JSON record at the line: a file on one line holds all its records on line 1. */
  record?: number;
}

const viewKeys = ['q', 'part', 'page', 'sheet', 'row', 'line', 'record'] as const;

export const paths = {
  engagements: () => '#/engagements',
  newEngagement: () => '#/engagements/new',
  engagement: (id: string, tab: EngagementTab = 'overview') =>
    `#/engagement/${encodeURIComponent(id)}/${tab}`,
  /** A population's page. */
  population: (id: string, populationId: string) =>
    `#/engagement/${encodeURIComponent(id)}/populations/${encodeURIComponent(populationId)}`,
  /** A test's grid. */
  test: (id: string, testId: string) => `#/engagement/${encodeURIComponent(id)}/tests/${encodeURIComponent(testId)}`,
  /** The search page, with the query kept in the address so a reload keeps it. */
  search: (id: string, query = '') =>
    `#/engagement/${encodeURIComponent(id)}/search` + (query ? `?q=${encodeURIComponent(query)}` : ''),
  /** One finding: its editor, evaluation, workflow and response. */
  finding: (id: string, findingId: string) =>
    `#/engagement/${encodeURIComponent(id)}/findings/${encodeURIComponent(findingId)}`,
  /** A new finding, evaluated from a control (its exceptions, or a design gap) or started from a template. */
  newFinding: (id: string, from: { control?: string; template?: string } = {}) => {
    const params = new URLSearchParams();
    if (from.control) params.set('control', from.control);
    if (from.template) params.set('template', from.template);
    const q = params.toString();
    return `#/engagement/${encodeURIComponent(id)}/findings/new` + (q ? `?${q}` : '');
  },
  /** One evidence file in the viewer. */
  view: (id: string, evidenceId: string, at: ViewAt = {}) => {
    const params = new URLSearchParams();
    for (const k of viewKeys) {
      const v = at[k];
      if (v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v))) params.set(k, String(v));
    }
    const q = params.toString();
    return `#/engagement/${encodeURIComponent(id)}/view/${encodeURIComponent(evidenceId)}` + (q ? `?${q}` : '');
  },
};

/** A parameter from the part of the hash after "?" ("#/…/search?q=x"); '' when absent. */
export function hashParam(hash: string, name: string): string {
  const i = hash.indexOf('?');
  if (i < 0) return '';
  return new URLSearchParams(hash.slice(i + 1)).get(name) ?? '';
}

/** Replaces the address without a new history entry or a hashchange. */
export function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + hash);
}

/** The viewer's place from the address; numbers that are not whole and positive are left out. */
export function viewAt(hash: string): ViewAt {
  const i = hash.indexOf('?');
  const params = new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
  const at: ViewAt = {};
  const q = params.get('q');
  if (q) at.q = q;
  const sheet = params.get('sheet');
  if (sheet) at.sheet = sheet;
  for (const k of ['part', 'page', 'row', 'line', 'record'] as const) {
    const n = Number(params.get(k) ?? NaN);
    if (Number.isInteger(n) && n >= (k === 'part' ? 0 : 1)) at[k] = n;
  }
  return at;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // keep the raw segment
  }
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  if (parts[0] === 'engagement' && parts[1]) {
    const id = decode(parts[1]);
    const tab = engagementTabs.find((t) => t === parts[2]) ?? 'overview';
    if (tab === 'view' && !parts[3]) return { name: 'engagement', id, tab: 'evidence' };
    const item = parts[3] ? decode(parts[3]) : undefined;
    return item !== undefined && tab === parts[2] ? { name: 'engagement', id, tab, item } : { name: 'engagement', id, tab };
  }
  return { name: 'engagements', newForm: parts[0] === 'engagements' && parts[1] === 'new' };
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}
