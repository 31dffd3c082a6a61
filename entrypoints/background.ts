/**
 * The background: the one owner of course state, the toolbar badge and (later) the database.
 * It only wires browser events to the logic in `utils/background-core.ts`.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { bundledPack } from '../content/bundled';
import { buildIndex, findResource } from '../content/recognizer';
import { createMessageHandler } from '../utils/background-core';
import { t } from '../utils/i18n';
import type { ReadingRef } from '../utils/messages';
import { sessionTabReadings } from '../utils/tab-readings';

export default defineBackground(() => {
  const index = buildIndex(bundledPack);
  const tabs = sessionTabReadings();

  const handle = createMessageHandler({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    index: () => index,
    tabs,
    async badge(tabId: number, reading: ReadingRef | null) {
      const found = reading && findResource(bundledPack, reading.sessionId, reading.resourceId);
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
  });

  // `return true` + sendResponse works the same with and without webextension-polyfill.
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    void handle(message, sender).then(sendResponse);
    return true;
  });
  browser.tabs.onRemoved.addListener((tabId) => void tabs.set(tabId, null));
});
