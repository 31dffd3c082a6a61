/** Shared builders for unit tests: a background with a real store on fake IndexedDB. */
import { IDBFactory } from 'fake-indexeddb';
import { expect, vi } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import type { Pack, Session } from '../../content/pack-schema';
import { createCourseState } from '../../entrypoints/background/course-state';
import { openCompanionDb } from '../../entrypoints/background/db/database';
import { createStore } from '../../entrypoints/background/db/store';
import type { StoreEnv } from '../../entrypoints/background/db/store-context';
import type { BackgroundDeps, TabState } from '../../entrypoints/background/deps';
import { createMessageHandler } from '../../entrypoints/background/router';
import type { SenderInfo } from '../../entrypoints/background/senders';
import type { TabMessage } from '../../utils/protocol/messages';

export const ORIGIN = 'chrome-extension://abcdef/';
export const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
export const TOKEN = 'token-0123456789abcdef';

/** A fresh, isolated IndexedDB for one test. */
export function freshIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

/** A clock that moves one second per call, and ids r1, r2, … */
export function testEnv(start = Date.parse('2026-11-28T12:00:00Z')): StoreEnv {
  let t = start;
  let n = 0;
  return { now: () => new Date((t += 1000)), newId: () => `r${++n}` };
}

/** A background handler over a fresh database, with its fakes exposed. */
export async function backgroundForTest() {
  freshIndexedDb();
  const store = createStore(await openCompanionDb(), testEnv());
  const tabs = new Map<number, TabState>();
  const toTab = vi.fn(async (_tabId: number, _message: TabMessage): Promise<unknown> => null);
  const course = createCourseState(bundledPack, async () => store);
  await course.ready();
  const broadcast = vi.fn();
  const learnedBadge = vi.fn(async (_tabId: number, _learned: number) => {});
  const deps: BackgroundDeps = {
    extensionId: 'abcdef',
    extensionOrigin: ORIGIN,
    course,
    now: () => new Date('2026-11-28T12:00:00Z'),
    tabs: {
      get: async (id) => tabs.get(id) ?? null,
      set: async (id, s) => {
        if (s) tabs.set(id, s);
        else tabs.delete(id);
      },
      ids: async () => [...tabs.keys()],
    },
    store: async () => store,
    badge: vi.fn(async () => {}),
    toTab: toTab as BackgroundDeps['toTab'],
    broadcast,
    shortcut: async () => 'Ctrl+Shift+L',
    tabPage: vi.fn(
      async (_tabId: number): Promise<{ url?: string; title?: string } | null> => null,
    ),
    learnedBadge,
    builtMatches: ['https://grocer.coop/*', 'https://www.grocer.coop/*'],
    companion: {
      enabled: vi.fn(async () => []),
      enable: vi.fn(async (patterns: string[]) => patterns),
      sync: vi.fn(async () => {}),
    },
  };
  return {
    handle: createMessageHandler(deps),
    deps,
    store,
    tabs,
    toTab,
    course,
    learnedBadge,
    broadcast,
  };
}

/** The report of the reading content script on `url` (the reading, by default). */
export const seen = (url = READING) => ({
  type: 'page:seen',
  url,
  title: 'Civil Power',
  token: TOKEN,
});
/** The reading at {@link READING}. */
export const PLACE = { sessionId: 'session-6', resourceId: 'civil-power-partner-state' };
/** What a reflection says, without its token and owner. */
export const writing = { text: 'A thought', quote: null, mediaTime: null, outcomeIds: ['o1'] };

/** A content script in the top frame of tab `tabId`, on `url`. */
export const contentScript = (tabId: number, url = READING): SenderInfo => ({
  id: 'abcdef',
  url,
  frameId: 0,
  tab: { id: tabId },
});
/** The overlay frame in tab `tabId`. */
export const overlayFrame = (tabId: number): SenderInfo => ({
  id: 'abcdef',
  url: `${ORIGIN}overlay.html#${TOKEN}`,
  frameId: 5,
  tab: { id: tabId },
});
/** The facilitator page (the options page). */
export const facilitatorPage: SenderInfo = { id: 'abcdef', url: `${ORIGIN}options.html` };
/** The toolbar popup. */
export const popup: SenderInfo = { id: 'abcdef', url: `${ORIGIN}popup.html` };

/** The bundled session again as session `n`: its own ids, titles and (absent) links. */
const copyOf = (n: number, dates: Pick<Session, 'startsOn' | 'endsOn'>): Session => {
  const s = bundledPack.sessions[0]!;
  return {
    ...s,
    ...dates,
    id: `session-${n}`,
    number: n,
    title: `Title of session ${n}`,
    intro: `Intro of session ${n}`,
    pageUrl: null,
    resources: s.resources.map((r) => ({
      ...r,
      id: `${r.id}-${n}`,
      title: `${r.title} (session ${n})`,
      link: null,
      alternates: [],
    })),
  };
};

/** A pack of three sessions; the dates (not the pack) make session 7 current on 2026-11-28. */
export const threeSessions = (): Pack => {
  const { currentSession: _named, ...rest } = bundledPack;
  return {
    ...rest,
    sessions: [
      { ...bundledPack.sessions[0]!, startsOn: '2026-11-01', endsOn: '2026-11-14' },
      copyOf(7, { startsOn: '2026-11-15', endsOn: '2026-12-05' }),
      copyOf(8, { startsOn: '2026-12-06', endsOn: '2026-12-20' }),
    ],
  };
};

/** A background whose facilitator imported {@link threeSessions}. */
export async function withThreeSessions() {
  const bg = await backgroundForTest();
  const imported = await bg.handle({ type: 'pack:import', pack: threeSessions() }, facilitatorPage);
  expect(imported).toMatchObject({ ok: true, source: 'imported' });
  return bg;
}
