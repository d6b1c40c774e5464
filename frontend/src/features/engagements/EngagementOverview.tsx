import type { Engagement } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { categoryList, localDateTime, period, typeLabel } from '../../lib/format';
import { EvidenceCard } from './EvidenceCard';

function Card({ title, children }: { title: string; children: string }) {
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      <EmptyState>{children}</EmptyState>
    </section>
  );
}

export function EngagementOverview({ engagement: e }: { engagement: Engagement }) {
  return (
    <div className="overview">
      <h2>Overview</h2>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{e.name}</dd>
        <dt>Client</dt>
        <dd>{e.client}</dd>
        <dt>Report</dt>
        <dd>{typeLabel(e.type)}</dd>
        <dt>Period</dt>
        <dd>{period(e)}</dd>
        <dt>Categories</dt>
        <dd>{categoryList(e.categories)}</dd>
        <dt>Created</dt>
        <dd>
          {localDateTime(e.created_at)}
          {e.created_by ? ` by ${e.created_by}` : ''}
        </dd>
      </dl>
      <div className="cards">
        <EvidenceCard engagementId={e.id} />
        <Card title="Tests">
          No tests yet. Planning and recording tests of controls arrives in a later version of Audit Room.
        </Card>
        <Card title="Findings">
          No findings yet. Recording findings and exceptions arrives in a later version of Audit Room.
        </Card>
      </div>
    </div>
  );
}
