/**
 * Requests of the overlay frame. An overlay frame speaks only for its own tab's reading, and
 * only with the token the tab's content script registered, so a page that embeds
 * `overlay.html` itself gets nothing; courses, sessions and resources are taken from the tab,
 * never from the message.
 */
import { fail, type Handler } from '../deps';
import { overlayTab } from './overlay-tab';
import {
  clearDraftAt,
  deleteReflectionAt,
  saveDraftAt,
  saveReflectionAt,
  writingAt,
} from './writing';

/** `overlay:init`: everything the overlay shows for its tab's reading. */
export const overlayInit: Handler<'overlay:init'> = async (request, sender, deps) => {
  const { tabId, state, place } = await overlayTab(deps, sender, request.token);
  if (!state.reading) return fail('not_a_reading');
  // The overlay receives its reading's session, never the pack (it may be large).
  const sessionId = state.reading.sessionId;
  const session = deps.course.learnerSession(sessionId);
  if (!session) return fail('not_a_reading');
  const store = await deps.store();
  const [layout, progress, { draft, reflections }] = await Promise.all([
    store.getSetting('overlay'),
    store.getProgress(place.courseId, place.resourceId),
    writingAt(deps, place),
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
  const { type: _type, token: _token, ...fields } = request;
  return saveReflectionAt(deps, place, { url: state.url, title: state.title }, fields);
};

/** `reflection:delete`: delete (or undo the delete of) one of this reading's reflections. */
export const reflectionDelete: Handler<'reflection:delete'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  return deleteReflectionAt(deps, place, request.id, request.restore);
};

/** `draft:save`: save what is being written (streamed by the editor: `draft-relay.ts`). */
export const draftSave: Handler<'draft:save'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  const { type: _type, token: _token, ...fields } = request;
  return saveDraftAt(deps, place, fields);
};

/** `draft:clear`: drop the draft, if this editor still owns it. */
export const draftClear: Handler<'draft:clear'> = async (request, sender, deps) => {
  const { place } = await overlayTab(deps, sender, request.token);
  return clearDraftAt(deps, place, request.owner);
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
