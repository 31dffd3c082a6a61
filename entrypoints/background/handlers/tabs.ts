/**
 * Requests and events about a tab: the reading content script reports the page it runs in
 * (`page:seen`) and the learner's shortcut pressed in the page (`overlay:toggle`), the popup
 * asks which reading a tab shows (`tab:reading`); the browser's own events call
 * {@link toggleOverlay} (the toolbar command) and {@link tabLoaded}.
 */
import { isHttpUrl } from '../../../content/address';
import { LIMITS } from '../../../utils/protocol/limits';
import { shownTitle, withoutFragment } from '../../../utils/protocol/page-text';
import type { ReadingRef } from '../../../utils/protocol/messages';
import type { Settings } from '../../../utils/protocol/records';
import { clock, fail, type BackgroundDeps, type Handler } from '../deps';
import { quotesAt } from './quotes';

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

const tabQueues = new WeakMap<BackgroundDeps, Map<number, Promise<unknown>>>();

/** Run `task` after every earlier task of the same tab has finished (one at a time per tab). */
function inTabOrder<T>(deps: BackgroundDeps, tabId: number, task: () => Promise<T>): Promise<T> {
  const queues = tabQueues.get(deps) ?? new Map<number, Promise<unknown>>();
  tabQueues.set(deps, queues);
  const run = (queues.get(tabId) ?? Promise.resolve()).then(task);
  const tail = run.catch(() => undefined);
  queues.set(tabId, tail);
  void tail.then(() => {
    if (queues.get(tabId) === tail) queues.delete(tabId);
  });
  return run;
}

/**
 * `page:seen`: a content script reports the page its tab shows. Only a content script in a
 * tab's top frame speaks for that tab, and only for its own origin: a script cannot claim its
 * tab shows a reading on another site.
 */
export const pageSeen: Handler<'page:seen'> = (request, sender, deps) => {
  const tabId = sender.tab?.id;
  // A page's report and the check that its tab left it (tabLoaded) never interleave.
  if (tabId === undefined) return seePage(request, sender, deps);
  return inTabOrder(deps, tabId, () => seePage(request, sender, deps));
};

const seePage: Handler<'page:seen'> = async (request, sender, deps) => {
  const tabId = sender.tab?.id;
  if (
    tabId === undefined ||
    sender.frameId !== 0 ||
    !sender.url ||
    !sameOrigin(sender.url, request.url)
  )
    return fail(
      'forbidden_sender',
      'page:seen must come from a tab’s top frame, about its own origin',
    );
  const reading = lookup(deps, request.url);
  const before = await deps.tabs.get(tabId);
  // The same page reported again (a page flooding history states, say) changes nothing:
  // no write, no badge, no broadcast; the reply is the same.
  const unchanged =
    before !== null &&
    before.url === request.url &&
    before.token === request.token &&
    before.title === request.title &&
    before.reading?.sessionId === reading?.sessionId &&
    before.reading?.resourceId === reading?.resourceId;
  if (!unchanged) {
    await deps.tabs.set(tabId, {
      reading,
      token: request.token,
      url: request.url,
      title: request.title,
    });
    // Most pages of a reading's site are not readings: leave their (empty) badge alone.
    if (reading || before?.reading) await deps.badge(tabId, reading);
  }
  // Highlights of the reading the tab showed before go (the quote script asks again: none).
  if (!unchanged && before?.quotes) void deps.toTab(tabId, { type: 'quotes:refresh' });
  if (!reading) return { ok: true, reading, layout: null, shortcut: null, quotes: false };
  let layout: Settings['overlay'] | null = null;
  let quotes = false;
  try {
    const store = await deps.store();
    if (!unchanged) {
      const courseId = deps.course.pack().id;
      await store.markOpened({ courseId, ...reading });
      deps.broadcast({ type: 'progress:changed', courseId, resourceId: reading.resourceId });
    }
    layout = await store.getSetting('overlay');
    // Where the reading has quotes, its page finds and highlights them (handlers/quotes.ts);
    // the same page reported again has its quote script already.
    quotes =
      !unchanged &&
      (await quotesAt(deps, { courseId: deps.course.pack().id, ...reading })).length > 0;
  } catch {
    // The overlay still mounts without the database; it shows the error itself.
    layout = { side: 'right', expanded: false };
  }
  return { ok: true, reading, layout, shortcut: await deps.shortcut(), quotes };
};

