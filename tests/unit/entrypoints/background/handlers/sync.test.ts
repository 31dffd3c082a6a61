// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessageHandler } from '../../../../../entrypoints/background/router';
import { createSyncService } from '../../../../../entrypoints/background/sync/service';
import { startCouchServer, type CouchServer } from '../../../couch-server';
import { backgroundForTest, popup } from '../../../helpers';

if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: { userAgent: 'node' } });

let server: CouchServer;
beforeEach(async () => {
  server = await startCouchServer();
  await server.db('journal-amina').info();
});
afterEach(() => server.close());

async function background() {
  const { deps, store } = await backgroundForTest();
  const storage = new Map<string, unknown>();
  deps.sync = createSyncService({
    journal: async () => store,
    storage: {
      get: async (k) => storage.get(k),
      set: async (k, v) => void storage.set(k, v),
      remove: async (k) => void storage.delete(k),
    },
    granted: async () => true,
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    random: () => 0.5,
    replicaName: `handlers-${Math.random()}`,
  });
  return { handle: createMessageHandler(deps), storage };
}

describe('the sync requests', () => {
  it('take the credentials in and never give them back', async () => {
    const { handle, storage } = await background();
    const settings = {
      server: server.url,
      database: 'journal-amina',
      auth: { kind: 'basic', username: 'amina', password: 'pa55-w0rd-never-echoed' },
    };
    const replies = [
      await handle({ type: 'sync:configure', settings }, popup),
      await handle({ type: 'sync:state' }, popup),
      await handle({ type: 'sync:now' }, popup),
      await handle({ type: 'sync:test', settings: null }, popup),
    ];
    expect(replies[0]).toMatchObject({ ok: true, error: null, sync: { enabled: true } });
    expect(replies[3]).toEqual({ ok: true, error: null });
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain('pa55-w0rd');
    expect(JSON.stringify([...storage.values()])).toContain('pa55-w0rd');
    expect(await handle({ type: 'sync:disable' }, popup)).toMatchObject({
      ok: true,
      sync: { enabled: false },
    });
    expect(JSON.stringify([...storage.values()])).not.toContain('pa55-w0rd');
  });

  it('say not_found where the background has no sync', async () => {
    const { handle } = await backgroundForTest();
    expect(await handle({ type: 'sync:state' }, popup)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
