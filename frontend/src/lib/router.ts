// A tiny router over location.hash, so a reload keeps the place.
import { useSyncExternalStore } from 'react';

/** The pages of an open engagement, as they appear in the address. */
export const engagementTabs = ['overview', 'evidence', 'criteria', 'controls', 'requests', 'coverage', 'trail', 'search'] as const;
export type EngagementTab = (typeof engagementTabs)[number];

export type Route =
  | { name: 'engagements'; newForm: boolean }
  | { name: 'engagement'; id: string; tab: EngagementTab };

export const paths = {
  engagements: () => '#/engagements',
  newEngagement: () => '#/engagements/new',
  engagement: (id: string, tab: EngagementTab = 'overview') =>
    `#/engagement/${encodeURIComponent(id)}/${tab}`,
  /** The search page, with the query kept in the address so a reload keeps it. */
  search: (id: string, query = '') =>
    `#/engagement/${encodeURIComponent(id)}/search` + (query ? `?q=${encodeURIComponent(query)}` : ''),
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

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  if (parts[0] === 'engagement' && parts[1]) {
    let id = parts[1];
    try {
      id = decodeURIComponent(parts[1]);
    } catch {
      // keep the raw segment
    }
    const tab = engagementTabs.find((t) => t === parts[2]) ?? 'overview';
    return { name: 'engagement', id, tab };
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
