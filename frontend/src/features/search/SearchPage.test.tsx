import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SearchPage } from './SearchPage';
import { fakeGo, goError, renderWithClient } from '../../test/utils';
import type { Hit, SearchResults } from '../../api';

function hit(name: string, extra: Partial<Hit> = {}): Hit {
  return {
    evidence_id: `id-${name}`,
    part: 0,
    name,
    path: `PBC/${name}`,
    pack: 'pack',
    type: 'text',
    as_of: '2026-03-31',
    score: 1.5,
    line: 1,
    fragments: [],
    ...extra,
  };
}

function results(hits: Hit[], extra: Partial<SearchResults> = {}): SearchResults {
  return {
    total: hits.length,
    hits,
    facets: { type: [], control: [], request: [], year: [] },
    took_ms: 3.2,
    ...extra,
  };
}

type Run = (id: string, q: string, offset: number, limit: number) => Promise<unknown>;

function bindings(run: Run, files = 3) {
  const runFn = vi.fn(run);
  fakeGo({
    Search: { Run: runFn },
    Evidence: { List: () => Promise.resolve({ items: [], total: files }) },
  });
  return runFn;
}

describe('SearchPage', () => {
  it('offers example queries while the box is empty, and runs one when clicked', async () => {
    const run = bindings(() => Promise.resolve(results([hit('a.txt')])));
    renderWithClient(<SearchPage engagementId="e1" />);
    const example = await screen.findByRole('button', { name: '"access review"' });
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '"access review"',
      'recon*',
      '(termination OR leaver) access',
      '"password rotation"~5',
      'firewall review control:CC6.6 after:2026-01',
    ]);
    await userEvent.click(example);
    await screen.findByText('a.txt');
    expect(run).toHaveBeenCalledWith('e1', '"access review"', 0, 20);
    expect(screen.getByLabelText('Search evidence')).toHaveValue('"access review"');
    expect(screen.getByText(/1 file · 3\.2 ms/)).toBeInTheDocument();
  });

  it('says when there is no evidence to search', async () => {
    bindings(() => Promise.resolve(results([])), 0);
    renderWithClient(<SearchPage engagementId="e1" />);
    await screen.findByText(/No evidence imported yet/);
  });

  it('says when nothing matches', async () => {
    bindings(() => Promise.resolve(results([])));
    renderWithClient(<SearchPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Search evidence'), 'zebra{Enter}');
    await screen.findByText(/No evidence matches zebra/);
  });

  it('renders fragments as text with <mark>, never as markup', async () => {
    const text = '<script>alert(1)</script> access review';
    const start = Array.from(text).indexOf('a', 20);
    bindings(() =>
      Promise.resolve(
        results([
          hit('<img src=x onerror="alert(2)">.txt', {
            fragments: [{ text, highlights: [[start, start + 13]] }],
          }),
        ]),
      ),
    );
    const { container } = renderWithClient(<SearchPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Search evidence'), 'access{Enter}');
    const mark = await screen.findByText('access review', { selector: 'mark' });
    expect(mark.parentElement).toHaveTextContent('<script>alert(1)</script> access review');
    expect(screen.getByText('<img src=x onerror="alert(2)">.txt')).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows where the match is', async () => {
    bindings(() =>
      Promise.resolve(
        results([
          hit('a.pdf', { page: 3, line: undefined }),
          hit('b.xlsx', { sheet: 'Users', row: 12, line: undefined }),
          hit('c.log', { line: 40 }),
        ]),
      ),
    );
    renderWithClient(<SearchPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Search evidence'), 'x{Enter}');
    const list = await screen.findByRole('list', { name: 'Search results' });
    expect(within(list).getByRole('listitem', { name: 'a.pdf' })).toHaveTextContent('page 3');
    expect(within(list).getByRole('listitem', { name: 'b.xlsx' })).toHaveTextContent('sheet Users, row 12');
    expect(within(list).getByRole('listitem', { name: 'c.log' })).toHaveTextContent('line 40');
    // Each opens in the viewer on its place, with the query.
    expect(within(list).getByRole('link', { name: 'Open a.pdf' })).toHaveAttribute(
      'href',
      '#/engagement/e1/view/id-a.pdf?q=x&part=0&page=3',
    );
    expect(within(list).getByRole('link', { name: 'Open b.xlsx' })).toHaveAttribute(
      'href',
      '#/engagement/e1/view/id-b.xlsx?q=x&part=0&sheet=Users&row=12',
    );
  });

  it('ignores a late response to an older query', async () => {
    let resolveOld: (r: SearchResults) => void = () => {};
    bindings((_id, q) => {
      if (q === 'old') return new Promise<SearchResults>((res) => (resolveOld = res));
      return Promise.resolve(results([hit('new.txt')]));
    });
    renderWithClient(<SearchPage engagementId="e1" />);
    const box = screen.getByLabelText('Search evidence');
    await userEvent.type(box, 'old{Enter}');
    await userEvent.clear(box);
    await userEvent.type(box, 'new{Enter}');
    await screen.findByText('new.txt');
    resolveOld(results([hit('old.txt'), hit('older.txt')]));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText('old.txt')).toBeNull();
    expect(screen.getByText('new.txt')).toBeInTheDocument();
    expect(screen.getByText(/1 file ·/)).toBeInTheDocument();
  });

  it('searches as the user types, after a pause, with only the last query', async () => {
    const run = bindings(() => Promise.resolve(results([hit('a.txt')])));
    renderWithClient(<SearchPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Search evidence'), 'access');
    await screen.findByText('a.txt');
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('e1', 'access', 0, 20);
    expect(window.location.hash).toBe('#/engagement/e1/search?q=access');
  });

  it('starts from the query in the address and follows it when it changes', async () => {
    window.location.hash = '#/engagement/e1/search?q=firewall';
    const run = bindings(() => Promise.resolve(results([hit('a.txt')])));
    renderWithClient(<SearchPage engagementId="e1" />);
    await screen.findByText('a.txt');
    expect(run).toHaveBeenCalledWith('e1', 'firewall', 0, 20);
    window.location.hash = '#/engagement/e1/search';
    await screen.findByRole('button', { name: 'recon*' });
    expect(screen.getByLabelText('Search evidence')).toHaveValue('');
  });

  it('shows the message of a query with bad syntax', async () => {
    const message = 'after:2026-13-01 at position 1 is not a date: use YYYY-MM-DD, YYYY-MM or YYYY';
    bindings(() => goError('invalid', message));
    renderWithClient(<SearchPage engagementId="e1" />);
    await userEvent.type(screen.getByLabelText('Search evidence'), 'after:2026-13-01{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByLabelText('Search evidence')).toBeInTheDocument();
  });

  it('adds a facet to the query when clicked', async () => {
    const run = bindings(() =>
      Promise.resolve(
        results([hit('a.pdf')], {
          facets: {
            type: [{ value: 'pdf', count: 4 }],
            control: [{ value: 'CC6.1', count: 2 }],
            request: [],
            year: [{ value: '2026', count: 4 }],
          },
        }),
      ),
    );
    renderWithClient(<SearchPage engagementId="e1" />);
    const box = screen.getByLabelText('Search evidence');
    await userEvent.type(box, 'access{Enter}');
    const facets = await screen.findByRole('complementary', { name: 'Refine' });
    await userEvent.click(within(facets).getByRole('button', { name: 'pdf (4)' }));
    expect(box).toHaveValue('access type:pdf');
    await waitFor(() => expect(run).toHaveBeenLastCalledWith('e1', 'access type:pdf', 0, 20));
    await userEvent.click(within(facets).getByRole('button', { name: 'CC6.1 (2)' }));
    expect(box).toHaveValue('access type:pdf control:CC6.1');
  });
});
