/**
 * The learner's sync settings and the sync's own state, kept in `storage.local` and nowhere
 * else: not in IndexedDB (so never in a backup or an export), never in a message to a page
 * (the state the pages read leaves the credentials out), never in a log.
 */
import * as v from 'valibot';

/** The storage.local key of the settings (server, database, credentials). */
export const SYNC_CONFIG_KEY = 'sync';
/** The storage.local key of the sync's state (last sync, last error, backoff, checkpoint). */
export const SYNC_STATE_KEY = 'syncState';

/** Why a sync or a connection test failed; each has a translated text `syncError_<code>`. */
export const SYNC_ERROR_CODES = [
  'unreachable',
  'unauthorized',
  'not_couchdb',
  'not_found',
  'cors',
  'server_error',
  'too_large',
] as const;
/** One of {@link SYNC_ERROR_CODES}. */
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/**
 * A server address sync may use: https, or http on this machine (a server for tests or on
 * the learner's own computer). No credentials, query or fragment in it (they have their own
 * fields), at most 2,000 characters. Returns the address without a trailing slash, or null.
 */
export function serverAddress(text: string): string | null {
  if (text.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  return url.href.replace(/\/+$/, '');
}

/** The origin pattern the browser must grant for a server (`https://host:port/*`). */
export function originPattern(server: string): string {
  return `${new URL(server).origin}/*`;
}

/** CouchDB's rule for a database name. */
const DB_NAME = v.pipe(
  v.string(),
  v.maxLength(238),
  v.regex(/^[a-z][a-z0-9_$()+/-]*$/, 'not a CouchDB database name'),
);

const AUTH = v.variant('kind', [
  v.strictObject({ kind: v.literal('none') }),
  v.strictObject({
    kind: v.literal('basic'),
    username: v.pipe(v.string(), v.minLength(1), v.maxLength(256), v.regex(/^[^:]*$/)),
    password: v.pipe(v.string(), v.maxLength(1024)),
  }),
  v.strictObject({
    kind: v.literal('token'),
    token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192), v.regex(/^[\x21-\x7e]+$/)),
  }),
]);

/** What a page sends to set sync up (`sync:configure`, `sync:test`). */
export const SYNC_SETTINGS = v.strictObject({
  server: v.pipe(
    v.string(),
    v.check((s) => serverAddress(s) !== null, 'https, or http on this machine'),
  ),
  database: DB_NAME,
  auth: AUTH,
});

/** The learner's sync settings, as stored. */
export type SyncConfig = v.InferOutput<typeof SYNC_SETTINGS>;

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
