import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { evidence, findingStatuses, findings, testing } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { statusLabels } from '../findings/labels';
import { queryKeys } from '../../lib/queryKeys';
import { paths, type EngagementTab } from '../../lib/router';

/**
 * One card of the Overview: what the engagement holds of one kind, in a
 * line, and the way to it; or, while it holds none, what to do first.
 */
function OverviewCard<T>({
  title,
  engagementId,
  tab,
  query,
  isEmpty,
  empty,
  summary,
}: {
  title: string;
  engagementId: string;
  tab: EngagementTab;
  query: { isPending: boolean; isError: boolean; error: Error | null; data: T | undefined };
  isEmpty: (data: T) => boolean;
  empty: { text: string; action: string };
  summary: (data: T) => ReactNode;
}) {
  const href = paths.engagement(engagementId, tab);
  let body;
  if (query.isPending) {
    body = <p className="muted">Counting…</p>;
  } else if (query.isError || query.data === undefined) {
    body = (
      <p className="muted">
        Could not count them: {query.error?.message} <a href={href}>Open {title}</a>
      </p>
    );
  } else if (isEmpty(query.data)) {
    body = <EmptyState action={<a href={href}>{empty.action}</a>}>{empty.text}</EmptyState>;
  } else {
    body = (
      <p>
        {summary(query.data)} <a href={href}>Open {title}</a>
      </p>
    );
  }
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {body}
    </section>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The Overview's cards: evidence, tests and findings, each counted. */
export function OverviewCards({ engagementId }: { engagementId: string }) {
  const files = useQuery({
    queryKey: [...queryKeys.evidence(engagementId), 'count'],
    queryFn: async () =>
      (await evidence.list(engagementId, { text: '', type: '', status: '', sort: 'name', offset: 0, limit: 1 })).total,
  });
  const tests = useQuery({ queryKey: queryKeys.tests(engagementId), queryFn: () => testing.tests(engagementId) });
  const found = useQuery({
    queryKey: [...queryKeys.findings(engagementId), 'overview'],
    queryFn: () => findings.list(engagementId, {}),
  });
  return (
    <div className="cards">
      <OverviewCard
        title="Evidence"
        engagementId={engagementId}
        tab="evidence"
        query={files}
        isEmpty={(n) => n === 0}
        empty={{ text: 'No evidence yet. Import the zip files or folders the client sent.', action: 'Import evidence' }}
        summary={(n) => <strong>{plural(n, 'file', 'files')}</strong>}
      />
      <OverviewCard
        title="Tests"
        engagementId={engagementId}
        tab="tests"
        query={tests}
        isEmpty={(rows) => rows.length === 0}
        empty={{ text: 'No tests yet. Draw a sample from a population, then test the control on it.', action: 'Plan a test' }}
        summary={(rows) => (
          <>
            <strong>{plural(rows.length, 'test', 'tests')}</strong>: {rows.filter((r) => r.deviations > 0).length} with
            exceptions, {rows.filter((r) => r.reviewer).length} reviewed.
          </>
        )}
      />
      <OverviewCard
        title="Findings"
        engagementId={engagementId}
        tab="findings"
        query={found}
        isEmpty={(p) => p.total === 0}
        empty={{ text: 'No findings yet. Exceptions become findings on the Exceptions page.', action: 'Open Findings' }}
        summary={(p) => (
          <>
            <strong>{plural(p.total, 'finding', 'findings')}</strong>:{' '}
            {findingStatuses
              .filter((s) => p.by_status[s])
              .map((s) => `${p.by_status[s]} ${statusLabels[s].toLowerCase()}`)
              .join(', ')}
            .
          </>
        )}
      />
    </div>
  );
}
