/**
 * What the background knows of each reading-host tab, kept in `storage.session`: it survives
 * the service worker being stopped, and is forgotten when the browser closes. It is readable
 * only by the extension's own pages (`storage.session` is not exposed to content scripts).
 */
import { browser } from 'wxt/browser';
import type { TabState, TabStates } from './deps';

const keyOf = (tabId: number) => `tab:${tabId}`;

/** {@link TabStates} backed by `browser.storage.session`. */
export function sessionTabStates(): TabStates {
  return {
    async get(tabId) {
      const key = keyOf(tabId);
      const stored = (await browser.storage.session.get(key))[key] as TabState | undefined;
      return stored ?? null;
    },
    async set(tabId, state) {
      const key = keyOf(tabId);
      if (state) await browser.storage.session.set({ [key]: state });
      else await browser.storage.session.remove(key);
    },
    async ids() {
      const all = await browser.storage.session.get(null);
      return Object.keys(all)
        .filter((k) => k.startsWith('tab:'))
        .map((k) => Number(k.slice(4)))
        .filter((id) => Number.isInteger(id));
    },
  };
}
