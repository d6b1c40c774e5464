import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Engagement } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { Table } from '../../components/Table';
import { localDate } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { responderColumns as columns } from './columns';
import { EvidenceLinks } from './EvidenceLinks';
import { ExportPacket } from './ExportPacket';
import { PacketHistory } from './PacketHistory';
import { ResponseForm } from './ResponseForm';
import { IssuedTexts } from './ResponseView';
import { useFinding, useFindingList } from './useFindings';

function Answer({ engagementId, findingId }: { engagementId: string; findingId: string }) {
  const detail = useFinding(engagementId, findingId);
  if (detail.isPending) return <Loading>Loading {findingId}…</Loading>;
  if (detail.isError) return <ErrorMessage title={`Could not open ${findingId}.`} error={detail.error} />;
  const f = detail.data.finding;
  return (
    <div className="side-by-side">
      <section aria-label={`Finding ${f.id}`}>
        <h3>
          {f.id} · {f.title}
        </h3>
        <p className="muted">Issued {f.issued_at ? localDate(f.issued_at) : ''}</p>
        <dl className="texts">
          <IssuedTexts finding={f} />
          <dt>Evidence</dt>
          <dd>
            <EvidenceLinks refs={f.evidence} />
          </dd>
        </dl>
      </section>
      <ResponseForm key={f.id} engagementId={engagementId} detail={detail.data} />
    </div>
  );
}

/**
 * The compliance lead's copy of an engagement, opened from a findings
 * packet: only the issued findings, their evidence references, the
 * response to each, and the export of the response packet.
 */
export function ResponderPage({ engagement, findingId }: { engagement: Engagement; findingId?: string }) {
  const list = useFindingList(engagement.id, {});
  const table = useReactTable({
    data: list.data?.findings ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (f) => f.id,
  });

  return (
    <div className="findings-page with-panel responder">
      <div className="list-pane">
        <div className="toolbar">
          <h2>Findings to answer</h2>
        </div>
        <p className="muted">
          The auditor’s findings for {engagement.client}, as issued. Answer each one, then send the responses back as a packet.
        </p>
        {list.isPending ? (
          <Loading>Loading the findings…</Loading>
        ) : list.isError ? (
          <ErrorMessage title="Could not load the findings." error={list.error} />
        ) : list.data.total === 0 ? (
          <EmptyState>This copy holds no findings: open the findings packet the auditor sent.</EmptyState>
        ) : (
          <Table
            table={table}
            label="Findings to answer"
            onActivate={(f) => navigate(paths.finding(engagement.id, f.id))}
            rowLabel={(f) => `Answer ${f.id} ${f.title}`}
            isSelected={(f) => f.id === findingId}
          />
        )}
        {findingId ? <Answer key={findingId} engagementId={engagement.id} findingId={findingId} /> : null}
      </div>
      <aside className="side-panel" aria-label="Send the responses">
        <ExportPacket engagementId={engagement.id} responder />
        <PacketHistory engagementId={engagement.id} />
      </aside>
    </div>
  );
}
