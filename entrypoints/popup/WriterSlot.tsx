import { useEffect, useState } from 'preact/hooks';
import type { ReadingWriter as Writer } from './ReadingWriter';
import type { ActiveTab } from './use-active-reading';

/**
 * Where the popup's writer goes: shown only when the active tab's address is a reading and no
 * content script reported it (so no overlay is there: a PDF, a host not granted, a page that
 * refuses scripts). Where the overlay is, the popup stays as it is and says "current reading".
 * The writer is loaded only then, so the popup opens as fast as before everywhere else.
 */
export function WriterSlot({ tab, lang }: { tab: ActiveTab | null; lang: string }) {
  const wanted = tab !== null && tab.reading === null && tab.page?.reading != null;
  const [Loaded, setLoaded] = useState<typeof Writer | null>(null);
  useEffect(() => {
    if (wanted && !Loaded)
      void import('./ReadingWriter').then((m) => {
        setLoaded(() => m.ReadingWriter);
      });
  }, [wanted, Loaded]);
  if (!wanted || !Loaded || !tab.page) return null;
  // A new page in the tab is a new writer (its reading, draft and reflections).
  return <Loaded key={`${tab.tabId} ${tab.page.url}`} tabId={tab.tabId} lang={lang} />;
}
