import { browser } from 'wxt/browser';
import { send } from '../../utils/send';
import { POPUP_SNAPSHOT_KEY } from '../../utils/protocol/popup-snapshot';
import type { ReadingRef, TabPage } from '../../utils/protocol/messages';
import { useBackground } from '../../components/use-background';

/** What the popup knows of the active tab of its window. */
export interface ActiveTab {
  tabId: number;
  /** The reading the tab's content script reported: the overlay is (or can be) in the page. */
  reading: ReadingRef | null;
  /**
   * The tab's address and the reading it is, when the browser shows the address (`activeTab`:
   * the learner opened the popup on it), even where no content script runs; else null.
   */
  page: TabPage | null;
}

/**
 * The active tab of this window, kept current while the view is open: it follows tab switches,
 * in-page navigation (the background records each tab's reading in `storage.session`) and
 * loads (a PDF, a host without the content script). Needs no `tabs` permission.
 */
export function useActiveTab(): ActiveTab | null {
  const { reply, error } = useBackground(
    async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return null;
      const tabId = tab.id;
      const answer = await send({ type: 'tab:reading', tabId });
      return answer.ok ? { ...answer, tabId } : answer;
    },
    // The pack's links, or the learner's, changed: the tab's address may now be a reading.
    (m) => m.type === 'pack:changed',
    [],
    (reload) => {
      // The tabs' states live there; the popup's own snapshot does too and says nothing of tabs.
      const onStorage = (changes: Record<string, unknown>, area: string) => {
        if (area === 'session' && Object.keys(changes).some((k) => k !== POPUP_SNAPSHOT_KEY))
          reload();
      };
      const onUpdated = (_tabId: number, change: { status?: string }) => {
        if (change.status === 'complete') reload();
      };
      browser.tabs.onActivated.addListener(reload);
      browser.tabs.onUpdated.addListener(onUpdated);
      browser.storage.onChanged.addListener(onStorage);
      return () => {
        browser.tabs.onActivated.removeListener(reload);
        browser.tabs.onUpdated.removeListener(onUpdated);
        browser.storage.onChanged.removeListener(onStorage);
      };
    },
  );
  // A failed answer shows no tab rather than the last one.
  if (error || !reply) return null;
  return { tabId: reply.tabId, reading: reply.reading, page: reply.page };
}

/**
 * The reading shown in the active tab: the one its content script reported, else the one its
 * address is (where no content script runs, e.g. a PDF on a host the companion may not show on).
 */
export function readingOf(tab: ActiveTab | null): ReadingRef | null {
  return tab?.reading ?? tab?.page?.reading ?? null;
}
