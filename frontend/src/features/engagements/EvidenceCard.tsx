import { useQuery } from '@tanstack/react-query';
import { evidence } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { queryKeys } from '../../lib/queryKeys';
import { paths } from '../../lib/router';

/** The Overview's Evidence card: how many files, and the way to them. */
export function EvidenceCard({ engagementId }: { engagementId: string }) {
  const count = useQuery({
    queryKey: [...queryKeys.evidence(engagementId), 'count'],
    queryFn: async () =>
      (await evidence.list(engagementId, { text: '', type: '', status: '', sort: 'name', offset: 0, limit: 1 }))
        .total,
  });
  const href = paths.engagement(engagementId, 'evidence');
  let body;
  if (count.isPending) {
    body = <p className="muted">Counting the evidence…</p>;
  } else if (count.isError) {
    body = (
      <p className="muted">
        Could not count the evidence: {count.error.message} <a href={href}>Open Evidence</a>
      </p>
    );
  } else if (count.data === 0) {
    body = (
      <EmptyState action={<a href={href}>Import evidence</a>}>
        No evidence yet. Import the zip files or folders the client sent.
      </EmptyState>
    );
  } else {
    body = (
      <p>
        <strong>{count.data}</strong> {count.data === 1 ? 'file' : 'files'} <a href={href}>Open Evidence</a>
      </p>
    );
  }
  return (
    <section className="card" aria-label="Evidence">
      <h3>Evidence</h3>
      {body}
    </section>
  );
}
