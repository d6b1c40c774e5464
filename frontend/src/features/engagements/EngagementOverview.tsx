import type { Engagement } from '../../api';
import { categoryList, localDateTime, period, typeLabel } from '../../lib/format';
import { BackupPanel } from '../backups';
import { OverviewCards } from './OverviewCards';

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
      <OverviewCards engagementId={e.id} />
      <BackupPanel engagementId={e.id} />
    </div>
  );
}
