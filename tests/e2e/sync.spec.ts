// Two browser profiles, each with the built extension, sync one journal through a real
// CouchDB-protocol server (express-pouchdb in memory, started here on 127.0.0.1): PouchDB in
// the MV3 service worker, its IndexedDB replica, the popup's sync settings.
import type { BrowserContext, Page } from '@playwright/test';
import { startCouchServer, type CouchServer } from '../unit/couch-server';
import {
  expect,
  extensionPage,
  grantedBuild,
  launchWithExtension,
  serviceWorker,
  test,
} from './fixtures';
import { askAsPage as ask } from './extension-state';

const PLACE = {
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
};

/** A backup of one reflection (how each profile writes without driving the overlay). */
function backupWith(id: string, text: string, updatedAt: string): string {
  return JSON.stringify({
    format: 4,
    kind: 'reading-companion-backup',
    exportedAt: updatedAt,
    course: { id: 'seize-fse', packVersion: '1' },
    scope: { sessionId: null },
    reflections: [
      {
        id,
        ...PLACE,
        text,
        quote: null,
        mediaTime: null,
        outcomeIds: [],
        pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
        pageTitle: 'Civil Power',
        createdAt: '2026-11-20T10:00:00.000Z',
        updatedAt,
        deletedAt: null,
      },
    ],
    drafts: [],
    progress: [],
    settings: {},
    learnerLinks: [],
  });
}

async function texts(page: Page): Promise<string[]> {
  const reply = await ask(page, { type: 'export:prepare', sessionId: null, format: 'json' });
  const backup = JSON.parse(reply.json as string) as { reflections: { text: string }[] };
  return backup.reflections.map((r) => r.text).sort();
}

let server: CouchServer;
const contexts: BrowserContext[] = [];

test.beforeEach(async () => {
  server = await startCouchServer();
  await server.db('journal-amina').info();
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await server.close();
});

/** A profile whose build may reach loopback (headless Chromium answers no permission prompt). */
async function profile(dir: string): Promise<{ popup: Page }> {
  const context = await launchWithExtension(
    `${dir}/profile`,
    [],
    true,
    false,
    grantedBuild(`${dir}/extension`, ['http://127.0.0.1/*']),
  );
  contexts.push(context);
  const id = new URL((await serviceWorker(context)).url()).host;
  const popup = await context.newPage();
  await popup.goto(extensionPage(id, 'popup.html'));
  await popup.getByRole('heading', { level: 1 }).waitFor();
  return { popup };
}

test('two profiles sync both ways, edits on both keep both texts, and a server down or offline loses nothing', async () => {
  const testInfo = test.info();
  test.setTimeout(90_000);
  const a = await profile(testInfo.outputPath('a'));
  const b = await profile(testInfo.outputPath('b'));
  await ask(a.popup, {
    type: 'import:apply',
    text: backupWith('shared-1', 'Written on the laptop', '2026-11-20T10:00:00.000Z'),
  });

  // Profile A turns sync on in the popup, as a learner does.
  await a.popup.getByRole('button', { name: 'Sync between devices' }).click();
  await a.popup.getByLabel('Server address').fill(server.url);
  await a.popup.getByLabel('Database').fill('journal-amina');
  await a.popup.getByRole('radio', { name: 'Nothing' }).check();
  await a.popup.getByRole('button', { name: 'Turn on sync' }).click();
  await expect(a.popup.getByTestId('sync-on')).toHaveText(
    `Syncing with ${server.url} (database journal-amina).`,
  );
  await expect(a.popup.getByTestId('sync-last')).toHaveText(/^Synced /);

  // Profile B by request: it gets A's reflection.
  const settings = { server: server.url, database: 'journal-amina', auth: { kind: 'none' } };
  expect(await ask(b.popup, { type: 'sync:configure', settings })).toMatchObject({
    ok: true,
    error: null,
    sync: { lastError: null },
  });
  expect(await texts(b.popup)).toEqual(['Written on the laptop']);

  // The same reflection changed in both profiles before either syncs.
  await ask(a.popup, {
    type: 'import:apply',
    text: backupWith('shared-1', 'Laptop edit', '2026-11-21T10:00:00.000Z'),
  });
  await ask(b.popup, {
    type: 'import:apply',
    text: backupWith('shared-1', 'Library edit', '2026-11-22T10:00:00.000Z'),
  });
  for (const page of [a.popup, b.popup, a.popup])
    expect(await ask(page, { type: 'sync:now' })).toMatchObject({ sync: { lastError: null } });
  for (const page of [a.popup, b.popup])
    expect(await texts(page)).toEqual(expect.arrayContaining(['Laptop edit', 'Library edit']));
  expect(await texts(a.popup)).toEqual(await texts(b.popup));

  // The server goes down: a clear error, and nothing is lost.
  server.fault = { kind: 'status', status: 500 };
  expect(await ask(a.popup, { type: 'sync:now' })).toMatchObject({
    sync: { lastError: 'server_error' },
  });
  expect(await texts(a.popup)).toEqual(expect.arrayContaining(['Laptop edit', 'Library edit']));

  // Offline (every connection dropped) with a change waiting, then online again: it arrives.
  await ask(a.popup, {
    type: 'import:apply',
    text: backupWith('offline-1', 'Written offline', '2026-11-23T10:00:00.000Z'),
  });
  server.fault = { kind: 'drop', after: 0 };
  expect(await ask(a.popup, { type: 'sync:now' })).toMatchObject({
    sync: { lastError: 'unreachable' },
  });
  server.fault = null;
  expect(await ask(a.popup, { type: 'sync:now' })).toMatchObject({
    sync: { lastError: null, waiting: 0 },
  });
  expect(await ask(b.popup, { type: 'sync:now' })).toMatchObject({ sync: { lastError: null } });
  expect(await texts(b.popup)).toContain('Written offline');
});
