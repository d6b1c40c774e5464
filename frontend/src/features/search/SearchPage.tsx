import { useEffect, useState, type FormEvent } from 'react';
import { isAppError, toAppError, type FacetName } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { hashParam, paths, replaceHash } from '../../lib/router';
import { addFilter } from './highlight';
import { SearchFacets } from './SearchFacets';
import { SearchResultsList } from './SearchResultsList';
import { PAGE_SIZE, useEvidenceCount, useSearch } from './useSearch';
import './search.css';

/** Queries from docs/search.md, offered while the box is empty. */
export const exampleQueries = [
  '"access review"',
  'recon*',
  '(termination OR leaver) access',
  '"password rotation"~5',
  'firewall review control:CC6.6 after:2026-01',
];

const DEBOUNCE_MS = 200;

function filesLine(total: number, tookMs: number): string {
  return `${total} ${total === 1 ? 'file' : 'files'} · ${tookMs.toFixed(1)} ms`;
}

export function SearchPage({ engagementId }: { engagementId: string }) {
  const initial = hashParam(window.location.hash, 'q');
  /** What the box shows. */
  const [text, setText] = useState(initial);
  /** The query searched: the box's text once typing pauses, or at once on Enter. */
  const [query, setQuery] = useState(initial);
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    if (text === query) return;
    const timer = window.setTimeout(() => {
      setQuery(text);
      setOffset(0);
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, query]);

  useEffect(() => {
    replaceHash(paths.search(engagementId, query));
  }, [engagementId, query]);

  const run = (q: string) => {
    setText(q);
    setQuery(q);
    setOffset(0);
  };

  // The address changed from outside (the nav link, back or forward): follow its query.
  useEffect(() => {
    const follow = () => {
      const q = hashParam(window.location.hash, 'q');
      setText(q);
      setQuery(q);
      setOffset(0);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    run(text);
  };

  const onPick = (name: FacetName, value: string) => run(addFilter(query, name, value));

  const count = useEvidenceCount(engagementId);
  const results = useSearch(engagementId, query, offset);
  const hasQuery = query.trim() !== '';
  const noEvidence = count.data?.total === 0;
  const error = results.isError ? toAppError(results.error) : null;
  // A search the Go side cancelled was superseded by a newer one: not an error to show.
  const shownError = error && error.code !== 'canceled' ? error : null;
  const data = results.data;

  return (
    <section className="search-page" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <form className="search-form" role="search" onSubmit={onSubmit}>
        <label htmlFor="search-box">Search evidence</label>
        <input
          id="search-box"
          type="search"
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <p className="muted search-status" aria-live="polite">
        {hasQuery && data && !shownError ? filesLine(data.total, data.took_ms) : '\u00a0'}
        {hasQuery && results.isFetching ? ' · searching…' : ''}
      </p>

      {noEvidence ? (
        <EmptyState action={<a href={paths.engagement(engagementId, 'evidence')}>Import evidence</a>}>
          No evidence imported yet, so there is nothing to search. Import the files the client sent first.
        </EmptyState>
      ) : !hasQuery ? (
        <div className="empty-state">
          <p>
            Type words to find the files that hold them, each with the page, row or lines where most of them stand.
            For example:
          </p>
          <ul className="search-examples">
            {exampleQueries.map((q) => (
              <li key={q}>
                <button type="button" onClick={() => run(q)}>
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : shownError ? (
        isAppError(shownError, 'invalid') ? (
          <div className="error-message" role="alert">
            {shownError.message}
          </div>
        ) : (
          <ErrorMessage title="The search failed." error={shownError} />
        )
      ) : !data ? (
        <Loading>Searching…</Loading>
      ) : data.total === 0 ? (
        <EmptyState>No evidence matches {query.trim()}. Try fewer words, or remove a filter.</EmptyState>
      ) : (
        <div className="search-body">
          <div className="search-main">
            <SearchResultsList engagementId={engagementId} query={query} hits={data.hits} />
            <Pagination
              label="Search results"
              noun="Files"
              offset={offset}
              shown={data.hits.length}
              total={data.total}
              pageSize={PAGE_SIZE}
              onOffset={setOffset}
            />
          </div>
          <SearchFacets facets={data.facets} onPick={onPick} />
        </div>
      )}
    </section>
  );
}
