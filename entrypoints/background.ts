/**
 * The background: the one owner of the learner's database, of course state and of the
 * toolbar badge. It only wires browser events to the logic in `utils/background-core.ts`.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { bundledPack } from '../content/bundled';
import { loopbackGranted } from '../content/hosts';
import { findResource } from '../content/recognizer';
import {
  createDraftRelay,
  createMessageHandler,
  toggleOverlay,
  type BackgroundDeps,
  type SenderInfo,
} from '../utils/background-core';
import { openCompanionDb } from '../utils/db';
import { createCourseState, createFacilitatorHandler } from '../utils/facilitator-core';
import { t, tn } from '../utils/i18n';
import type { Broadcast, TabMessage, TabReplies } from '../utils/messages';
import { createStore, type Store } from '../utils/store';
import { sessionTabStates } from '../utils/tab-states';

export default defineBackground(() => {
  let store: Promise<Store> | null = null;
  const openStore = () => {
    // Opened on first use; a failed open is retried on the next request.
    store ??= openCompanionDb().then(createStore, (e: unknown) => {
      store = null;
      throw e;
    });
    return store;
  };
  // The imported or bundled pack with learned links; every request waits for it to load.
  const course = createCourseState(bundledPack, openStore);
  const broadcast = (message: Broadcast) => {
    // Rejects when no extension page is open to hear it; that is fine.
    browser.runtime.sendMessage(message).catch(() => undefined);
  };

  const deps: BackgroundDeps = {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    courseId: () => course.pack().id,
    packVersion: () => course.pack().version,
    index: () => course.index(),
    tabs: sessionTabStates(),
    store: openStore,
    facilitator: createFacilitatorHandler({
      extensionOrigin: browser.runtime.getURL('/'),
      // Only the end-to-end test build's manifest grants loopback hosts at install.
      allowLoopback: loopbackGranted(browser.runtime.getManifest().host_permissions),
      course,
      store: openStore,
      broadcast,
      async learnedBadge(tabId, learned) {
        await browser.action.setBadgeText({ tabId, text: learned > 0 ? `+${learned}` : '' });
        await browser.action.setTitle({
          tabId,
          title: learned > 0 ? tn('badgeLearnedTitle', learned) : t('actionTitle'),
        });
      },
    }),
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
    async toTab<M extends TabMessage>(tabId: number, message: M) {
      try {
        return await browser.tabs.sendMessage<M, TabReplies[M['type']]>(tabId, message, {
          frameId: 0,
        });
      } catch {
        return null; // the tab navigated away or closed
      }
    },
    async shortcut() {
      const commands = await browser.commands.getAll();
      return commands.find((c) => c.name === 'toggle-overlay')?.shortcut ?? null;
    },
    broadcast,
  };

  const handleNow = createMessageHandler(deps);
  // Every request waits for the stored pack, so a learned link counts from the first message.
  const handle = (message: unknown, sender: SenderInfo) =>
    course.ready().then(() => handleNow(message, sender));
  // `return true` + sendResponse works the same with and without webextension-polyfill.
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    void handle(message, sender).then(sendResponse);
    return true;
  });
  // Drafts stream over a port from each overlay, so the last words before a tab closes land.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== 'draft' || !port.sender) return;
    const relay = createDraftRelay(handle, port.sender, (reply) => {
      try {
        port.postMessage(reply); // the editor tells the learner; their text stays in the editor
      } catch {
        // the port is gone; nobody is left to tell
      }
    });
    port.onMessage.addListener((message: unknown) => void relay.message(message));
    port.onDisconnect.addListener(() => void relay.disconnect());
  });
  browser.tabs.onRemoved.addListener((tabId) => void deps.tabs.set(tabId, null));
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'toggle-overlay' && tab?.id !== undefined) void toggleOverlay(deps, tab.id);
  });
});
