/**
 * The popup's first render with a cold background: the extension's service worker stopped
 * first, as Chromium stops it after 30 s idle, so the popup's first request has to start the
 * worker, which opens the database and reads the course again before it can answer. Measured
 * with a course of eight sessions and 10,000 reflections spread across them.
 */
import type { BrowserContext, CDPSession, Worker } from '@playwright/test';
import { parsePack, type Pack } from '../../content/pack-schema';
import { serviceWorker } from '../e2e/browser';
import { FacilitatorPage } from '../e2e/pages/facilitator-page';
import { uiText } from '../e2e/pages/ui-text';
import { testPack, testSession } from '../fixtures/test-pack';
import type { ExtraContext } from './extras';
import { POPUP_SNAPSHOT_KEY } from '../../utils/protocol/popup-snapshot';
import { popupFirstRender, seedReflections, withBrowser, type SeedTarget } from './browser-bench';

/** The bench course's id: not the bundled course's, so nothing of Session 6 is mistaken for it. */
const COURSE_ID = 'bench-course';
/** How many sessions the bench course has: the course's eight weeks. */
const SESSIONS = 8;

/**
 * A fictional course of eight sessions for the benchmark, each shaped like the frozen pack's
 * Session 6 (its outcomes, its resources' kinds and summaries) under ids, titles and addresses
 * that say they are made up. Never a real session's content: the course has word for word only
 * Session 6.
 */
export function eightSessionPack(): Pack {
  const sessions = Array.from({ length: SESSIONS }, (_, i) => {
    const n = i + 1;
    return {
      ...testSession,
      id: `bench-session-${n}`,
      number: n,
      heading: `Bench Session ${n} Resources`,
      title: `Bench Session ${n} (fictional)`,
      intro: `A made-up session for the benchmark, shaped like Session 6. ${testSession.intro}`,
      pageUrl: `https://bench.example.org/curriculum/bench-session-${n}`,
      resources: testSession.resources.map((r) => ({
        ...r,
        id: `bench-${n}-${r.id}`,
        title: `Fictional reading ${n}: ${r.title}`,
        link: r.link ? `https://bench.example.org/readings/${n}/${r.id}` : null,
      })),
    };
  });
  const result = parsePack({
    ...testPack,
    id: COURSE_ID,
    version: '2026.11.0-bench',
    course: { ...testPack.course, title: 'Bench course (fictional, eight sessions)' },
    currentSession: sessions.at(-1)!.id,
    sessions,
  });
  if (!result.ok) throw new Error(`bench pack: ${result.error.path}: ${result.error.message}`);
  return result.pack;
}

/**
 * The extension's service worker as the DevTools protocol's ServiceWorker domain sees it (from
 * a blank tab kept open for the session): its running status, and a way to stop it.
 * `ServiceWorker.stopAllWorkers` is what `chrome://serviceworker-internals` does with _Stop_:
 * the worker's JavaScript context is torn down and the next event starts a new one.
 */
async function workerControl(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const scope = `chrome-extension://${extensionId}/`;
  let status = 'unknown';
  let starts = 0;
  let startedAt = 0;
  /** How long the last start took, `starting` → `running` (the worker's script has run). */
  let boot = 0;
  let changed = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(scope)) continue;
      if (v.runningStatus === 'starting' && status !== 'starting') {
        starts++;
        startedAt = performance.now();
      }
      if (v.runningStatus === 'running' && status === 'starting')
        boot = performance.now() - startedAt;
      status = v.runningStatus;
      changed();
    }
  });
  await cdp.send('ServiceWorker.enable');
  const until = async (want: string) => {
    const deadline = Date.now() + 10_000;
    while (status !== want) {
      if (Date.now() > deadline) throw new Error(`worker ${status}, never ${want}`);
      await new Promise<void>((r) => {
        changed = r;
        setTimeout(r, 100);
      });
    }
  };
  return {
    status: () => status,
    /** How many times the worker has started since `enable`. */
    starts: () => starts,
    boot: () => boot,
    until,
    /** Stop the worker and wait until Chromium reports it stopped. */
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until('stopped');
    },
    close: () => page.close(),
  };
}

/** A token in the worker's global scope: it survives until the worker's context is torn down. */
const setToken = (sw: Worker, token: string) =>
  sw.evaluate((t) => {
    (globalThis as { benchToken?: string }).benchToken = t;
  }, token);
