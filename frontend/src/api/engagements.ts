import { call } from './transport';
import type { Engagement, EngagementInput, Job, TrailPage, Verification } from './types';

export const engagements = {
  list: async () => (await call<Engagement[] | null>('app.Engagements.List')) ?? [],
  get: (id: string) => call<Engagement>('app.Engagements.Get', id),
  create: (input: EngagementInput) => call<Engagement>('app.Engagements.Create', input),
  trail: async (id: string, offset: number, limit: number): Promise<TrailPage> => {
    const page = await call<TrailPage & { names?: Record<string, string> | null }>('app.Engagements.Trail', id, offset, limit);
    const names = page?.names ?? {};
    return { events: (page?.events ?? []).map((e) => ({ ...e, name: names[e.object] })), total: page?.total ?? 0 };
  },
  /** Starts a verify job and returns at once; the job's result is a Verification. */
  verify: (id: string) => call<Job<Verification>>('app.Engagements.Verify', id),
};
