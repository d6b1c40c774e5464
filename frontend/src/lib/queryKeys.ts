// Query keys shared by features and the app shell, so invalidation stays in one place.
export const queryKeys = {
  session: ['session'] as const,
  registry: ['registry'] as const,
  engagements: ['engagements'] as const,
  engagement: (id: string) => ['engagements', id] as const,
  trail: (id: string) => ['trail', id] as const,
  trailPage: (id: string, offset: number) => ['trail', id, offset] as const,
  jobs: ['jobs'] as const,
  job: (id: string) => ['job', id] as const,
  /** Everything about one engagement's evidence: lists, counts, details. */
  evidence: (id: string) => ['evidence', id] as const,
  evidenceList: (id: string, filter: object) => ['evidence', id, 'list', filter] as const,
  evidenceDetail: (id: string, evidenceId: string) => ['evidence', id, 'detail', evidenceId] as const,
  importStatus: ['import-status'] as const,
  search: (id: string, query: string, offset: number) => ['search', id, query, offset] as const,
  /** Everything the viewer read of one file; what follows names the request. */
  viewer: (id: string, evidenceId: string, ...request: unknown[]) => ['viewer', id, evidenceId, ...request] as const,
  /** Everything about one engagement's populations, samples and tests. */
  testing: (id: string) => ['testing', id] as const,
  populations: (id: string) => ['testing', id, 'populations'] as const,
  population: (id: string, populationId: string) => ['testing', id, 'population', populationId] as const,
  populationRows: (id: string, populationId: string, offset: number) =>
    ['testing', id, 'rows', populationId, offset] as const,
  samples: (id: string, populationId: string) => ['testing', id, 'samples', populationId] as const,
  sample: (id: string, sampleId: string) => ['testing', id, 'sample', sampleId] as const,
  tests: (id: string) => ['testing', id, 'tests'] as const,
  /** Everything about one engagement's findings (features/findings names the rest). */
  findings: (id: string) => ['findings', id] as const,
  test: (id: string, testId: string) => ['testing', id, 'test', testId] as const,
};
