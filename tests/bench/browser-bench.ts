/**
 * What the benchmark's browser figures share: a browser with the extension and the reading
 * served, the overlay frame, User Timing marks, reflections written straight into the
 * extension's database, and one timed opening of the popup.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { fixture, launchWithExtension, serve, serviceWorker } from '../e2e/browser';

/** The reading the browser figures open (served from a fixture page under its real address). */
export const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';

/** Run `run` in a fresh profile (with or without the extension) where READING is served. */
export async function withBrowser<T>(
  extension: boolean,
  run: (context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await launchWithExtension(mkdtempSync(join(tmpdir(), 'bench-')), [], extension);
  try {
    await serve(
      context,
      /^https?:\/\/(www\.)?grocer\.coop\//,
      fixture('article.html', { TITLE: 'Civil Power' }),
    );
    return await run(context);
  } finally {
    await context.close();
  }
}

/** The overlay's frame in a reading's page, waiting for it to be attached. */
export async function overlayFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().includes('/overlay.html'));
    if (frame) return frame;
    await page.waitForTimeout(25);
  }
  throw new Error('no overlay frame');
}

/** Epoch time of a User Timing mark in a frame, waiting for it. */
export async function markTime(frame: Frame | Page, name: string): Promise<number> {
  return frame.evaluate(async (n) => {
    for (;;) {
      const entry = performance.getEntriesByName(n)[0];
      if (entry) return performance.timeOrigin + entry.startTime;
      await new Promise((r) => setTimeout(r, 5));
    }
  }, name);
}

/** Where a seeded reflection belongs: a resource of a session. */
export interface SeedTarget {
  sessionId: string;
  resourceId: string;
}

/** Write reflection records straight into the extension's database, from its service worker. */
export async function putReflections(context: BrowserContext, records: object[]): Promise<void> {
  const sw = await serviceWorker(context);
  // Wake the background so it creates the database before we write to it.
  const page = await context.newPage();
  await page.goto(READING);
  await overlayFrame(page);
  await page.close();
  await sw.evaluate(async (all) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('reading-companion');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    const tx = db.transaction('reflections', 'readwrite');
    for (const record of all) tx.objectStore('reflections').put(record);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(new Error(String(tx.error)));
    });
    db.close();
  }, records);
}

/**
 * Write `count` reflections straight into the extension's database, spread in turn over
 * `targets` (a bare resource id is one of Session 6's); every third quotes the reading.
 * `courseId` is the pack's id: the bundled pack's unless a figure imported its own.
 */
export async function seedReflections(
  context: BrowserContext,
  count: number,
  targets: readonly (string | SeedTarget)[],
  courseId = 'seize-fse',
): Promise<void> {
  const places = targets.map((t) =>
    typeof t === 'string' ? { sessionId: 'session-6', resourceId: t } : t,
  );
  const start = Date.parse('2026-11-01T00:00:00Z');
  const records = Array.from({ length: count }, (_, i) => {
    const time = new Date(start + i * 60_000).toISOString();
    return {
      id: `bench-${i}`,
      courseId,
      ...places[i % places.length],
      text: `Reflection ${i}: the partner state and the commons, seen from the reading of the week.`,
      quote:
        i % 3
          ? null
          : {
              exact: 'a partner state',
              prefix: 'with the State: ',
              suffix: ' that enables',
              position: null,
              source: READING,
            },
      mediaTime: null,
      outcomeIds: i % 2 ? ['o1'] : ['o2'],
      pageUrl: READING,
      pageTitle: 'Civil Power',
      createdAt: time,
      updatedAt: time,
      deletedAt: null,
    };
  });
  await putReflections(context, records);
}

/**
 * Open the popup once in a new tab: the `companion:popup-ready` mark (the learner's data on
 * screen) minus the page's time origin (navigation start), in ms. Fails if the popup lists no
 * reflection, so an empty or broken popup is never timed as a fast one.
 */
export async function popupFirstRender(
  context: BrowserContext,
  extensionId: string,
): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const ready = await markTime(page, 'companion:popup-ready');
    const start = await page.evaluate(() => performance.timeOrigin);
    const count = await page.locator('[data-testid="popup-reflections"] > li').count();
    if (count === 0) throw new Error('popup showed no reflections');
    return ready - start;
  } finally {
    await page.close();
  }
}
