import { call } from './transport';
import type { SessionStatus } from './types';

export const session = {
  status: () => call<SessionStatus>('app.Session.Status'),
  create: (passphrase: string) => call<SessionStatus>('app.Session.Create', passphrase),
  unlock: (passphrase: string) => call<SessionStatus>('app.Session.Unlock', passphrase),
  lock: () => call<SessionStatus>('app.Session.Lock'),
};
