/**
 * Sync as the background runs it: the settings and state in storage, one sync at a time,
 * a sync shortly after the journal changes (debounced) and on a periodic alarm, a bounded
 * backoff after failures, and the status the popup shows. Built over its dependencies so the
 * tests run it against a real server without a browser.
 */
import { backoffMs } from './backoff';
import {
  INITIAL_STATE,
  SYNC_CONFIG_KEY,
  SYNC_STATE_KEY,
  readConfig,
  readState,
  type SyncConfig,
  type SyncErrorCode,
  type SyncState,
} from './config';
import { originPattern, serverAddress, type SyncStatus } from '../../../utils/protocol/sync';
import { PouchDB, type Database } from './pouch';
import { checkServer, syncOnce, type JournalAccess } from './replicate';
import { SYNC_BYTES, SyncFailure, serverFetch, type FetchContext } from './server-fetch';
import { UNDO_GRACE_MS } from '../db/reflection-store';

/** The periodic alarm that syncs. */
export const SYNC_ALARM = 'sync';
/** The one-shot alarm that tries again once the backoff has passed. */
export const SYNC_RETRY_ALARM = 'sync-retry';

/** Minutes between periodic syncs. */
export const SYNC_PERIOD_MINUTES = 30;

/** Where settings and state are kept (storage.local in the browser). */
export interface SyncStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** What the sync service runs on. */
export interface SyncEnv {
  journal(): Promise<JournalAccess>;
  storage: SyncStorage;
  /** Whether the browser grants the extension this origin pattern. */
  granted(pattern: string): Promise<boolean>;
  fetch: typeof fetch;
  now(): Date;
  random(): number;
  /** The replica's name (a PouchDB database in IndexedDB). */
  replicaName: string;
  /** Delay of the sync after a change, in ms. */
  debounceMs?: number;
  /** Wake the service at this time (ms since the epoch) to try again after the backoff. */
  wakeAt?: (when: number) => void;
  /** A sync wrote into the journal (the pages showing it read it again), or its status changed. */
  onChange?: (what: { journal: boolean; links: boolean }) => void;
}

