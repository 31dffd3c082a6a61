import { browser } from 'wxt/browser';
import { send } from '../../utils/send';
import { type ReadingRef } from '../../utils/protocol/messages';
import { useBackground } from '../../components/use-background';

/**
 * The reading shown in the active tab of this window, kept current while the view is open:
 * it follows tab switches and in-page navigation (the background records each tab's reading
 * in `storage.session`). Needs no `tabs` permission: only the tab's id is read.
 */
export function useActiveReading(): ReadingRef | null {
  const { reply, error } = useBackground(
    async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.id === undefined ? null : send({ type: 'tab:reading', tabId: tab.id });
    },
    () => false,
    [],
    (reload) => {
      const onStorage = (_: unknown, area: string) => {
        if (area === 'session') reload();
      };
      browser.tabs.onActivated.addListener(reload);
      browser.storage.onChanged.addListener(onStorage);
      return () => {
        browser.tabs.onActivated.removeListener(reload);
        browser.storage.onChanged.removeListener(onStorage);
      };
    },
  );
  // A failed answer shows no reading rather than the last one.
  return error ? null : (reply?.reading ?? null);
}
