import { call } from './transport';
import type * as models from './models';
import type { Engagement, EngagementInput, Job, TrailPage, Verification } from './types';

export const engagements = {
  list: () => call<Engagement[]>('app.Engagements.List'),
  get: (id: string) => call<Engagement>('app.Engagements.Get', id),
  create: (input: EngagementInput) => call<Engagement>('app.Engagements.Create', input),
  trail: async (id: string, offset: number, limit: number): Promise<TrailPage> => {
    const { events, total, names } = await call<models.readmodel.TrailPage>('app.Engagements.Trail', id, offset, limit);
    return { events: events.map((e) => ({ ...e, name: names[e.object] })), total };
  },
  /** Starts a verify job and returns at once; the job's result is a Verification. */
  verify: (id: string) => call<Job<Verification>>('app.Engagements.Verify', id),
};
