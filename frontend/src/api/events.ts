import { on, type Unsubscribe } from './transport';
import type { Job } from './types';

export type MenuEvent = 'menu:new-engagement' | 'menu:open' | 'menu:lock';

/** Job snapshots (throttled progress plus a final one). */
export function onJob(cb: (job: Job) => void): Unsubscribe {
  return on('job', (data) => {
    if (typeof data === 'object' && data !== null && 'id' in data) cb(data as Job);
  });
}

/** Desktop menu events. */
export function onMenu(event: MenuEvent, cb: () => void): Unsubscribe {
  return on(event, () => cb());
}
