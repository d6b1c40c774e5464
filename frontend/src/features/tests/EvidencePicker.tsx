import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { search, type CellPin, type Hit } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { placeText } from './place';
import { locatorOf } from '../../lib/locator';
import { visibleName } from '../../lib/format';

const HITS = 8;

/** The place of a hit, as the pin will record it. */
function pinOf(h: Hit): CellPin {
  return { evidence_id: h.evidence_id, ...locatorOf(h) };
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/**
 * Finds evidence to pin to a cell with the engagement's search: a hit
 * brings its file and place (page, sheet, row or line), which can be
 * corrected before pinning. Fragments are shown as text.
 */
export function EvidencePicker({
  engagementId,
  target,
  onPin,
}: {
  engagementId: string;
  /** "3/A", to name the button. */
  target: string;
  onPin: (pin: CellPin) => void;
}) {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<{ hit: Hit; page: string; sheet: string; row: string; line: string } | null>(null);
  const results = useQuery({
    queryKey: ['search', engagementId, query, 0, HITS],
    queryFn: () => search.run(engagementId, query, 0, HITS),
    enabled: query !== '',
    retry: false,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChosen(null);
    setQuery(typed.trim());
  };
  const choose = (hit: Hit) => {
    const s = (n?: number) => (n ? String(n) : '');
    setChosen({ hit, page: s(hit.page), sheet: hit.sheet ?? '', row: s(hit.row), line: s(hit.line) });
  };
  const pin = () => {
    if (!chosen) return;
    onPin({
      evidence_id: chosen.hit.evidence_id,
      page: num(chosen.page),
      sheet: chosen.sheet.trim() || undefined,
      row: num(chosen.row),
      line: num(chosen.line),
    });
    setChosen(null);
  };

  return (
    <div className="evidence-picker">
      <form role="search" onSubmit={submit} aria-label="Evidence search">
        <input
          type="search"
          value={typed}
          placeholder="Find evidence: words, a ticket key…"
          aria-label="Find evidence to pin"
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" className="small" disabled={typed.trim() === ''}>
          Search
        </button>
      </form>
      {results.isFetching && !results.data ? <Loading>Searching…</Loading> : null}
      {results.isError ? <ErrorMessage title="The search failed." error={results.error} /> : null}
      {results.data && query !== '' ? (
        results.data.hits.length === 0 ? (
          <p className="muted small">Nothing found for “{query}”.</p>
        ) : (
          <ul className="hit-list" aria-label="Evidence found">
            {results.data.hits.map((h) => (
              <li key={`${h.evidence_id}/${h.part}`}>
                <button
                  type="button"
                  className="hit"
                  aria-pressed={chosen?.hit === h}
                  aria-label={`Choose ${h.name}, ${placeText(pinOf(h))}`}
                  onClick={() => choose(h)}
                >
                  <span className="hit-name">{visibleName(h.name)}</span>{' '}
                  <span className="muted">{placeText(pinOf(h))}</span>
                  {h.fragments?.[0] ? <span className="hit-fragment">{h.fragments[0].text}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {chosen ? (
        <div className="pin-place">
          <p className="small">
            Pin <span className="break">{chosen.hit.name}</span> at:
          </p>
          <div className="place-fields">
            {(['page', 'sheet', 'row', 'line'] as const).map((f) => (
              <label key={f} className="inline">
                {f[0]!.toUpperCase() + f.slice(1)}
                <input
                  className="narrow"
                  value={chosen[f]}
                  inputMode={f === 'sheet' ? 'text' : 'numeric'}
                  onChange={(e) => setChosen({ ...chosen, [f]: e.target.value })}
                />
              </label>
            ))}
          </div>
          <button type="button" className="primary small" onClick={pin}>
            Pin to {target}
          </button>
        </div>
      ) : null}
    </div>
  );
}
