import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { session, type SessionStatus } from '../../api';
import { queryKeys } from '../../lib/queryKeys';

export function useSessionStatus() {
  return useQuery({ queryKey: queryKeys.session, queryFn: session.status, staleTime: Infinity });
}

/** Who is at the keyboard: the name the trail and sign-offs record. */
export function useActor(): string | undefined {
  return useSessionStatus().data?.actor;
}

/** Sets the new status; any other cached data belongs to the previous session and is dropped. */
function useApplyStatus() {
  const client = useQueryClient();
  return (status: SessionStatus) => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.session[0] });
    client.setQueryData(queryKeys.session, status);
  };
}

export function useCreatePassphrase() {
  const apply = useApplyStatus();
  return useMutation({ mutationFn: session.create, onSuccess: apply });
}

export function useUnlock() {
  const apply = useApplyStatus();
  return useMutation({ mutationFn: session.unlock, onSuccess: apply });
}

export function useLock() {
  const apply = useApplyStatus();
  return useMutation({ mutationFn: session.lock, onSuccess: apply });
}