const readToken = (sw: Worker) =>
  sw.evaluate(() => (globalThis as { benchToken?: string }).benchToken ?? null);

/** `popup-cold`: the popup's first render, each sample with the worker stopped first. */
export async function popupCold({
  add,
  quick,
  median,
  round,
}: Pick<ExtraContext, 'add' | 'quick' | 'median' | 'round'>): Promise<void> {
  await withBrowser(true, async (context) => {
    const sw = await serviceWorker(context);
    const extensionId = new URL(sw.url()).host;
    const pack = eightSessionPack();
    // Seed while the bundled pack is current (seeding waits for the overlay on its reading),
    // then import the bench course the way a facilitator does, through the options page.
    const targets: SeedTarget[] = pack.sessions.flatMap((s) =>
      s.resources.map((r) => ({ sessionId: s.id, resourceId: r.id })),
    );
    await seedReflections(context, 10_000, targets, COURSE_ID);
    const facilitator = await FacilitatorPage.open(context, extensionId);
    await facilitator.importPack(pack, 'bench-course.json');
    const imported = uiText('en', 'packImported').split('$1')[0]!;
    await facilitator.status().filter({ hasText: imported }).waitFor();
    await facilitator.page.close();

    const worker = await workerControl(context, extensionId);
    const times: number[] = [];
    const afterChange: number[] = [];
    const boots: number[] = [];
    const warm: number[] = [];
    /**
     * One cold sample: stop the worker (when `changed`, first drop the popup's snapshot, as any
     * change does), open the popup, and prove it met a stopped worker.
     */
    const sample = async (token: string, changed: boolean): Promise<number> => {
      if (changed)
        await sw.evaluate(
          (key) =>
            (
              globalThis as unknown as {
                chrome: { storage: { session: { remove(k: string): Promise<void> } } };
              }
            ).chrome.storage.session.remove(key),
          POPUP_SNAPSHOT_KEY,
        );
      await setToken(sw, token);
      if ((await readToken(sw)) !== token) throw new Error('token not set in the worker');
      const before = worker.starts();
      await worker.stop();
      if (worker.status() !== 'stopped') throw new Error('worker woke before the popup opened');
      const time = await popupFirstRender(context, extensionId);
      // Proof the popup met a cold background: the worker started again, in a new context
      // where the token set before the stop is gone.
      if (worker.starts() <= before) throw new Error('the worker was never restarted');
      await worker.until('running');
      boots.push(worker.boot());
      for (const w of context.serviceWorkers())
        if ((await readToken(w)) !== null) throw new Error('the worker kept its state');
      return time;
    };
    try {
      await worker.until('running');
      const n = quick ? 3 : 7;
      // Nothing changed since the last popup: it draws its snapshot, then the answers.
      for (let i = 0; i < n; i++) times.push(await sample(`sample-${i}`, false));
      // A change since the last popup (a reflection written, say): no snapshot to draw.
      for (let i = 0; i < n; i++) afterChange.push(await sample(`changed-${i}`, true));
      // For comparison, the same popup with the worker left running.
      for (let i = 0; i < n; i++) warm.push(await popupFirstRender(context, extensionId));
    } finally {
      await worker.close();
    }
    const spread = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return `min–max ${round(sorted[0]!, 1)}–${round(sorted.at(-1)!, 1)} ms over ${list.length} samples`;
    };
    add({
      id: 'popup-cold',
      figure: `popup first render, cold background, ${SESSIONS} sessions, 10,000 reflections (median)`,
      measured: round(median(times), 1),
      unit: 'ms',
      budget: 150,
      note:
        `p50 ${round(median(times), 1)} ms, ${spread(times)}, nothing changed since the last ` +
        `popup (it draws its snapshot, then the background's answers); the worker stopped ` +
        `before each sample and its restart verified; worker start → running p50 ` +
        `${round(median(boots), 1)} ms; same popup with the worker running p50 ` +
        `${round(median(warm), 1)} ms`,
    });
    add({
      id: 'popup-cold-changed',
      figure: `popup first render, cold background, after a change (no snapshot) (median)`,
      measured: round(median(afterChange), 1),
      unit: 'ms',
      note: `p50 ${round(median(afterChange), 1)} ms, ${spread(afterChange)}; baseline, no budget`,
    });
  });
}
