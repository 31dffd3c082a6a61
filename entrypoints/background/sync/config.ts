/**
 * The learner's sync settings and the sync's own state, kept in `storage.local` and nowhere
 * else: not in IndexedDB (so never in a backup or an export), never in a message to a page
 * (the state the pages read leaves the credentials out), never in a log.
 */
import * as v from 'valibot';
import {
  SYNC_ERROR_CODES,
  SYNC_SETTINGS,
  type SyncConfig,
  type SyncErrorCode,
} from '../../../utils/protocol/sync';

export type { SyncConfig, SyncErrorCode };

/** The storage.local key of the settings (server, database, credentials). */
export const SYNC_CONFIG_KEY = 'sync';
/** The storage.local key of the sync's state (last sync, last error, backoff, checkpoint). */
export const SYNC_STATE_KEY = 'syncState';

/** Read the stored settings; anything that is not valid settings counts as none. */
export function readConfig(raw: unknown): SyncConfig | null {
  const parsed = v.safeParse(SYNC_SETTINGS, raw);
  return parsed.success ? parsed.output : null;
}

/** The sync's state, as stored. */
export interface SyncState {
  lastSyncedAt: string | null;
  lastError: { code: SyncErrorCode; at: string } | null;
  /** Failures in a row (for the backoff). */
  failures: number;
  /** No automatic attempt before this time (ms since the epoch). */
  notBefore: number;
  /** Local changes written to the replica that no push has confirmed yet. */
  waiting: number;
  /** Documents from the server refused by the checks in docs.ts, in the last sync. */
  refused: number;
  /** The replica's update sequence up to which its documents were merged into the journal. */
  importedSeq: number | string;
}

/** The state before any sync. */
export const INITIAL_STATE: SyncState = {
  lastSyncedAt: null,
  lastError: null,
  failures: 0,
  notBefore: 0,
  waiting: 0,
  refused: 0,
  importedSeq: 0,
};

const STATE = v.object({
  lastSyncedAt: v.nullable(v.string()),
  lastError: v.nullable(v.object({ code: v.picklist(SYNC_ERROR_CODES), at: v.string() })),
  failures: v.pipe(v.number(), v.integer(), v.minValue(0)),
  notBefore: v.number(),
  waiting: v.pipe(v.number(), v.integer(), v.minValue(0)),
  refused: v.pipe(v.number(), v.integer(), v.minValue(0)),
  importedSeq: v.union([v.number(), v.string()]),
});

/** Read the stored state; an unreadable one starts over (the replica's checkpoints remain). */
export function readState(raw: unknown): SyncState {
  const parsed = v.safeParse(STATE, raw);
  return parsed.success ? parsed.output : { ...INITIAL_STATE };
}
