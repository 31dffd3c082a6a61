/**
 * Requests of the overlay frame. An overlay frame speaks only for its own tab's reading, and
 * only with the token the tab's content script registered, so a page that embeds
 * `overlay.html` itself gets nothing; courses, sessions and resources are taken from the tab,
 * never from the message.
 */
import type { ResourcePlace } from '../../../utils/protocol/records';
import { fail, Refusal, type BackgroundDeps, type Handler } from '../deps';
import type { Store } from '../db/store';
import type { SenderInfo } from '../senders';

/** The tab and reading an overlay frame speaks for, or a refusal. */
async function overlayTab(deps: BackgroundDeps, sender: SenderInfo, token: string) {
  // The route table already let only overlay frames in; the token proves which tab's.
  const tabId = sender.tab?.id;
  if (tabId === undefined)
    throw new Refusal('forbidden_sender', 'only the overlay frame of a tab may ask');
  const state = await deps.tabs.get(tabId);
  if (!state || state.token !== token)
    throw new Refusal('forbidden_sender', 'this overlay was not mounted by the tab');
  if (!state.reading) throw new Refusal('not_a_reading', 'the tab is not on a reading');
  const place: ResourcePlace = { courseId: deps.course.pack().id, ...state.reading };
  return { tabId, state, place };
}

/** The reflection `id`, if it belongs to the reading at `place`; else a refusal. */
async function ownReflection(store: Store, place: ResourcePlace, id: string) {
  const found = await store.getReflection(id);
  if (!found || found.courseId !== place.courseId || found.resourceId !== place.resourceId)
    throw new Refusal('not_found', 'no such reflection on this reading');
  return found;
}

/** Tell the pages that the reflections of the reading at `place` changed. */
const reflectionsChanged = (deps: BackgroundDeps, place: ResourcePlace) =>
  deps.broadcast({
    type: 'reflections:changed',
    courseId: place.courseId,
    resourceId: place.resourceId,
  });

/** `overlay:init`: everything the overlay shows for its tab's reading. */
export const overlayInit: Handler<'overlay:init'> = async (request, sender, deps) => {
  const { tabId, state, place } = await overlayTab(deps, sender, request.token);
  if (!state.reading) return fail('not_a_reading');
  // The overlay receives its reading's session, never the pack (it may be large).
  const sessionId = state.reading.sessionId;
  const session = deps.course.pack().sessions.find((s) => s.id === sessionId);
  if (!session) return fail('not_a_reading');
  const store = await deps.store();
  const [layout, progress, draft, reflections] = await Promise.all([
    store.getSetting('overlay'),
    store.getProgress(place.courseId, place.resourceId),
    store.getDraft(place.courseId, place.resourceId),
    store.listByResource(place.courseId, place.resourceId),
  ]);
  return {
    ok: true,
    state: {
      courseId: place.courseId,
      reading: state.reading,
      session,
      tabId,
      layout,
      progress,
      draft,
      reflections,
    },
  };
};

/** `overlay:layout`: the learner expanded, collapsed or moved the overlay. */
export const overlayLayout: Handler<'overlay:layout'> = async (request, sender, deps) => {
  const { tabId } = await overlayTab(deps, sender, request.token);
  const layout = { side: request.side, expanded: request.expanded };
  await (await deps.store()).setSetting('overlay', layout);
  await deps.toTab(tabId, {
    type: 'overlay:apply',
    ...layout,
    focus: request.returnFocus ? 'page' : 'none',
  });
  return { ok: true, layout };
};

/** `progress:done`: mark the reading done or not done. */
export const progressDone: Handler<'progress:done'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  const progress = await (await deps.store()).setDone(place, request.done);
  deps.broadcast({
    type: 'progress:changed',
    courseId: place.courseId,
    resourceId: place.resourceId,
  });
  return { ok: true, progress };
};

/** `reflection:save`: save a reflection (new, or an edit of one of this reading's). */
export const reflectionSave: Handler<'reflection:save'> = async (request, sender, deps) => {
  const { state, place } = await overlayTab(deps, sender, request.token);
  const store = await deps.store();
  if (request.id !== undefined) await ownReflection(store, place, request.id);
  const { reflection, conflict } = await store.saveReflection(
    {
      ...place,
      text: request.text,
      quote: request.quote,
      mediaTime: request.mediaTime,
      outcomeIds: request.outcomeIds,
      pageUrl: state.url,
      pageTitle: state.title,
    },
    {
      ...(request.id !== undefined && { id: request.id }),
      ...(request.baseUpdatedAt !== undefined && { baseUpdatedAt: request.baseUpdatedAt }),
      draftOwner: request.draftOwner,
    },
  );
  reflectionsChanged(deps, place);
  const reflections = await store.listByResource(place.courseId, place.resourceId);
  return { ok: true, reflection, conflict, reflections };
};

/** `reflection:delete`: delete (or undo the delete of) one of this reading's reflections. */
export const reflectionDelete: Handler<'reflection:delete'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  const store = await deps.store();
  await ownReflection(store, place, request.id);
  if (request.restore) await store.restoreReflection(request.id);
  else await store.deleteReflection(request.id);
  reflectionsChanged(deps, place);
  return {
    ok: true,
    reflections: await store.listByResource(place.courseId, place.resourceId),
  };
};

/** `draft:save`: save what is being written (streamed by the editor: `draft-relay.ts`). */
export const draftSave: Handler<'draft:save'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  const draft = await (
    await deps.store()
  ).saveDraft({
    ...place,
    owner: request.owner,
    text: request.text,
    quote: request.quote,
    mediaTime: request.mediaTime,
    outcomeIds: request.outcomeIds,
    editingId: request.editingId,
    baseUpdatedAt: request.baseUpdatedAt,
  });
  return { ok: true, savedAt: draft.updatedAt };
};

/** `draft:clear`: drop the draft, if this editor still owns it. */
export const draftClear: Handler<'draft:clear'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  await (await deps.store()).clearDraft(place.courseId, place.resourceId, request.owner);
  return { ok: true, cleared: true };
};

/**
 * `page:capture`: ask the tab's content script for the passage selected in the page, the
 * playing media's time, or where the keyboard focus went when it left the overlay.
 */
export const pageCapture: Handler<'page:capture'> = async (request, sender, deps) => {
  const { tabId } = await overlayTab(deps, sender, request.token);
  if (request.what === 'focus') {
    const reply = await deps.toTab(tabId, { type: 'page:focus' });
    return { ok: true, quote: null, mediaTime: null, focusLeft: reply?.left ?? null };
  }
  if (request.what === 'selection') {
    const reply = await deps.toTab(tabId, { type: 'page:selection' });
    return { ok: true, quote: reply?.quote ?? null, mediaTime: null };
  }
  const reply = await deps.toTab(tabId, { type: 'page:media' });
  return { ok: true, quote: null, mediaTime: reply?.mediaTime ?? null };
};
