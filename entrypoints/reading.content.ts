/**
 * Runs only on the hosts of the course's readings: its `matches` are generated from the
 * course pack in `wxt.config.ts`. It tells the background which address the tab shows (on
 * load, after in-page navigation, on return from the back-forward cache); on a reading it
 * mounts the overlay, an extension page in an iframe, and on any other page it mounts and
 * stores nothing. It answers the background's two questions: what is selected, and where
 * the playing media is.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { capturedQuote, mediaTime } from '../content/page-capture';
import { createOverlayFrame, type OverlayFrame } from '../content/overlay-frame';
import { matchesShortcut, parseShortcut, type Shortcut } from '../content/shortcut';
import { send, type TabMessage, type TabReplies } from '../utils/messages';

/** How long the overlay waits for a slow page's load event before it mounts anyway. */
const MOUNT_WAIT_MS = 2000;

/**
 * Resolves once the page has loaded (or after {@link MOUNT_WAIT_MS}): an iframe added before
 * the load event would delay it, and the reading's own page must not load slower for us.
 */
function pageLoaded(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, MOUNT_WAIT_MS);
    addEventListener(
      'load',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export default defineContentScript({
  // Filled from the course pack at build time (wxt.config.ts, `entrypoints:resolved`).
  matches: [],
  runAt: 'document_idle',
  main(ctx) {
    // The overlay proves with this token that it was mounted here; the page never sees it
    // (the iframe lives in a closed shadow root).
    // (crypto.randomUUID exists only in secure contexts; readings may be served over http.)
    const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    let frame: OverlayFrame | null = null;
    let shortcut: Shortcut | null = null;

    // A function, not a property read, so the check is made again after each await.
    const gone = () => ctx.isInvalid;
    const report = async (url: string) => {
      const reply = await send({ type: 'page:seen', url, title: document.title, token });
      if (gone()) return;
      if (reply.ok && reply.reading && reply.layout && !frame) await pageLoaded();
      if (gone()) return;
      if (reply.ok && reply.reading && reply.layout) {
        frame ??= createOverlayFrame(`${browser.runtime.getURL('/overlay.html')}#${token}`);
        frame.apply(reply.layout.expanded, reply.layout.side, 'none');
        shortcut = parseShortcut(reply.shortcut);
      } else if (reply.ok) {
        frame?.remove();
        frame = null;
        shortcut = null;
      }
    };
    void report(location.href);
    // The Navigation API announces the new address before `location` changes: use the event's.
    ctx.addEventListener(window, 'wxt:locationchange', (e) => void report(e.newUrl.href));
    ctx.addEventListener(window, 'pageshow', (e) => {
      if (e.persisted) void report(location.href);
    });
    ctx.onInvalidated(() => frame?.remove());
    ctx.addEventListener(
      window,
      'keydown',
      (e) => {
        if (!frame || !shortcut || !matchesShortcut(e, shortcut)) return;
        e.preventDefault();
        void send({ type: 'overlay:toggle', token });
      },
      { capture: true },
    );

    // Only the extension can reach this listener: pages cannot send runtime messages.
    browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const message = raw as TabMessage;
      if (message.type === 'overlay:apply') {
        frame?.apply(message.expanded, message.side, message.focus);
        sendResponse(null);
      } else if (message.type === 'page:selection') {
        sendResponse({ quote: capturedQuote() } satisfies TabReplies['page:selection']);
      } else {
        sendResponse({ mediaTime: mediaTime() } satisfies TabReplies['page:media']);
      }
      return undefined;
    });
  },
});
