/**
 * The pages a learner links to a session's resources, from the toolbar popup: "This page is
 * one of this session's resources" (`link:set`) and its undoing (`link:remove`). The learner's
 * links are learner data (stored apart from the course, carried in backups); the course state
 * indexes them, so the very next report of the page recognises it.
 */
import { findResource } from '../../../content/recognizer';
import { normalizeUrl } from '../../../content/url';
import { learnerLinkOf } from '../../../utils/protocol/schema-atoms';
import type { LearnerLinkRecord } from '../../../utils/protocol/records';
import { clock, fail, hostsOf, type BackgroundDeps, type Handler } from '../deps';

/** The course state read again after a change of the learner's links, and the pages told. */
async function linksChanged(deps: BackgroundDeps): Promise<void> {
  await deps.course.reload();
  // The pack the popup shows (its links) and the reading of its tab's address both changed.
  deps.broadcast({ type: 'pack:changed' });
}

/**
 * `link:set`: the page tab `tabId` shows is this resource. The background reads the tab's
 * address itself (the popup has `activeTab` on it: the learner opened the popup there), so
 * the popup cannot name a page the learner is not on. Refused, writing nothing: a resource
 * the current pack's session does not have; a tab whose address the browser does not show;
 * an address that is not https on a public host; an address that already is another resource
 * (the pack's link or an alternate: the course knows better). A page the learner had linked
 * to another resource moves to this one; a resource keeps one learner link (the new replaces).
 */
export const linkSet: Handler<'link:set'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const pack = deps.course.pack();
  const { sessionId, resourceId } = request;
  if (!findResource(pack, sessionId, resourceId))
    return fail('not_found', `no resource "${resourceId}" in session "${sessionId}"`);
  const url = (await deps.tabPage(request.tabId).catch(() => null))?.url;
  if (url === undefined) return fail('link_no_address', 'the browser shows no address for the tab');
  const link = learnerLinkOf(url, hostsOf(deps));
  if (link === null) return fail('link_not_public', 'only https pages on public hosts');
  const match = deps.course.index().lookup(link);
  if (
    match &&
    match.via !== 'learner' &&
    (match.sessionId !== sessionId || match.resourceId !== resourceId)
  )
    return fail('link_taken', `the page already is "${match.resourceId}"`);
  const courseId = pack.id;
  const key = normalizeUrl(link);
  const moveFrom = (await store.learnerLinks(courseId))
    .filter((l) => l.resourceId !== resourceId && key !== null && normalizeUrl(l.link) === key)
    .map((l) => l.resourceId);
  const record: LearnerLinkRecord = {
    courseId,
    sessionId,
    resourceId,
    link,
    linkedAt: clock(deps).toISOString(),
  };
  await store.setLearnerLink(record, moveFrom);
  await linksChanged(deps);
  return { ok: true, link: record };
};

/** `link:remove`: forget the page the learner linked to a resource of the current course. */
export const linkRemove: Handler<'link:remove'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const courseId = deps.course.pack().id;
  const found = (await store.learnerLinks(courseId)).some(
    (l) => l.sessionId === request.sessionId && l.resourceId === request.resourceId,
  );
  if (!found) return { ok: true, removed: false };
  const removed = await store.removeLearnerLink(courseId, request.resourceId);
  await linksChanged(deps);
  return { ok: true, removed };
};
