import { useCallback, useState } from 'react';
import { isDesktop, type EvidenceFilter, type EvidenceSort } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { Pagination } from '../../components/Pagination';
import { EvidenceDetailPanel } from './EvidenceDetailPanel';
import { EvidenceTable } from './EvidenceTable';
import { EvidenceToolbar, type ToolbarValue } from './EvidenceToolbar';
import { ImportPanel } from './ImportPanel';
import { PAGE_SIZE, useEvidenceList } from './useEvidence';
import './evidence.css';

/** The engagement's evidence: import, then a paged table with a detail pane beside it. */
export function EvidencePage({ engagementId }: { engagementId: string }) {
  const [filters, setFilters] = useState<ToolbarValue>({ text: '', type: '', status: '' });
  const [sort, setSortState] = useState<EvidenceSort>('name');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);

  const filter: EvidenceFilter = { ...filters, sort, offset, limit: PAGE_SIZE };
  const page = useEvidenceList(engagementId, filter);
  const items = page.data?.items ?? [];
  const total = page.data?.total ?? 0;

  const onFilters = useCallback((v: ToolbarValue) => {
    setFilters(v);
    setOffset(0);
  }, []);
  const onSort = useCallback((s: EvidenceSort) => {
    setSortState(s);
    setOffset(0);
  }, []);
  const filtered = filters.text !== '' || filters.type !== '' || filters.status !== '';

  let body;
  if (page.isPending) {
    body = <Loading>Loading the evidence…</Loading>;
  } else if (page.isError) {
    body = (
      <QueryError title="Could not load the evidence." query={page} />
    );
  } else if (total === 0 && !filtered) {
    body = (
      <EmptyState>
        No evidence yet. Import a zip file or a folder the client sent:{' '}
        {isDesktop()
          ? 'drop it on the import area, choose it with “Choose files…” or “Choose folder…”, or type its path above.'
          : 'type its path on this machine above and press Import.'}
      </EmptyState>
    );
  } else if (total === 0) {
    body = (
      <EmptyState action={<button type="button" onClick={() => onFilters({ text: '', type: '', status: '' })}>Clear filters</button>}>
        No evidence matches these filters.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <EvidenceTable
          items={items}
          sort={sort}
          onSort={onSort}
          selectedId={selected}
          onOpen={(ev) => setSelected(ev.id)}
          dateIssues={page.data?.date_issues}
        />
        <Pagination
          label="Evidence"
          noun="Files"
          offset={offset}
          shown={items.length}
          total={total}
          pageSize={PAGE_SIZE}
          onOffset={setOffset}
        />
      </>
    );
  }

  return (
    <div className="evidence-page">
      <div className="evidence-main">
        <div className="toolbar">
          <h2>Evidence</h2>
        </div>
        <ImportPanel engagementId={engagementId} />
        <EvidenceToolbar value={filters} onChange={onFilters} />
        {body}
      </div>
      {selected ? (
        <EvidenceDetailPanel engagementId={engagementId} evidenceId={selected} onClose={() => setSelected(null)} />
      ) : null}
    </div>
  );
}
