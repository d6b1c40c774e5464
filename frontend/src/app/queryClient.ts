import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isAppError } from '../api';
import { queryKeys } from '../lib/queryKeys';

/** A call that finds the session locked sends the app back to the unlock screen. */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isAppError(error, 'locked')) void client.invalidateQueries({ queryKey: queryKeys.session });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !isAppError(error) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
