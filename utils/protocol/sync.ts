/**
 * Sync's part of the protocol: the settings a page sends (`sync:configure`, `sync:test`), the
 * status it is told, and the error codes it translates (`syncError_<code>`). Pure.
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n';

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

/** The message key that explains `code` to the learner. */
export function syncErrorKey(code: SyncErrorCode): MessageKey {
  return `syncError_${code}`;
}

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

/**
 * What the journal sends a sync server, in Firefox's data-consent terms: quotes and titles of
 * pages (`websiteContent`) and which readings were opened and when (`browsingActivity`). The
 * Firefox manifest declares them optional (`wxt.config.ts`): nothing is sent until the learner
 * turns sync on, and the browser asks them at that click.
 */
export const SYNC_DATA_COLLECTION = ['websiteContent', 'browsingActivity'] as const;

/**
 * The permissions sync needs for `server`, as `permissions.request` and `permissions.contains`
 * take them: its origin, and in Firefox (`firefox`) the learner's consent to send their data.
 */
export function syncPermissions(
  server: string,
  firefox: boolean,
): { origins: string[]; data_collection?: string[] } {
  const origins = [originPattern(server)];
  return firefox ? { origins, data_collection: [...SYNC_DATA_COLLECTION] } : { origins };
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

/** What a page is told of sync (`sync:state` and the other sync requests): never the credentials. */
export interface SyncStatus {
  enabled: boolean;
  server: string | null;
  database: string | null;
  lastSyncedAt: string | null;
  /** Changes of this device written for the server that no push has confirmed yet. */
  waiting: number;
  lastError: SyncErrorCode | null;
  /** Documents from the server refused by the checks, in the last sync. */
  refused: number;
}
