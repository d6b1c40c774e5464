import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { backups } from '../../api/backups';
import { queryKeys } from '../../lib/queryKeys';

export function useScheduledBackups(engagementId: string) {
  return useQuery({ queryKey: ['backups', engagementId], queryFn: () => backups.scheduled(engagementId) });
}

export function useBackup(engagementId: string) {
  return useMutation({
    mutationFn: ({ path, passphrase }: { path: string; passphrase: string }) =>
      backups.backup(engagementId, path, passphrase),
  });
}

export function useRestore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, passphrase, asNew }: { path: string; passphrase: string; asNew: boolean }) =>
      backups.restore(path, passphrase, asNew),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.engagements }),
  });
}

export function useChangePassphrase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ current, next }: { current: string; next: string }) => backups.changePassphrase(current, next),
    onSuccess: (status) => client.setQueryData(queryKeys.session, status),
  });
}
