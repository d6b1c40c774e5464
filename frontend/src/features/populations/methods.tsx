import type { Population, SamplingMethodEntry } from '../../api';
import { useRegistry } from '../../lib/useRegistry';

/** The sampling methods the Go side draws (Session.Registry), in its order. */
export function useSamplingMethods(): SamplingMethodEntry[] {
  return useRegistry().data?.sampling_methods ?? [];
}

/** Whether a method takes the named parameter (seed, size, picks, stratum_column, amount_column). */
export function takes(m: SamplingMethodEntry | undefined, param: string): boolean {
  return !!m?.params.some((p) => p.name === param);
}

/** The methods a population allows: those whose columns (stratum, amount) it has. */
export function methodsFor(p: Population, methods: SamplingMethodEntry[]): SamplingMethodEntry[] {
  const fields = p as unknown as Record<string, unknown>;
  return methods.filter((m) => m.params.every((q) => !q.column || !!fields[q.column]));
}

/** A method's label, or its name until the registry is read; lower for the inside of a sentence. */
export function MethodLabel({ method, lower }: { method: string; lower?: boolean }) {
  const label = useSamplingMethods().find((m) => m.name === method)?.label ?? method;
  return <>{lower ? label.toLowerCase() : label}</>;
}
