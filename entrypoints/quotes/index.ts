/**
 * The quote script: the reading script imports it (once per page) where the background says
 * the reading has reflections that quote it, and it runs beside it in the extension's isolated
 * world. It asks for the quotes, finds each in the page's text (`utils/anchoring`: position,
 * then exact text with its context, then an approximate match), draws their highlights in the
 * overlay's closed shadow root (`highlights.ts`) and tells the background which it found, so
 * the overlay can list the others as "not found here". A page that renders late (a single-page
 * app, lazy content) is looked at again as it changes, a bounded number of times. When the
 * quotes change (a new quote, an address change, "Show my quotes"), the background's
 * `quotes:refresh` has it ask again.
 *
 * It loads only where there are quotes, so readings without any pay nothing for it.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { anchorQuotes } from '../../utils/anchoring/anchor';
import { rangeAt, readPageText } from '../../utils/anchoring/page-text';
import type { PageQuote, TabMessage, TabReplies } from '../../utils/protocol/messages';
import { companionGlobal, PAGE_COMPANION } from '../../utils/protocol/page-companion';
import { send } from '../../utils/send';
import { createHighlights, type Spot } from './highlights';

/** How many times the page's changes make it look again for quotes it has not found. */
const MAX_LOOKS = 20;
/** How long the page's changes are gathered before it looks again (many changes, one look). */
const SETTLE_MS = 300;

/** Elements whose click is the page's own (a link inside a highlight still follows the link). */
const PAGE_CONTROLS = 'a[href],button,input,select,textarea,label,summary,[contenteditable]';

export default defineUnlistedScript(() => {
  const companion = companionGlobal[PAGE_COMPANION];
  if (!companion) return; // no reading script here: nothing to speak for
  const token = companion.token;
  const highlights = createHighlights();
  let quotes: PageQuote[] = [];
  let show = true;
  let spots: Spot[] = [];
  let missing: string[] = [];
  let looks = 0;
  let reported: string | null = null;

  const draw = () => highlights.draw(companion.shadow(), spots, show);

  /** Find every quote in the page as it is now, draw them, and say what was found. */
  const look = () => {
    const started = performance.now();
    const page = readPageText(document);
    const found = anchorQuotes(
      page,
      quotes.map((q) => q.quote),
    );
    spots = [];
    missing = [];
    quotes.forEach((q, i) => {
      const at = found[i];
      const range = at && rangeAt(page, at.start, at.end);
      if (range) spots.push({ id: q.id, range, mark: q.mark });
      else missing.push(q.id);
    });
    const ms = performance.now() - started;
    draw();
    const news = JSON.stringify([spots.map((s) => s.id), missing]);
    if (news !== reported) {
      reported = news;
      void send({
        type: 'quotes:found',
        token,
        found: spots.map((s) => s.id),
        missing,
        ms: Math.min(ms, 3_600_000),
      });
    }
  };

  const refresh = async () => {
    const reply = await send({ type: 'quotes:list', token });
    if (!reply.ok) return;
    quotes = reply.quotes;
    show = reply.show;
    looks = 0;
    reported = null;
    look();
  };
  companion.changed = draw;

  // The page changed: a quote not found yet may have arrived (late rendering), a found one may
  // have been replaced; else only the layout moved. Looking again reads the whole page's text,
  // so changes are gathered for SETTLE_MS (a page that never stops changing still gets its
  // look), and it stops after MAX_LOOKS.
  let settle: ReturnType<typeof setTimeout> | undefined;
  const stale = () => spots.some((s) => s.range.collapsed || !s.range.startContainer.isConnected);
  new MutationObserver(() => {
    settle ??= setTimeout(() => {
      settle = undefined;
      if ((missing.length > 0 || stale()) && looks < MAX_LOOKS) {
        looks++;
        look();
      } else draw();
    }, SETTLE_MS);
  }).observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
  });

  // Keep the boxes on their text: the window resized, an inner scroller scrolled, the layout
  // moved (fonts, images). The page's own scrolling needs nothing: the layer scrolls with it.
  let frame = 0;
  const redraw = () => {
    if (frame || spots.length === 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };
  addEventListener('resize', redraw);
  document.addEventListener('scroll', (e) => e.target !== document && redraw(), {
    capture: true,
    passive: true,
  });
  new ResizeObserver(redraw).observe(document.body);

  // A click on a highlight opens the overlay at its reflection: only the learner's own click
  // (a page can dispatch a look-alike event, never a trusted one), not while selecting text,
  // not on the page's own links and controls.
  addEventListener(
    'click',
    (e) => {
      if (!e.isTrusted || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey)
        return;
      if (!getSelection()?.isCollapsed) return;
      if (e.target instanceof Element && e.target.closest(PAGE_CONTROLS)) return;
      const id = highlights.hit(e.clientX, e.clientY);
      if (id) void send({ type: 'quotes:open', token, id });
    },
    { capture: true },
  );

  // Only the extension can reach this listener: pages cannot send runtime messages.
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const message = raw as TabMessage;
    if (message.type === 'quotes:refresh') {
      void refresh();
      sendResponse(null satisfies TabReplies['quotes:refresh']);
    } else if (message.type === 'quotes:scroll') {
      const spot = spots.find((s) => s.id === message.id);
      const at = spot?.range.startContainer.parentElement;
      if (spot && at) {
        at.scrollIntoView({ block: 'center' });
        highlights.flash(spot.id);
      }
      sendResponse({ scrolled: !!at } satisfies TabReplies['quotes:scroll']);
    }
    return undefined;
  });

  void refresh();
});
