import { call } from './transport';
import type { Engagement, SessionStatus } from './types';

// Types mirror the JSON of backup.Result, backup.Restored and app.ScheduledBackups.

/** A backup written. */
export interface BackupResult {
  file: string;
  engagement_id: string;
  name: string;
  entries: number;
  evidence: number;
  bytes: number;
  sha256: string;
  trail_seq: number;
  trail_head: string;
}

/** A restore done, with the checks verify runs, run on it. */
export interface Restored {
  engagement: Engagement;
  /** The engagement ID in the backup; another than engagement.id after "as new". */
  from: string;
  file: string;
  entries: number;
  evidence: number;
  intact: boolean;
  events: number;
  head: string;
  broke_at?: number;
  reason?: string;
  not_indexed: number;
}

/** The scheduled backups of an engagement, oldest first. */
export interface ScheduledBackups {
  folder: string;
  files: string[] | null;
  kept: number;
}

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
