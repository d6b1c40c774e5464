import { call } from './transport';
import type { Engagement, EngagementInput, Job, TrailPage, Verification } from './types';

export const engagements = {
  list: async () => (await call<Engagement[] | null>('app.Engagements.List')) ?? [],
  get: (id: string) => call<Engagement>('app.Engagements.Get', id),
  create: (input: EngagementInput) => call<Engagement>('app.Engagements.Create', input),
  trail: async (id: string, offset: number, limit: number): Promise<TrailPage> => {
    const page = await call<TrailPage>('app.Engagements.Trail', id, offset, limit);
    return { events: page?.events ?? [], total: page?.total ?? 0 };
  },
  /** Starts a verify job and returns at once; the job's result is a Verification. */
  verify: (id: string) => call<Job<Verification>>('app.Engagements.Verify', id),
};
