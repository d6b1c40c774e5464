import type { UseQueryResult } from '@tanstack/react-query';
import type { Location } from '../../api';
import { currentHit, stepHit, type Place } from './navigation';
import { useKeys } from './useKeys';

/**
 * Next and previous match of the query in the file: buttons, and the keys
 * n / N and F3 / Shift+F3. go moves the viewer to a match. A PDF's
 * matches are counted by page.
 */
export function HitNav({
  query,
  hits,
  at,
  sheets = [],
  pages = false,
  go,
}: {
  query: string;
  hits: UseQueryResult<Location[]>;
  at: Place;
  sheets?: readonly string[];
  pages?: boolean;
  go: (hit: Location) => void;
}) {
  const list = hits.data ?? [];
  const step = (dir: 1 | -1) => {
    const i = stepHit(list, at, dir, sheets);
    if (i >= 0) go(list[i]!);
  };
  useKeys({ n: () => step(1), N: () => step(-1), F3: () => step(1), 'Shift+F3': () => step(-1) });
  if (query.trim() === '') return null;
  let status;
  if (hits.isPending) status = 'Finding matches…';
  else if (hits.isError) status = 'Could not find the matches';
  else if (list.length === 0) status = 'No match in the text';
  else {
    const i = currentHit(list, at, sheets);
    const [current, one, many] = pages ? ['Page with matches', 'page with matches', 'pages with matches'] : ['Match', 'match', 'matches'];
    status = i >= 0 ? `${current} ${i + 1} of ${list.length}` : `${list.length} ${list.length === 1 ? one : many}`;
  }
  return (
    <div className="viewer-hit-nav" role="group" aria-label="Matches">
      <span className="muted" aria-live="polite">
        {status}
      </span>
      <button type="button" className="small" disabled={list.length === 0} onClick={() => step(-1)} title="Shift+F3 or N">
        Previous match
      </button>
      <button type="button" className="small" disabled={list.length === 0} onClick={() => step(1)} title="F3 or n">
        Next match
      </button>
    </div>
  );
}
