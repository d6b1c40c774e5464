import { call } from './transport';
import type * as models from './models';
import type { SessionStatus } from './types';

/** A backup written. */
export type BackupResult = models.backup.Result;
/** A restore done, with the checks verify runs, run on it. */
export type Restored = models.backup.Restored;
/** The scheduled backups of an engagement, oldest first. */
export type ScheduledBackups = models.app.ScheduledBackups;

export const backups = {
  backup: (engagementId: string, path: string, passphrase: string) =>
    call<BackupResult>('app.Backups.Backup', engagementId, path, passphrase),
  restore: (path: string, passphrase: string, asNew: boolean) =>
    call<Restored>('app.Backups.Restore', path, passphrase, asNew),
  scheduled: (engagementId: string) => call<ScheduledBackups>('app.Backups.Scheduled', engagementId),
  changePassphrase: (current: string, next: string) =>
    call<SessionStatus>('app.Backups.ChangePassphrase', current, next),
  /** The desktop window's dialogs; '' if cancelled. */
  chooseBackup: () => call<string>('app.Backups.ChooseBackup'),
  saveBackupAs: (name: string) => call<string>('app.Backups.SaveBackupAs', name),
};
