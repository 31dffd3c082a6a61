/**
 * Which reading each tab shows, kept in `storage.session`: it survives the service worker
 * being stopped, and is forgotten when the browser closes (it says nothing about the learner).
 */
import { browser } from 'wxt/browser';
import type { TabReadings } from './background-core';
import type { ReadingRef } from './messages';

const keyOf = (tabId: number) => `tab:${tabId}`;

/** {@link TabReadings} backed by `browser.storage.session`. */
export function sessionTabReadings(): TabReadings {
  return {
    async get(tabId) {
      const key = keyOf(tabId);
      const stored = (await browser.storage.session.get(key))[key] as ReadingRef | undefined;
      return stored ?? null;
    },
    async set(tabId, reading) {
      const key = keyOf(tabId);
      if (reading) await browser.storage.session.set({ [key]: reading });
      else await browser.storage.session.remove(key);
    },
  };
}
