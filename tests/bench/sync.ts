/**
 * Benchmark figures for sync (decision 32): two profiles with the built extension and a
 * CouchDB-protocol server on 127.0.0.1 (express-pouchdb in memory, in this process). The first
 * sync of 10,000 reflections (one profile pushes them, the other pulls them), then the round
 * trip of one new reflection. Times are those of the requests, from the popup page.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grantedBuild, launchWithExtension, serviceWorker } from '../e2e/browser';
import { askAsPage as ask } from '../e2e/extension-state';
import { startCouchServer } from '../unit/couch-server';
import type { ExtraContext } from './extras';

type Measure = Pick<ExtraContext, 'add' | 'quick' | 'median' | 'round'>;

/** The time `message` takes to be answered, in ms; fails on a failed sync. */
async function timed(page: Page, message: object): Promise<number> {
  const started = performance.now();
  const reply = await ask(page, message);
  const ms = performance.now() - started;
  const sync = reply.sync as { lastError: string | null } | undefined;
  if (!reply.ok || sync?.lastError) throw new Error(`sync failed: ${JSON.stringify(reply)}`);
  return ms;
}

const reflection = (id: string, text: string, time: string) => ({
  id,
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text,
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power',
  createdAt: time,
  updatedAt: time,
  deletedAt: null,
});

async function profile(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `bench-sync-${name}-`));
  const context = await launchWithExtension(
    join(dir, 'profile'),
    [],
    true,
    false,
    grantedBuild(join(dir, 'extension'), ['http://127.0.0.1/*']),
  );
  const id = new URL((await serviceWorker(context)).url()).host;
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await popup.getByRole('heading', { level: 1 }).waitFor();
  return { context, popup };
}

/** The sync figures. */
export async function syncFigures({ add, quick, median, round }: Measure): Promise<void> {
  const server = await startCouchServer();
  await server.db('journal').info();
  const a = await profile('a');
  const b = await profile('b');
  try {
    const start = Date.parse('2026-11-01T00:00:00Z');
    const reflections = Array.from({ length: 10_000 }, (_, i) =>
      reflection(
        `bench-${i}`,
        `Reflection ${i}: what the reading says about the partner state, and what it asks of us.`,
        new Date(start + i * 60_000).toISOString(),
      ),
    );
    await ask(a.popup, {
      type: 'import:apply',
      text: JSON.stringify({
        format: 4,
        kind: 'reading-companion-backup',
        exportedAt: new Date().toISOString(),
        course: { id: 'seize-fse', packVersion: '1' },
        scope: { sessionId: null },
        reflections,
        drafts: [],
        progress: [],
        settings: {},
        learnerLinks: [],
      }),
    });
    const settings = { server: server.url, database: 'journal', auth: { kind: 'none' } };
    const push = await timed(a.popup, { type: 'sync:configure', settings });
    const pull = await timed(b.popup, { type: 'sync:configure', settings });
    add({
      id: 'sync-first-10k',
      figure: 'first sync of 10,000 reflections',
      measured: round(push + pull, 0),
      unit: 'ms',
      note: `push ${round(push, 0)} ms (profile A), pull ${round(pull, 0)} ms (profile B)`,
    });

    const trips: number[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const time = new Date().toISOString();
      await ask(a.popup, {
        type: 'import:apply',
        text: JSON.stringify({
          format: 4,
          kind: 'reading-companion-backup',
          exportedAt: time,
          course: { id: 'seize-fse', packVersion: '1' },
          scope: { sessionId: null },
          reflections: [reflection(`trip-${i}`, `One more thought, ${i}.`, time)],
          drafts: [],
          progress: [],
          settings: {},
          learnerLinks: [],
        }),
      });
      trips.push(
        (await timed(a.popup, { type: 'sync:now' })) + (await timed(b.popup, { type: 'sync:now' })),
      );
    }
    add({
      id: 'sync-round-trip',
      figure: 'one reflection from profile A to profile B',
      measured: round(median(trips), 0),
      unit: 'ms',
      note: `A's sync:now + B's sync:now, with 10,000 reflections synced; median of ${trips.length}`,
    });
  } finally {
    await Promise.allSettled([a.context.close(), b.context.close()]);
    await server.close();
  }
}
