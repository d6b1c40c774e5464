export { EngagementsScreen } from './EngagementsScreen';
export { EngagementOverview } from './EngagementOverview';
export { useEngagement } from './useEngagements';
