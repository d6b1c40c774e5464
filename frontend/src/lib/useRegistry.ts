import { useQuery } from '@tanstack/react-query';
import { registry } from '../api';
import { queryKeys } from './queryKeys';

/** The Go tables of evidence types, export formats and sampling methods;
 * they do not change while the app runs. */
export function useRegistry() {
  return useQuery({ queryKey: queryKeys.registry, queryFn: registry.get, staleTime: Infinity });
}