/** The sync service (see the module's comment). */
export function createSyncService(env: SyncEnv) {
  let running: Promise<SyncStatus> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const config = async () => readConfig(await env.storage.get(SYNC_CONFIG_KEY));
  const state = async () => readState(await env.storage.get(SYNC_STATE_KEY));
  const save = (s: SyncState) => env.storage.set(SYNC_STATE_KEY, s);

  function statusOf(c: SyncConfig | null, s: SyncState): SyncStatus {
    return {
      enabled: c !== null,
      server: c?.server ?? null,
      database: c?.database ?? null,
      lastSyncedAt: s.lastSyncedAt,
      waiting: s.waiting,
      lastError: s.lastError?.code ?? null,
      refused: s.refused,
    };
  }

  /** The server's database, and what its requests share (their byte budget, first failure). */
  function remoteOf(c: Pick<SyncConfig, 'server' | 'database' | 'auth'>) {
    const server = serverAddress(c.server) ?? c.server;
    const context: FetchContext = { left: SYNC_BYTES, failure: null };
    const db: Database = new PouchDB(`${server}/${encodeURIComponent(c.database)}`, {
      skip_setup: true,
      fetch: serverFetch({ server, auth: c.auth }, env.fetch, context),
    });
    return { db, context };
  }

  async function run(force: boolean): Promise<SyncStatus> {
    const c = await config();
    let s = await state();
    const now = env.now();
    if (!c || (!force && s.notBefore > now.getTime())) return statusOf(c, s);
    const local = new PouchDB(env.replicaName, {
      adapter: 'indexeddb',
      auto_compaction: true,
      revs_limit: 100,
    });
    const { db: remote, context } = remoteOf(c);
    let merged = { journal: false, links: false };
    try {
      if (!(await env.granted(originPattern(c.server))))
        throw new SyncFailure('cors', 'the browser does not grant the server');
      const out = await syncOnce({
        local,
        remote,
        journal: await env.journal(),
        importedSeq: s.importedSeq,
        now,
        purgeBefore: new Date(now.getTime() - UNDO_GRACE_MS).toISOString(),
        onWritten: (written) => save({ ...s, waiting: written }),
      });
      merged = { journal: out.merged + out.links + out.progress > 0, links: out.links > 0 };
      s = {
        ...s,
        lastSyncedAt: env.now().toISOString(),
        lastError: null,
        failures: 0,
        notBefore: 0,
        waiting: 0,
        refused: out.refused,
        importedSeq: out.importedSeq,
      };
    } catch (e) {
      const latest = await state(); // keeps `waiting` as the steps left it
      const failures = latest.failures + 1;
      s = {
        ...latest,
        lastError: { code: errorCode(context.failure ?? e), at: env.now().toISOString() },
        failures,
        notBefore: env.now().getTime() + backoffMs(failures, env.random()),
      };
    } finally {
      await Promise.allSettled([local.close(), remote.close()]);
    }
    await save(s);
    if (s.notBefore > 0) env.wakeAt?.(s.notBefore);
    env.onChange?.(merged);
    return statusOf(c, s);
  }

  /** Run a sync now, or after the one under way (then once more, for what it missed). */
  function runOnce(force: boolean): Promise<SyncStatus> {
    if (running) {
      again = true;
      return running;
    }
    running = run(force).finally(() => {
      running = null;
      if (again) {
        again = false;
        void runOnce(false);
      }
    });
    return running;
  }

  return {
    /** `sync:state`. */
    async status(): Promise<SyncStatus> {
      return statusOf(await config(), await state());
    },

    /**
     * `sync:configure`: store the settings (checked by the request's schema) and sync. The
     * page asked the browser for exactly that server's origin first; without it, sync says
     * `cors` and nothing is stored.
     */
    async configure(settings: SyncConfig): Promise<SyncStatus | SyncErrorCode> {
      const server = serverAddress(settings.server);
      if (!server) return 'unreachable';
      if (!(await env.granted(originPattern(server)))) return 'cors';
      const previous = await config();
      const same = previous?.server === server && previous.database === settings.database;
      await env.storage.set(SYNC_CONFIG_KEY, { ...settings, server });
      // Another server or database starts from the beginning (the replica stays: PouchDB's
      // checkpoints are per server).
      if (!same) await save({ ...INITIAL_STATE });
      return runOnce(true);
    },

    /** `sync:test`: reach the server with these settings (stored ones if none); null if fine. */
    async test(settings: SyncConfig | null): Promise<SyncErrorCode | null> {
      const c = settings ?? (await config());
      const server = c && serverAddress(c.server);
      if (!c || !server) return 'unreachable';
      if (!(await env.granted(originPattern(server)))) return 'cors';
      const { db: remote, context } = remoteOf({ ...c, server });
      try {
        await checkServer(remote);
        return null;
      } catch (e) {
        return errorCode(context.failure ?? e);
      } finally {
        await remote.close().catch(() => undefined);
      }
    },

    /** `sync:now`: sync now, whatever the backoff says. */
    syncNow: () => runOnce(true),

    /** The periodic alarm: sync unless the backoff says to wait. */
    alarm: () => runOnce(false),

    /** The journal changed: sync after a short quiet time (each change restarts it). */
    changed(): void {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void runOnce(false);
      }, env.debounceMs ?? 5000);
    },

    /**
     * `sync:disable`: forget the settings, the credentials and the replica. The journal stays
     * whole on this device, and on the server.
     */
    async disable(): Promise<SyncStatus> {
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      await env.storage.remove(SYNC_CONFIG_KEY);
      await env.storage.remove(SYNC_STATE_KEY);
      const local = new PouchDB(env.replicaName, {
        adapter: 'indexeddb',
      });
      await local.destroy().catch(() => undefined);
      return statusOf(null, { ...INITIAL_STATE });
    },
  };
}

/** The sync service's operations. */
export type SyncService = ReturnType<typeof createSyncService>;

/** The code that tells the learner why a sync or a test failed. */
export function errorCode(e: unknown): SyncErrorCode {
  if (e instanceof SyncFailure) return e.code;
  const status = (e as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (typeof status === 'number' && status >= 500) return 'server_error';
  if (e instanceof SyntaxError) return 'not_couchdb';
  if (e instanceof TypeError || (e as { name?: unknown } | null)?.name === 'AbortError')
    return 'unreachable';
  if (typeof status === 'number' && status >= 400) return 'not_couchdb';
  return 'server_error';
}
