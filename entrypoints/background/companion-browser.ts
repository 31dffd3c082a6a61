/**
 * The browser side of the consent per host (`companion-hosts.ts`): permissions, the stored
 * consent and the reading script's registration, through the extension APIs.
 */
import { browser } from 'wxt/browser';
import type { TabMessage, TabReplies } from '../../utils/protocol/messages';
import { GRANTED_SCRIPT_ID, type CompanionHostsApi } from './companion-hosts';

/** Where the learner's consent per host is kept: this browser's, never in a backup. */
const CONSENT_KEY = 'companionHosts';

/**
 * The reading script's file in the build. WXT types the build's public paths, so this fails
 * to compile if the script is renamed or moved.
 */
const READING_SCRIPT = '/content-scripts/reading.js' as const;

/** The consent's browser API; `toTab` asks a tab's content script (null: none answers). */
export function browserCompanionApi(
  toTab: <M extends TabMessage>(tabId: number, message: M) => Promise<TabReplies[M['type']] | null>,
): CompanionHostsApi {
  return {
    async granted() {
      return (await browser.permissions.getAll()).origins ?? [];
    },
    async consented() {
      const stored = (await browser.storage.local.get(CONSENT_KEY))[CONSENT_KEY];
      return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
    },
    async saveConsented(patterns) {
      await browser.storage.local.set({ [CONSENT_KEY]: patterns });
    },
    async registered() {
      const [script] = await browser.scripting.getRegisteredContentScripts({
        ids: [GRANTED_SCRIPT_ID],
      });
      return script ? (script.matches ?? []) : null;
    },
    async register(matches, existing) {
      if (existing) {
        await browser.scripting.updateContentScripts([
          { id: GRANTED_SCRIPT_ID, matches, js: [READING_SCRIPT] },
        ]);
        return;
      }
      await browser.scripting.registerContentScripts([
        {
          id: GRANTED_SCRIPT_ID,
          matches,
          js: [READING_SCRIPT],
          runAt: 'document_idle',
          persistAcrossSessions: true,
        },
      ]);
    },
    async unregister() {
      await browser.scripting.unregisterContentScripts({ ids: [GRANTED_SCRIPT_ID] });
    },
    async injectOpenTabs(patterns) {
      // The host permission just granted lets the extension see which tabs are on those hosts.
      const tabs = await browser.tabs.query({ url: patterns });
      await Promise.allSettled(
        tabs.map(async (tab) => {
          if (tab.id === undefined) return;
          // Any answer means the reading script runs there already: never run it twice.
          if ((await toTab(tab.id, { type: 'page:media' })) !== null) return;
          await browser.scripting.executeScript({
            target: { tabId: tab.id },
            files: [READING_SCRIPT],
          });
        }),
      );
    },
  };
}
