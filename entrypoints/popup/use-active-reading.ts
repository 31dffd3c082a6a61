import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send, type ReadingRef } from '../../utils/protocol/messages';

/**
 * The reading shown in the active tab of this window, kept current while the view is open:
 * it follows tab switches and in-page navigation (the background records each tab's reading
 * in `storage.session`). Needs no `tabs` permission: only the tab's id is read.
 */
export function useActiveReading(): ReadingRef | null {
  const [reading, setReading] = useState<ReadingRef | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return;
      const reply = await send({ type: 'tab:reading', tabId: tab.id });
      if (alive) setReading(reply.ok ? reply.reading : null);
    };
    const onActivated = () => void refresh();
    const onStorage = (_: unknown, area: string) => {
      if (area === 'session') void refresh();
    };
    void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      alive = false;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, []);
  return reading;
}
