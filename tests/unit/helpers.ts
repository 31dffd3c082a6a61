/** Shared builders for unit tests: a background with a real store on fake IndexedDB. */
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import {
  createMessageHandler,
  type BackgroundDeps,
  type SenderInfo,
  type TabState,
} from '../../entrypoints/background/router';
import type { Pack, Session } from '../../content/pack-schema';
import { openCompanionDb } from '../../entrypoints/background/db/database';
import { createCourseState, createFacilitatorHandler } from '../../entrypoints/background/course';
import type { TabMessage } from '../../utils/protocol/messages';
import { createStore, type StoreEnv } from '../../entrypoints/background/db/store';

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
  let clock = Date.parse('2026-11-28T12:00:00Z');
  const deps: BackgroundDeps = {
    extensionId: 'abcdef',
    extensionOrigin: ORIGIN,
    courseId: () => course.pack().id,
    packVersion: () => course.pack().version,
    now: () => new Date('2026-11-28T12:00:00Z'),
    index: () => course.index(),
    session: (id) => course.pack().sessions.find((s) => s.id === id),
    tabs: {
      get: async (id) => tabs.get(id) ?? null,
      set: async (id, s) => {
        if (s) tabs.set(id, s);
        else tabs.delete(id);
      },
    },
    store: async () => store,
    badge: vi.fn(async () => {}),
    toTab: toTab as BackgroundDeps['toTab'],
    broadcast,
    shortcut: async () => 'Ctrl+Shift+L',
    facilitator: createFacilitatorHandler({
      course,
      store: async () => store,
      broadcast,
      learnedBadge,
      now: () => new Date((clock += 1000)),
    }),
  };
  return {
    handle: createMessageHandler(deps),
    deps,
    store,
    tabs,
    toTab,
    course,
    learnedBadge,
  };
}

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
