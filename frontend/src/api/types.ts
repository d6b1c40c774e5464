// Types mirror the JSON-tagged Go structs in package app (snake_case).

export interface SessionStatus {
  initialized: boolean;
  unlocked: boolean;
  data_dir: string;
  version: string;
  /** The engagement the app was started on (the demo), if any. */
  start_engagement?: string;
  /** Who is at the keyboard: the name the trail and sign-offs record. */
  actor?: string;
}

export type EngagementType = 'type1' | 'type2';

export type Category =
  | 'security'
  | 'availability'
  | 'processing-integrity'
  | 'confidentiality'
  | 'privacy';

export interface Engagement {
  id: string;
  name: string;
  client: string;
  type: EngagementType;
  period_start: string;
  period_end: string;
  categories: Category[];
  created_at: string;
  created_by: string;
  /** "responder": a compliance lead's copy opened from a findings packet. */
  role?: 'responder' | '';
  /** A responder copy: the auditor's engagement it answers. */
  origin?: string;
  /** How 03-04-2026 in evidence names reads: absent for day first, "mdy" for month first. */
  date_order?: 'dmy' | 'mdy';
}

export interface EngagementInput {
  name: string;
  client: string;
  type: EngagementType;
  period_start: string;
  /** Empty for a Type 1 report (a single "as of" date). */
  period_end: string;
  categories: Category[];
  date_order?: Engagement['date_order'];
}

export interface TrailEvent {
  seq: number;
  time: string;
  actor: string;
  action: string;
  object: string;
  /** What people read for the object (a file name, a test's control and title), from the Go side's names; absent when its ID is its name. */
  name?: string;
  change: unknown;
  digest: string;
  prev: string;
  hash: string;
}

export interface TrailPage {
  events: TrailEvent[];
  total: number;
}

export interface Verification {
  intact: boolean;
  events: number;
  head: string;
  broke_at?: number;
  reason?: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'canceled';

export interface Job<R = unknown> {
  id: string;
  kind: string;
  title: string;
  stage: string;
  /** The item the job is on, e.g. a file's path in the pack; "" when none. */
  current: string;
  done: number;
  total: number;
  state: JobState;
  error?: { code: string; message: string };
  result?: R;
  started_at: string;
  ended_at?: string;
}

export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'wrong_passphrase'
  | 'locked'
  | 'canceled'
  | 'storage'
  | 'internal';