/** `overlay:toggle`: the learner pressed the overlay's shortcut in the page of a reading tab. */
export const overlayToggle: Handler<'overlay:toggle'> = async (request, sender, deps) => {
  const tabId = sender.tab?.id;
  const state = tabId === undefined ? null : await deps.tabs.get(tabId);
  if (tabId === undefined || sender.frameId !== 0 || !state || state.token !== request.token)
    return fail('forbidden_sender', 'only the tab’s own content script may toggle its overlay');
  return { ok: true, toggled: await toggleOverlay(deps, tabId) };
};

/**
 * `tab:reading`: which reading, if any, a tab shows: the one its content script reported, and
 * what its address is when the browser shows it to the extension (a PDF, a host the learner
 * has not granted, a page that refuses scripts: no content script reports those). The title
 * is the page's and is cut to the limit; only http(s) addresses count.
 */
export const tabReading: Handler<'tab:reading'> = async (request, _sender, deps) => {
  const [state, info] = await Promise.all([
    deps.tabs.get(request.tabId),
    deps.tabPage(request.tabId).catch(() => null),
  ]);
  const url = info?.url;
  const page =
    url !== undefined && url.length <= LIMITS.url && isHttpUrl(url)
      ? {
          url: withoutFragment(url),
          title: shownTitle(info?.title ?? ''),
          reading: lookup(deps, url),
        }
      : null;
  return { ok: true, reading: state?.reading ?? null, page };
};

/** The reading an address is, as a reference, or null. */
function lookup(deps: BackgroundDeps, url: string): ReadingRef | null {
  const match = deps.course.index().lookup(url);
  return match ? { sessionId: match.sessionId, resourceId: match.resourceId } : null;
}

/**
 * A tab finished loading (`tabs.onUpdated`, status `complete`): if it showed a reading and
 * our content script is no longer in its page, it left for a site where that script does not
 * run, so it shows no reading and loses its badge. Without the `tabs` permission the event
 * carries no address, and Chromium reports `loading`/`complete` for in-page navigation too
 * (history.pushState, a new #fragment), so the content script is asked instead of the event:
 * any answer proves the page (or its successor on a reading host, which reports itself) is
 * ours. A page that reported itself meanwhile brought a new token and is never cleared.
 */
export async function tabLoaded(deps: BackgroundDeps, tabId: number): Promise<void> {
  const before = await deps.tabs.get(tabId);
  if (!before?.reading) return;
  // Any answer will do (the media question has no side effects): our script is there.
  if ((await deps.toTab(tabId, { type: 'page:media' })) !== null) return;
  await inTabOrder(deps, tabId, async () => {
    if ((await deps.tabs.get(tabId))?.token !== before.token) return;
    await deps.tabs.set(tabId, null);
    await deps.badge(tabId, null);
  });
}

/** Two toggles of one tab closer than this are one key press delivered twice. */
const SAME_PRESS_MS = 400;
const lastToggle = new WeakMap<BackgroundDeps, Map<number, number>>();

/**
 * The toolbar shortcut: open or close the overlay of a reading tab, moving keyboard focus
 * into it when it opens and back to the page when it closes.
 */
export async function toggleOverlay(deps: BackgroundDeps, tabId: number): Promise<boolean> {
  // One key press can arrive twice, as the browser's command and as the page's key event
  // (Firefox delivers both): the second, within moments of the first, is the same press.
  const at = clock(deps).getTime();
  const toggles = lastToggle.get(deps) ?? new Map<number, number>();
  lastToggle.set(deps, toggles);
  const previous = toggles.get(tabId);
  if (previous !== undefined && at - previous < SAME_PRESS_MS) return false;
  toggles.set(tabId, at);
  const state = await deps.tabs.get(tabId);
  if (!state?.reading) return false;
  const store = await deps.store();
  const current = await store.getSetting('overlay');
  const layout = { ...current, expanded: !current.expanded };
  await store.setSetting('overlay', layout);
  await deps.toTab(tabId, {
    type: 'overlay:apply',
    ...layout,
    focus: layout.expanded ? 'overlay' : 'page',
  });
  deps.broadcast({ type: 'overlay:layout', tabId, layout, focus: layout.expanded });
  return true;
}
