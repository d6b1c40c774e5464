import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { engagements } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export function useEngagementList() {
  return useQuery({ queryKey: queryKeys.engagements, queryFn: engagements.list });
}

export function useEngagement(id: string) {
  return useQuery({ queryKey: queryKeys.engagement(id), queryFn: () => engagements.get(id) });
}

export function useCreateEngagement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: engagements.create,
    onSuccess: (created) => {
      client.setQueryData(queryKeys.engagement(created.id), created);
      return client.invalidateQueries({ queryKey: queryKeys.engagements });
    },
  });
}
