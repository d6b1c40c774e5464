import { call } from './transport';
import type { Job } from './types';

export const jobs = {
  list: () => call<Job[]>('app.Jobs.List'),
  get: (id: string) => call<Job>('app.Jobs.Get', id),
  cancel: (id: string) => call<Job>('app.Jobs.Cancel', id),
};
