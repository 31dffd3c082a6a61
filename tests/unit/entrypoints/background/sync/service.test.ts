// @vitest-environment node
/**
 * Two devices sync through a real CouchDB-protocol server (express-pouchdb, in memory, on
 * 127.0.0.1): each device is a journal in (fake) IndexedDB, a replica and a sync service,
 * as the background runs them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openCompanionDb } from '../../../../../entrypoints/background/db/database';
import { createStore, type Store } from '../../../../../entrypoints/background/db/store';
import { SYNC_STATE_KEY, type SyncConfig } from '../../../../../entrypoints/background/sync/config';
import {
  createSyncService,
  type SyncService,
} from '../../../../../entrypoints/background/sync/service';
import { startCouchServer, type CouchServer } from '../../../couch-server';
import { testEnv } from '../../../helpers';

// PouchDB's IndexedDB adapter reads navigator.userAgent, which Node 20 lacks.
if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: { userAgent: 'node' } });

interface Device {
  store: Store;
  sync: SyncService;
  storage: Map<string, unknown>;
  changes: { journal: boolean; links: boolean }[];
}

let server: CouchServer;
let n = 0;

async function device(granted = true): Promise<Device> {
  const name = `device-${++n}`;
  // Clocks a little apart, as two devices' are.
  const env = testEnv(Date.parse('2026-11-28T12:00:00Z') + n * 250);
  // Ids as unique across devices as the UUIDs they stand for.
  const store = createStore(await openCompanionDb(`${name}-journal`), {
    now: env.now,
    newId: () => `${name}-${env.newId()}`,
  });
  const storage = new Map<string, unknown>();
  const changes: Device['changes'] = [];
  const sync = createSyncService({
    journal: async () => store,
    storage: {
      get: async (k) => storage.get(k),
      set: async (k, v) => void storage.set(k, structuredClone(v)),
      remove: async (k) => void storage.delete(k),
    },
    granted: async () => granted,
    fetch: (...args) => fetch(...args),
    now: () => new Date(),
    random: () => 0.5,
    replicaName: `${name}-replica`,
    debounceMs: 1,
    onChange: (what) => changes.push(what),
  });
  return { store, sync, storage, changes };
}

function settings(): SyncConfig {
  return {
    server: server.url,
    database: 'learner-1',
    auth: { kind: 'basic', username: 'amina', password: 'secret' },
  };
}

const PLACE = { courseId: 'seize-fse', sessionId: 'session-6', resourceId: 'civil-power' };

function write(d: Device, text: string) {
  return d.store.saveReflection({
    ...PLACE,
    text,
    quote: null,
    mediaTime: null,
    outcomeIds: [],
    pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
    pageTitle: 'Civil power',
  });
}

const texts = async (d: Device) =>
  (await d.store.exportData(null)).reflections
    .filter((r) => r.deletedAt === null)
    .map((r) => r.text)
    .sort();

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  server = await startCouchServer();
  await server.db('learner-1').info(); // the course creates each learner's database
});

afterEach(async () => {
  await server.close();
});

describe('two devices through a CouchDB server', () => {
  it('syncs both ways, and edits of one reflection on both devices keep both texts', async () => {
    const a = await device();
    const b = await device();
    await write(a, 'Written on the laptop');
    expect(await a.sync.configure(settings())).toMatchObject({ lastError: null, waiting: 0 });
    expect(await b.sync.configure(settings())).toMatchObject({ lastError: null });
    expect(await texts(b)).toEqual(['Written on the laptop']);
    // The pages showing the journal are told: B merged something, A only sent.
    expect(b.changes).toEqual([{ journal: true, links: false }]);
    expect(a.changes).toEqual([{ journal: false, links: false }]);

    await write(b, 'Written at the library');
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(await texts(a)).toEqual(['Written at the library', 'Written on the laptop']);

    // The same reflection edited on both devices before either syncs.
    const [shared] = (await a.store.exportData(null)).reflections.filter(
      (r) => r.text === 'Written on the laptop',
    );
    const edit = (d: Device, text: string) =>
      d.store.saveReflection(
        {
          ...PLACE,
          text,
          quote: null,
          mediaTime: null,
          outcomeIds: [],
          pageUrl: '',
          pageTitle: '',
        },
        { id: shared!.id, baseUpdatedAt: shared!.updatedAt },
      );
    await edit(a, 'Laptop edit');
    await edit(b, 'Library edit');
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();
    for (const d of [a, b]) {
      const words = await texts(d);
      expect(words).toContain('Laptop edit');
      expect(words).toContain('Library edit');
    }
    expect(await texts(a)).toEqual(await texts(b));
  });

  it('a deletion travels as a tombstone', async () => {
    const a = await device();
    const b = await device();
    const saved = await write(a, 'To be deleted');
    await a.sync.configure(settings());
    await b.sync.configure(settings());
    await a.store.deleteReflection(saved.reflection.id);
    await a.sync.syncNow();
    await b.sync.syncNow();
    const there = (await b.store.exportData(null)).reflections;
    expect(there).toHaveLength(1);
    expect(there[0]!.deletedAt).not.toBeNull();
  });
});

describe('a failing server', () => {
  it.each([
    [{ kind: 'status', status: 401 } as const, 'unauthorized'],
    [{ kind: 'status', status: 500 } as const, 'server_error'],
    [{ kind: 'garbage' } as const, 'not_couchdb'],
    [{ kind: 'drop', after: 0 } as const, 'unreachable'],
  ])('%o: a clear error, a backoff, and nothing lost', async (fault, code) => {
    const a = await device();
    await write(a, 'Kept whatever the server does');
    server.fault = fault;
    expect(await a.sync.test(settings())).toBe(code);
    const status = await a.sync.configure(settings());
    expect(status).toMatchObject({ enabled: true, lastError: code, lastSyncedAt: null });
    expect(await texts(a)).toEqual(['Kept whatever the server does']);
    const state = a.storage.get(SYNC_STATE_KEY) as { failures: number; notBefore: number };
    expect(state.failures).toBe(1);
    expect(state.notBefore).toBeGreaterThan(Date.now());

    // The server comes back: the next sync goes through and nothing was lost.
    server.fault = null;
    expect(await a.sync.syncNow()).toMatchObject({ lastError: null, waiting: 0 });
    const b = await device();
    await b.sync.configure(settings());
    expect(await texts(b)).toEqual(['Kept whatever the server does']);
  });

  it('a connection dropped in the middle of a sync loses nothing, and the next sync ends it', async () => {
    const a = await device();
    for (let i = 0; i < 30; i++) await write(a, `Reflection ${i}`);
    server.fault = { kind: 'drop', after: 6 };
    expect(await a.sync.configure(settings())).toMatchObject({ lastError: 'unreachable' });
    expect((await texts(a)).length).toBe(30);
    server.fault = null;
    expect(await a.sync.syncNow()).toMatchObject({ lastError: null, waiting: 0 });
    const b = await device();
    await b.sync.configure(settings());
    expect((await texts(b)).length).toBe(30);
  });

  it('without the browser granting the server, says so and sends nothing', async () => {
    const a = await device(false);
    expect(await a.sync.configure(settings())).toBe('cors');
    expect(server.requests).toBe(0);
  });
});
