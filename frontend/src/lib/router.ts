// A tiny router over location.hash, so a reload keeps the place.
import { useSyncExternalStore } from 'react';

/** The pages of an open engagement, as they appear in the address. */
export const engagementTabs = ['overview', 'evidence', 'criteria', 'controls', 'requests', 'coverage', 'trail'] as const;
export type EngagementTab = (typeof engagementTabs)[number];

export type Route =
  | { name: 'engagements'; newForm: boolean }
  | { name: 'engagement'; id: string; tab: EngagementTab };

export const paths = {
  engagements: () => '#/engagements',
  newEngagement: () => '#/engagements/new',
  engagement: (id: string, tab: EngagementTab = 'overview') =>
    `#/engagement/${encodeURIComponent(id)}/${tab}`,
};

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
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
