import { useState } from 'react';
import type { Hit } from '../../api';
import { PinForm } from '../evidence';
import { paths } from '../../lib/router';
import { FragmentText } from './FragmentText';
import { locatorOf, locatorText } from '../../lib/locator';
import { visibleName } from '../../lib/format';

/** Where in the file the first match is: "page 3", "sheet Users, row 12", "record 4, line 9". */
export function where(hit: Hit): string {
  return locatorText(hit) || (hit.part < 0 ? 'name or path' : '');
}

/** The viewer on a hit: its page, row or line, the query's matches marked. */
export function hitHref(engagementId: string, query: string, hit: Hit): string {
  return paths.view(engagementId, hit.evidence_id, {
    q: query,
    part: hit.part >= 0 ? hit.part : undefined,
    page: hit.page,
    sheet: hit.sheet,
    row: hit.row,
    line: hit.line,
    record: hit.record,
  });
}

export function SearchResultsList({ engagementId, query, hits }: { engagementId: string; query: string; hits: Hit[] }) {
  /** The hit whose pin form is open. */
  const [pinning, setPinning] = useState<string | null>(null);
  return (
    <ol className="search-hits" aria-label="Search results">
      {hits.map((hit) => {
        const w = where(hit);
        return (
          <li key={hit.evidence_id} className="search-hit" aria-label={hit.name}>
            <div className="search-hit-head">
              <strong className="search-hit-name">{visibleName(hit.name)}</strong>
              <span className="muted search-hit-path">{hit.path}</span>
              <a className="search-hit-open" href={hitHref(engagementId, query, hit)} aria-label={`Open ${hit.name}`}>
                Open{w && hit.part >= 0 ? ` on ${w}` : ''}
              </a>
            </div>
            <dl className="search-hit-meta">
              <div>
                <dt>Type</dt>
                <dd>{hit.type}</dd>
              </div>
              <div>
                <dt>As of</dt>
                <dd>{hit.as_of || '—'}</dd>
              </div>
              <div>
                <dt>Score</dt>
                <dd>{hit.score.toFixed(2)}</dd>
              </div>
              {w ? (
                <div>
                  <dt>Where</dt>
                  <dd>{w}</dd>
                </div>
              ) : null}
            </dl>
            {(hit.fragments ?? []).map((f, i) => (
              <FragmentText key={i} fragment={f} />
            ))}
            {pinning === hit.evidence_id ? (
              <PinForm
                engagementId={engagementId}
                evidenceId={hit.evidence_id}
                at={locatorOf(hit)}
                fileName={hit.name}
                onDone={() => setPinning(null)}
              />
            ) : (
              <div className="search-hit-actions">
                <button type="button" className="small" onClick={() => setPinning(hit.evidence_id)}>
                  Pin…
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
