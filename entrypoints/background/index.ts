/**
 * The background: the one owner of the learner's database, of course state and of the
 * toolbar badge. It only wires browser events to the request router (`router.ts`), the
 * draft relay (`draft-relay.ts`) and the tab events of `handlers/tabs.ts`.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { bundledPack } from '../../content/bundled';
import { loopbackGranted } from '../../content/hosts';
import { findResource } from '../../content/recognizer';
import { browserCompanionApi } from './companion-browser';
import { createCompanionHosts } from './companion-hosts';
import { createCourseState } from './course-state';
import { openCompanionDb } from './db/database';
import type { BackgroundDeps } from './deps';
import { createDraftRelay } from './draft-relay';
import { tabLoaded, toggleOverlay } from './handlers/tabs';
import { createMessageHandler } from './router';
import type { SenderInfo } from './senders';
import { t, tn } from '../../utils/i18n';
import type { Broadcast, TabMessage, TabReplies } from '../../utils/protocol/messages';
import { POPUP_SNAPSHOT_KEY } from '../../utils/protocol/popup-snapshot';
import { SYNC_DATA_COLLECTION } from '../../utils/protocol/sync';
import { createStore, PURGE_ALARM, purgeOnStart, type Store } from './db/store';
import { sessionTabStates } from './tab-states';
import {
  createSyncService,
  SYNC_ALARM,
  SYNC_PERIOD_MINUTES,
  SYNC_RETRY_ALARM,
} from './sync/service';

export default defineBackground(() => {
  let store: Promise<Store> | null = null;
  const openStore = () => {
    // Opened on first use; a failed open is retried on the next request.
    // A connection closed for another copy's upgrade is dropped, and opened again on next use.
    const onGone = () => {
      store = null;
    };
    store ??= openCompanionDb(undefined, undefined, { onGone }).then(createStore, (e: unknown) => {
      store = null;
      throw e;
    });
    return store;
  };
  // The imported or bundled pack with learned links; every request waits for it to load.
  const course = createCourseState(bundledPack, openStore);
  const broadcast = (message: Broadcast) => {
    // Every change the pages hear of makes the popup's snapshot old: it goes, so a popup never
    // draws a state older than the last change (utils/protocol/popup-snapshot.ts).
    if (message.type !== 'overlay:layout')
      void browser.storage.session.remove(POPUP_SNAPSHOT_KEY).catch(() => undefined);
    // Rejects when no extension page is open to hear it; that is fine.
    browser.runtime.sendMessage(message).catch(() => undefined);
  };

  const toTab = async <M extends TabMessage>(tabId: number, message: M) => {
    try {
      return await browser.tabs.sendMessage<M, TabReplies[M['type']]>(tabId, message, {
        frameId: 0,
      });
    } catch {
      return null; // the tab navigated away or closed
    }
  };
  const companion = createCompanionHosts(browserCompanionApi(toTab));

  // Sync with the learner's CouchDB server, when they turned it on (sync/service.ts).
  const sync = createSyncService({
    journal: openStore,
    storage: {
      get: async (key) => (await browser.storage.local.get(key))[key],
      set: (key, value) => browser.storage.local.set({ [key]: value }),
      remove: (key) => browser.storage.local.remove(key),
    },
    // The server's origin, and in Firefox the learner's consent to send their data.
    granted: (pattern) =>
      browser.permissions.contains({
        origins: [pattern],
        ...(import.meta.env.FIREFOX && { data_collection: [...SYNC_DATA_COLLECTION] }),
      }),
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    random: Math.random,
    replicaName: 'reading-companion-sync',
    wakeAt: (when) => void browser.alarms.create(SYNC_RETRY_ALARM, { when }),
    // What a sync merged shows at once, as after an import (handlers/journal.ts).
    onChange: ({ journal, links }) => {
      if (journal)
        broadcast({ type: 'reflections:changed', courseId: course.pack().id, resourceId: '*' });
      if (links) void course.reload().then(() => broadcast({ type: 'pack:changed' }));
      broadcast({ type: 'sync:changed' });
    },
  });

  const deps: BackgroundDeps = {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    course,
    // Only the end-to-end test build's manifest grants loopback hosts at install.
    allowLoopback: loopbackGranted(browser.runtime.getManifest().host_permissions),
    tabs: sessionTabStates(),
    store: openStore,
    async learnedBadge(tabId, learned, session) {
      if (session !== undefined) {
        await browser.action.setBadgeText({ tabId, text: t('badgeLearnedSession', session) });
        await browser.action.setTitle({ tabId, title: t('badgeLearnedSessionTitle', session) });
        return;
      }
      await browser.action.setBadgeText({ tabId, text: learned > 0 ? `+${learned}` : '' });
      await browser.action.setTitle({
        tabId,
        title: learned > 0 ? tn('badgeLearnedTitle', learned) : t('actionTitle'),
      });
    },
    async badge(tabId, reading) {
      const pack = course.pack();
      const found = reading && findResource(pack, reading.sessionId, reading.resourceId);
      await browser.action.setBadgeText({
        tabId,
        text: found ? t('badgeText', found.session.number) : '',
      });
      await browser.action.setTitle({
        tabId,
        title: found
          ? t('badgeTitle', [String(found.session.number), found.resource.title])
          : t('actionTitle'),
      });
      if (found) await browser.action.setBadgeBackgroundColor({ tabId, color: '#1d5b3a' });
    },
    toTab,
    companion,
    builtMatches: (browser.runtime.getManifest().content_scripts ?? []).flatMap(
      (c) => c.matches ?? [],
    ),
    async tabPage(tabId) {
      // The address shows only with `activeTab` (the learner opened the popup on this tab) or
      // a host permission; without either the browser leaves `url` out.
      const tab = await browser.tabs.get(tabId);
      return { url: tab.url, title: tab.title };
    },
    async shortcut() {
      const commands = await browser.commands.getAll();
      return commands.find((c) => c.name === 'toggle-overlay')?.shortcut ?? null;
    },
    broadcast,
    sync,
  };

  // Every request waits for the course; start reading it as the worker starts (the popup's
  // page is still loading its script then), not when the first request arrives.
  void course.ready();
  const handleNow = createMessageHandler(deps);
  // Every request waits for the stored pack, so a learned link counts from the first message.
  const handle = (message: unknown, sender: SenderInfo) =>
    course.ready().then(() => handleNow(message, sender));
  // `return true` + sendResponse works the same with and without webextension-polyfill.
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    void handle(message, sender).then(sendResponse);
    return true;
  });
  // Drafts stream over a port from each editor, so the last words before a tab closes land.
  // A closing tab's drafts are written before its state (which proves the overlay's token) is
  // forgotten: a worker just started by the overlay may still be loading when the tab closes.
  // The toolbar popup's writer has no tab (NO_TAB): the popup closes whenever the learner
  // clicks elsewhere, and its port's disconnect writes what is pending, found again from the
  // reading tab's address (`handlers/writer.ts`).
  const NO_TAB = -1;
  const relays = new Map<number, Set<ReturnType<typeof createDraftRelay>>>();
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== 'draft' || !port.sender) return;
    const tabId = port.sender.tab?.id ?? NO_TAB;
    const relay = createDraftRelay(handle, port.sender, (ack) => {
      try {
        port.postMessage(ack); // the editor forgets what was written, or tells the learner
      } catch {
        // the port is gone; nobody is left to tell
      }
    });
    const mine = relays.get(tabId) ?? new Set();
    relays.set(tabId, mine.add(relay));
    port.onMessage.addListener((message: unknown) => void relay.message(message));
    port.onDisconnect.addListener(() => void relay.disconnect().finally(() => mine.delete(relay)));
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    // disconnect() writes what is pending, or waits for the write under way.
    const writes = [...(relays.get(tabId) ?? [])].map((r) => r.disconnect());
    relays.delete(tabId);
    void Promise.allSettled(writes).then(() => deps.tabs.set(tabId, null));
  });
  // A tab that left a reading for another site (no `tabs` permission needed for the status).
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.status === 'complete') void tabLoaded(deps, tabId);
  });
  // Deleted reflections go for good once they can no longer be undone: when the browser starts,
  // and daily. Not on every wake of the worker (it wakes for each message after 30 s idle), and
  // the alarm is created only when missing: creating it again on each wake would push its first
  // run back a day every time, so it would never fire.
  browser.runtime.onStartup.addListener(() => void purgeOnStart(openStore));
  void browser.alarms.get(PURGE_ALARM).then(async (alarm) => {
    if (!alarm) await browser.alarms.create(PURGE_ALARM, { periodInMinutes: 24 * 60 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PURGE_ALARM) void purgeOnStart(openStore);
    if (alarm.name === SYNC_ALARM || alarm.name === SYNC_RETRY_ALARM) void sync.alarm();
  });
  // Sync's periodic alarm, created only when missing (as the purge's), whether sync is on or
  // not: a sync with sync off reads one storage key and stops.
  void browser.alarms.get(SYNC_ALARM).then(async (alarm) => {
    if (!alarm) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  });
  // The reading script on the hosts the learner let the companion show on: registered again
  // whenever the worker starts (registrations may not outlive a restart or an update), and
  // changed as soon as the learner grants or removes a host in the browser.
  void companion.sync();
  const permissionsChanged = () =>
    void companion.sync().finally(() => broadcast({ type: 'hosts:changed' }));
  browser.permissions.onAdded.addListener(permissionsChanged);
  browser.permissions.onRemoved.addListener(permissionsChanged);
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'toggle-overlay' && tab?.id !== undefined) void toggleOverlay(deps, tab.id);
  });
});
