/**
 * What is written on a reading, whoever asks: the overlay frame of a tab that shows it
 * (`overlay.ts`, by its token) or the popup's writer on a tab whose address is the reading
 * (`writer.ts`, where no overlay can be). Each asker first resolves its place, from the tab and
 * never from the message; from there on the same functions save, delete and keep drafts.
 */
import type { RequestOf } from '../deps';
import { Refusal, type BackgroundDeps } from '../deps';
import type { Store } from '../db/store';
import type { ResourcePlace } from '../../../utils/protocol/records';
import type { Quote } from '../../../utils/protocol/records';
import { quotesChanged } from './quotes';

/** The page a reflection is written on, as it is saved with it. */
export interface WrittenOn {
  url: string;
  title: string;
}

/** A reflection to save: new, or an edit of `id` (same for every asker). */
export type ReflectionFields = Omit<RequestOf<'reflection:save'>, 'type' | 'token'>;
/** A draft to save (same for every asker). */
export type DraftFields = Omit<RequestOf<'draft:save'>, 'type' | 'token'>;

/** The reflection `id`, if it belongs to the reading at `place`; else a refusal. */
async function ownReflection(store: Store, place: ResourcePlace, id: string) {
  const found = await store.getReflection(id);
  if (!found || found.courseId !== place.courseId || found.resourceId !== place.resourceId)
    throw new Refusal('not_found', 'no such reflection on this reading');
  return found;
}

/**
 * Tell the pages that the reflections of the reading at `place` changed, and the quote
 * scripts of the tabs that show it (their highlights follow).
 */
const reflectionsChanged = async (deps: BackgroundDeps, place: ResourcePlace) => {
  deps.broadcast({
    type: 'reflections:changed',
    courseId: place.courseId,
    resourceId: place.resourceId,
  });
  await quotesChanged(deps, place).catch(() => undefined);
};

/** Two quotes are the same passage in the same context. */
const sameQuote = (a: Quote | null, b: Quote | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.exact === b.exact &&
    a.prefix === b.prefix &&
    a.suffix === b.suffix);

/** The draft and reflections of the reading at `place`. */
export async function writingAt(deps: BackgroundDeps, place: ResourcePlace) {
  const store = await deps.store();
  const [draft, reflections] = await Promise.all([
    store.getDraft(place.courseId, place.resourceId),
    store.listByResource(place.courseId, place.resourceId),
  ]);
  return { draft, reflections };
}

/**
 * Save a reflection on the reading at `place`, written on `page`. With `quoteFromPage` false
 * (the asker cannot read the page), a quote is accepted only as the edited reflection has it.
 */
export async function saveReflectionAt(
  deps: BackgroundDeps,
  place: ResourcePlace,
  page: WrittenOn,
  fields: ReflectionFields,
  quoteFromPage = true,
) {
  const store = await deps.store();
  const edited = fields.id === undefined ? null : await ownReflection(store, place, fields.id);
  if (!quoteFromPage && fields.quote !== null && !sameQuote(fields.quote, edited?.quote ?? null))
    throw new Refusal('invalid_request', 'a quote can only come from the page');
  const { reflection, conflict } = await store.saveReflection(
    {
      ...place,
      text: fields.text,
      quote: fields.quote,
      mediaTime: fields.mediaTime,
      outcomeIds: fields.outcomeIds,
      pageUrl: page.url,
      pageTitle: page.title,
    },
    {
      ...(fields.id !== undefined && { id: fields.id }),
      ...(fields.baseUpdatedAt !== undefined && { baseUpdatedAt: fields.baseUpdatedAt }),
      draftOwner: fields.draftOwner,
    },
  );
  await reflectionsChanged(deps, place);
  const reflections = await store.listByResource(place.courseId, place.resourceId);
  return { ok: true as const, reflection, conflict, reflections };
}

/** Delete (or undo the delete of) one of the reflections of the reading at `place`. */
export async function deleteReflectionAt(
  deps: BackgroundDeps,
  place: ResourcePlace,
  id: string,
  restore: boolean,
) {
  const store = await deps.store();
  await ownReflection(store, place, id);
  if (restore) await store.restoreReflection(id);
  else await store.deleteReflection(id);
  await reflectionsChanged(deps, place);
  return {
    ok: true as const,
    reflections: await store.listByResource(place.courseId, place.resourceId),
  };
}

/** Save the draft of the reading at `place`. */
export async function saveDraftAt(deps: BackgroundDeps, place: ResourcePlace, fields: DraftFields) {
  const draft = await (
    await deps.store()
  ).saveDraft({
    ...place,
    owner: fields.owner,
    text: fields.text,
    quote: fields.quote,
    mediaTime: fields.mediaTime,
    outcomeIds: fields.outcomeIds,
    editingId: fields.editingId,
    baseUpdatedAt: fields.baseUpdatedAt,
  });
  return { ok: true as const, savedAt: draft.updatedAt };
}

/** Drop the draft of the reading at `place`, if the editor `owner` still owns it. */
export async function clearDraftAt(deps: BackgroundDeps, place: ResourcePlace, owner: string) {
  await (await deps.store()).clearDraft(place.courseId, place.resourceId, owner);
  return { ok: true as const, cleared: true as const };
}
