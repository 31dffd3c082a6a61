/**
 * Requests of the popup's writer: where no overlay can be (a PDF in the browser's viewer, a
 * host not granted, a page that refuses scripts), the learner writes in the popup on the
 * reading the active tab's address is. The reading is found from the tab's address, read by
 * the background (`activeTab`: the learner opened the popup on that tab), never from the
 * message; the page saved with a reflection is that address and its tab's title. From there
 * on the overlay's own functions (`writing.ts`) save, delete and keep drafts.
 */
import type { ResourcePlace } from '../../../utils/protocol/records';
import { Refusal, type BackgroundDeps, type Handler } from '../deps';
import type { SenderInfo } from '../senders';
import { tabReading } from './tabs';
import {
  clearDraftAt,
  deleteReflectionAt,
  saveDraftAt,
  saveReflectionAt,
  writingAt,
  type WrittenOn,
} from './writing';

/** The reading tab `tabId`'s address is, and that page; else a refusal. */
async function tabPlace(deps: BackgroundDeps, sender: SenderInfo, tabId: number) {
  // The same reading of the address as the popup's `tab:reading` (fragment dropped, title
  // squashed and cut, http(s) only), so the writer writes where the popup said it would.
  const answer = await tabReading({ type: 'tab:reading', tabId }, sender, deps);
  const page = answer.ok ? answer.page : null;
  if (!page?.reading) throw new Refusal('not_a_reading', 'the tab’s address is no reading');
  const place: ResourcePlace = { courseId: deps.course.pack().id, ...page.reading };
  const on: WrittenOn = { url: page.url, title: page.title };
  return { place, page: on };
}

/** `writer:init`: the session, draft and reflections of the reading the tab's address is. */
export const writerInit: Handler<'writer:init'> = async (request, sender, deps) => {
  const { place, page } = await tabPlace(deps, sender, request.tabId);
  const session = deps.course.learnerSession(place.sessionId);
  if (!session) throw new Refusal('not_a_reading', 'the reading’s session is gone');
  const { draft, reflections } = await writingAt(deps, place);
  const reading = { sessionId: place.sessionId, resourceId: place.resourceId };
  return {
    ok: true,
    state: { courseId: place.courseId, reading, session, page, draft, reflections },
  };
};

/**
 * `writer:save`: save a reflection there. The popup cannot read the page, so a quote is
 * accepted only as the reflection it edits already has it.
 */
export const writerSave: Handler<'writer:save'> = async (request, sender, deps) => {
  const { place, page } = await tabPlace(deps, sender, request.tabId);
  const { type: _type, tabId: _tabId, ...fields } = request;
  return saveReflectionAt(deps, place, page, fields, false);
};

/** `writer:delete`: delete (or undo the delete of) one of that reading's reflections. */
export const writerDelete: Handler<'writer:delete'> = async (request, sender, deps) => {
  const { place } = await tabPlace(deps, sender, request.tabId);
  return deleteReflectionAt(deps, place, request.id, request.restore);
};

/** `writer:draft:save`: keep what is being written (streamed on the `draft` port). */
export const writerDraftSave: Handler<'writer:draft:save'> = async (request, sender, deps) => {
  const { place } = await tabPlace(deps, sender, request.tabId);
  const { type: _type, tabId: _tabId, ...fields } = request;
  return saveDraftAt(deps, place, fields);
};

/** `writer:draft:clear`: drop the draft, if this editor still owns it. */
export const writerDraftClear: Handler<'writer:draft:clear'> = async (request, sender, deps) => {
  const { place } = await tabPlace(deps, sender, request.tabId);
  return clearDraftAt(deps, place, request.owner);
};
