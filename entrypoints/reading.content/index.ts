/**
 * Runs only on the hosts of the course's readings: its `matches` are generated from the
 * course pack in `wxt.config.ts`. It tells the background which address the tab shows (on
 * load, after in-page navigation, on return from the back-forward cache); on a reading it
 * mounts the overlay, an extension page in an iframe, and on any other page it mounts and
 * stores nothing. It answers the background's three questions: what is selected, where the
 * playing media is, and where the keyboard focus went when it left the overlay.
 *
 * Everything the page does is untrusted: it runs without WXT's content-script context (which
 * talks to the page with `postMessage` and can be stopped by a page-forged event; see
 * `wxt.config.ts`), ignores key events the page dispatches, and clamps what it reports.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { capturedQuote, mediaTime, reportedAddress, reportedTitle } from './page-capture';
import { createOverlayFrame, type OverlayFrame } from './overlay-frame';
import { matchesShortcut, parseShortcut, type Shortcut } from './shortcut';
import { send } from '../../utils/send';
import { type TabMessage, type TabReplies } from '../../utils/protocol/messages';
import {
  companionGlobal,
  PAGE_COMPANION,
  type PageCompanion,
} from '../../utils/protocol/page-companion';

/** How long the overlay waits for a slow page's load event before it mounts anyway. */
const MOUNT_WAIT_MS = 2000;
/** At most one report per this interval; the last address is always reported. */
const REPORT_GAP_MS = 250;
/** Where there is no Navigation API, how often the address is looked at. */
const POLL_MS = 1000;

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

const here = () => reportedAddress(location.href);

export default defineContentScript({
  // Filled from the course pack at build time (wxt.config.ts, `entrypoints:resolved`).
  matches: [],
  runAt: 'document_idle',
  main() {
    // The overlay proves with this token that it was mounted here; the page never sees it
    // (the iframe lives in a closed shadow root of a built-in element).
    // (crypto.randomUUID exists only in secure contexts.)
    const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    let frame: OverlayFrame | null = null;
    let shortcut: Shortcut | null = null;
    // The quote script, once loaded here, finds the token and the shadow root to
    // draw in through the isolated world's global: the page cannot see it.
    const companion: PageCompanion = { token, shadow: () => frame?.shadow ?? null };
    companionGlobal[PAGE_COMPANION] = companion;
    // The quote script (finding and highlighting the learner's quotes) loads only where a
    // reading has quotes: readings without any never pay for it. It runs in this same world.
    let quotesLoaded = false;
    const loadQuotes = () => {
      if (quotesLoaded) return;
      quotesLoaded = true;
      import(/* @vite-ignore */ browser.runtime.getURL('/quotes.js')).catch(() => {
        quotesLoaded = false;
      });
    };
    // After an extension update or reload this script is orphaned (Chromium then takes away
    // `runtime.id`, sometimes `runtime` itself): its frame would be stale.
    const gone = () => !(browser.runtime as { id?: string } | undefined)?.id;

    // One report at a time, at most one per REPORT_GAP_MS, and only when the address changed:
    // a page pushing thousands of history states costs the background a few reports.
    let sent: string | null = null;
    let running = false;
    const report = async () => {
      running = true;
      while (sent !== here() && !gone()) {
        const url = (sent = here());
        const reply = await send({
          type: 'page:seen',
          url,
          title: reportedTitle(document.title),
          token,
        });
        if (reply.ok && reply.reading && reply.layout && !frame) await pageLoaded();
        if (gone()) break;
        if (reply.ok && reply.quotes) loadQuotes();
        if (reply.ok && reply.reading && reply.layout) {
          if (!frame) {
            frame = createOverlayFrame(`${browser.runtime.getURL('/overlay.html')}#${token}`);
            companion.changed?.();
          }
          frame.apply(reply.layout.expanded, reply.layout.side, 'none');
          shortcut = parseShortcut(reply.shortcut);
        } else if (reply.ok) {
          frame?.remove();
          frame = null;
          shortcut = null;
          companion.changed?.();
        }
        await new Promise((resolve) => setTimeout(resolve, REPORT_GAP_MS));
      }
      if (gone()) frame?.remove();
      running = false;
    };
    const check = () => {
      if (!running && sent !== here()) void report();
    };
    check();
    // In-page navigation. The Navigation API tells of every change of the current entry
    // (pushState included); elsewhere, back/forward is told and the address is polled.
    const nav = (globalThis as { navigation?: EventTarget }).navigation;
    if (nav?.addEventListener) nav.addEventListener('currententrychange', check);
    else setInterval(check, POLL_MS);
    addEventListener('popstate', check);
    addEventListener('pageshow', (e) => {
      if (!e.persisted) return;
      // Back from the back-forward cache: the background may have forgotten this page.
      sent = null;
      check();
    });
    addEventListener(
      'keydown',
      (e) => {
        // Only the learner's own key presses: a page can dispatch a look-alike KeyboardEvent.
        if (!e.isTrusted || !frame || !shortcut || !matchesShortcut(e, shortcut)) return;
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
      } else if (message.type === 'page:focus') {
        sendResponse({ left: frame?.focusLeft() ?? null } satisfies TabReplies['page:focus']);
      } else if (message.type === 'quotes:refresh' && !quotesLoaded) {
        // Once loaded, the quote script answers this itself.
        loadQuotes();
        sendResponse(null);
      } else if (message.type === 'page:media') {
        sendResponse({ mediaTime: mediaTime() } satisfies TabReplies['page:media']);
      }
      // Anything else (the quote script's `quotes:*`) is another listener's to answer.
      return undefined;
    });
  },
});
