// Query keys of the scope feature. Everything about one engagement's scope
// sits under ['scope', id], so one invalidation refreshes criteria,
// controls, requests and coverage together after any change.
export const scopeKeys = {
  all: (id: string) => ['scope', id] as const,
  criteria: (id: string, filter: object) => ['scope', id, 'criteria', filter] as const,
  controls: (id: string, filter: object) => ['scope', id, 'controls', filter] as const,
  requests: (id: string, filter: object) => ['scope', id, 'requests', filter] as const,
  coverage: (id: string) => ['scope', id, 'coverage'] as const,
};
