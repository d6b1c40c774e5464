import type { Engagement } from '../../api';
import { FindingPage } from './FindingPage';
import { FindingsPage } from './FindingsPage';
import { ResponderPage } from './ResponderPage';

/** The Findings tab: the list, one finding, or in a responder copy the findings to answer. */
export function FindingsScreen({ engagement, item }: { engagement: Engagement; item?: string }) {
  if (engagement.role === 'responder') return <ResponderPage engagement={engagement} findingId={item} />;
  if (item) return <FindingPage key={item} engagementId={engagement.id} findingId={item} />;
  return <FindingsPage engagementId={engagement.id} />;
}
