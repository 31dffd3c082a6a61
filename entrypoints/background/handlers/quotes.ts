/**
 * A reading's quotes in its page. Where a reading has reflections with a quote, the reading
 * script loads the quote script (`entrypoints/quotes/`) in the tab's top frame, when the
 * background's answer to `page:seen` or a `quotes:refresh` says so; it asks for the
 * quotes (`quotes:list`), finds them in the page, draws their highlights where the page cannot
 * read them, and says which it found (`quotes:found`). The overlay lists what was not found
 * (`quotes:state`), scrolls the page to a quote (`quotes:reveal`) and turns the highlights on
 * or off (`quotes:show`); a click on a highlight opens the overlay at its reflection
 * (`quotes:open`). The quote script speaks for its tab with the token the tab's reading script
 * registered; the reading is always the tab's, never the message's.
 */
import { LIMITS } from '../../../utils/protocol/limits';
import type { PageQuote } from '../../../utils/protocol/messages';
import type { ResourcePlace } from '../../../utils/protocol/records';
import { Refusal, type BackgroundDeps, type Handler } from '../deps';
import type { SenderInfo } from '../senders';
import { overlayTab } from './overlay-tab';

/** The tab a content script in its top frame speaks for, proven by the tab's token. */
async function scriptTab(deps: BackgroundDeps, sender: SenderInfo, token: string) {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0)
    throw new Refusal('forbidden_sender', 'only a tab’s top frame may ask');
  const state = await deps.tabs.get(tabId);
  if (!state || state.token !== token)
    throw new Refusal('forbidden_sender', 'this script was not started by the tab');
  return { tabId, state };
}

/**
 * The highlight's mark of a reflection: the 1-based place of the first of the session's
 * outcomes it names, or 0.
 */
export function markOf(outcomeIds: readonly string[], sessionOutcomes: readonly string[]): number {
  const i = sessionOutcomes.findIndex((id) => outcomeIds.includes(id));
  return i + 1;
}

/** The live reflections of the reading at `place` that quote it, newest first, as many as a page shows. */
export async function quotesAt(deps: BackgroundDeps, place: ResourcePlace): Promise<PageQuote[]> {
  const store = await deps.store();
  const outcomes = deps.course.learnerSession(place.sessionId)?.outcomes.map((o) => o.id) ?? [];
  const reflections = await store.listByResource(place.courseId, place.resourceId);
  return reflections
    .flatMap((r) => (r.quote ? [{ r, quote: r.quote }] : []))
    .sort((a, b) => (a.r.createdAt < b.r.createdAt ? 1 : a.r.createdAt > b.r.createdAt ? -1 : 0))
    .slice(0, LIMITS.quotesOnPage)
    .map(({ r, quote }) => ({ id: r.id, quote, mark: markOf(r.outcomeIds, outcomes) }));
}

/** The tabs the background remembers, with their states. */
async function tabStates(deps: BackgroundDeps) {
  const ids = await deps.tabs.ids();
  const states = await Promise.all(ids.map((id) => deps.tabs.get(id)));
  return ids.flatMap((tabId, i) => {
    const state = states[i];
    return state ? [{ tabId, state }] : [];
  });
}

/**
 * Have every tab showing the reading at `place` load (or ask again with) its quote script,
 * where the reading has quotes or the script already ran: after a reflection is saved,
 * deleted or restored.
 */
export async function quotesChanged(deps: BackgroundDeps, place: ResourcePlace): Promise<void> {
  const quoted = (await quotesAt(deps, place)).length > 0;
  for (const { tabId, state } of await tabStates(deps))
    if (state.reading?.resourceId === place.resourceId && (quoted || state.quotes))
      await deps.toTab(tabId, { type: 'quotes:refresh' });
}

/** `quotes:list`: the quotes of the tab's reading, and whether to show them. */
export const quotesList: Handler<'quotes:list'> = async (request, sender, deps) => {
  const { state } = await scriptTab(deps, sender, request.token);
  const show = await (await deps.store()).getSetting('showQuotes');
  if (!state.reading) return { ok: true, show, quotes: [] };
  const quotes = await quotesAt(deps, { courseId: deps.course.pack().id, ...state.reading });
  return { ok: true, show, quotes };
};

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** `quotes:found`: which of the reading's quotes the page's quote script found. */
export const quotesFound: Handler<'quotes:found'> = async (request, sender, deps) => {
  const { tabId, state } = await scriptTab(deps, sender, request.token);
  if (!state.reading) return { ok: true, recorded: false };
  const before = state.quotes;
  const quotes = { found: request.found, missing: request.missing, ms: request.ms };
  await deps.tabs.set(tabId, { ...state, quotes });
  if (!before || !same(before.found, quotes.found) || !same(before.missing, quotes.missing))
    deps.broadcast({ type: 'quotes:changed', tabId });
  return { ok: true, recorded: true };
};

/**
 * `quotes:open`: the learner clicked a highlight (the quote script counts only their own
 * clicks): open the overlay, focus it, and show that reflection.
 */
export const quotesOpen: Handler<'quotes:open'> = async (request, sender, deps) => {
  const { tabId, state } = await scriptTab(deps, sender, request.token);
  if (!state.reading) return { ok: true, opened: false };
  const store = await deps.store();
  const quoted = await store.getReflection(request.id);
  if (
    !quoted?.quote ||
    quoted.deletedAt !== null ||
    quoted.courseId !== deps.course.pack().id ||
    quoted.resourceId !== state.reading.resourceId
  )
    throw new Refusal('not_found', 'no such quote on this reading');
  const layout = { ...(await store.getSetting('overlay')), expanded: true };
  await store.setSetting('overlay', layout);
  await deps.toTab(tabId, { type: 'overlay:apply', ...layout, focus: 'overlay' });
  deps.broadcast({ type: 'overlay:layout', tabId, layout, focus: true });
  deps.broadcast({ type: 'overlay:reveal', tabId, id: request.id });
  return { ok: true, opened: true };
};

/** `quotes:state`: which of the reading's quotes the overlay's page shows. */
export const quotesState: Handler<'quotes:state'> = async (request, sender, deps) => {
  const { state } = await overlayTab(deps, sender, request.token);
  const show = await (await deps.store()).getSetting('showQuotes');
  const looked = state.quotes !== undefined;
  return {
    ok: true,
    show,
    looked,
    found: state.quotes?.found ?? [],
    missing: state.quotes?.missing ?? [],
  };
};

/** `quotes:reveal`: scroll the overlay's page to a reflection's quote. */
export const quotesReveal: Handler<'quotes:reveal'> = async (request, sender, deps) => {
  const { tabId } = await overlayTab(deps, sender, request.token);
  const reply = await deps.toTab(tabId, { type: 'quotes:scroll', id: request.id });
  return { ok: true, revealed: reply?.scrolled ?? false };
};

/** `quotes:show`: show or hide the highlights of the learner's quotes, in every tab. */
export const quotesShow: Handler<'quotes:show'> = async (request, sender, deps) => {
  await overlayTab(deps, sender, request.token);
  await (await deps.store()).setSetting('showQuotes', request.show);
  for (const { tabId, state } of await tabStates(deps)) {
    if (!state.quotes) continue;
    await deps.toTab(tabId, { type: 'quotes:refresh' });
    deps.broadcast({ type: 'quotes:changed', tabId });
  }
  return { ok: true, show: request.show };
};
