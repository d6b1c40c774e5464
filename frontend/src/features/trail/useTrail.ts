import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { engagements } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export const PAGE_SIZE = 50;

export function useTrailPage(engagementId: string, offset: number) {
  return useQuery({
    queryKey: queryKeys.trailPage(engagementId, offset),
    queryFn: () => engagements.trail(engagementId, offset, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
}
