/**
 * `course:page`: the course-page content script reports what a session page of the course
 * says. It is reported only for the page it runs in: the tab's address must be the session's
 * `pageUrl`, over https, with the same origin and path ({@link samePage}), never merely the
 * same normalised address (which folds http into https). Only its https links on public hosts
 * are learned; the others wait in the page's differences for the facilitator.
 */
import { isPublicUrl, type HostOptions } from '../../../content/hosts';
import { diffIsEmpty } from '../../../content/pack-edit';
import { diffSession } from '../../../content/session-diff';
import type { LearnedLinkRecord } from '../../../utils/protocol/records';
import { clock, fail, hostsOf, type Handler } from '../deps';

/**
 * Whether a tab's address is a course page's own: an https address with exactly the page's
 * origin (scheme, host, port) and path, a single trailing slash aside; query and fragment do
 * not matter. Not normalised: `http:`, a missing `www.` or a doubled slash is another page.
 */
export function samePage(senderUrl: string, pageUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(senderUrl);
    b = new URL(pageUrl);
  } catch {
    return false;
  }
  const path = (u: URL) => (u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : u.pathname);
  return (
    a.protocol === 'https:' &&
    b.protocol === 'https:' &&
    a.origin === b.origin &&
    path(a) === path(b)
  );
}

/**
 * Whether a link from a course page may be learned without review: https, on a public host.
 * The others stay in the page's differences, for the facilitator to review.
 */
const learnable = (link: string, hosts: HostOptions) =>
  link.startsWith('https://') && isPublicUrl(link, hosts);

/**
 * `course:page`: what the session page of this tab says. The session is the one whose page
 * the tab shows, never taken from the message; its https links on public hosts are learned,
 * and every difference from the pack is kept for the facilitator.
 */
export const coursePage: Handler<'course:page'> = async (request, sender, deps) => {
  const parsed = request.session;
  const tabId = sender.tab?.id;
  const here = sender.url;
  if (tabId === undefined || sender.frameId !== 0 || !here)
    return fail('forbidden_sender', 'course:page must come from a tab’s top frame');
  const base = deps.course.base();
  const session = base.sessions.find((s) => s.pageUrl && samePage(here, s.pageUrl));
  if (!session || session.number !== parsed.number)
    return fail('forbidden_sender', 'this tab does not show one of the course’s session pages');
  const diff = diffSession(session, parsed);
  const pageUrl = sender.url ?? '';
  const seenAt = clock(deps).toISOString();
  const hosts = hostsOf(deps);
  // An http link (or one that is not https at all) is not learned: it stays in the diff,
  // for the facilitator to review and take into the pack.
  const learned = diff.learnedLinks
    .filter((l) => learnable(l.link, hosts))
    .map((l): LearnedLinkRecord => ({
      courseId: base.id,
      sessionId: session.id,
      resourceId: l.resourceId,
      link: l.link,
      pageUrl,
      learnedAt: seenAt,
    }));
  const store = await deps.store();
  await store.updateCourseData(['learnedLinks', 'pageDiffs'], (c) => {
    const mine = (x: { courseId: string; sessionId: string }) =>
      x.courseId === base.id && x.sessionId === session.id;
    return {
      // The page is the source: what it no longer gives is no longer learned.
      learnedLinks: [...c.learnedLinks.filter((l) => !mine(l)), ...learned],
      pageDiffs: [
        ...c.pageDiffs.filter((d) => !mine(d)),
        ...(diffIsEmpty(diff)
          ? []
          : [{ courseId: base.id, sessionId: session.id, pageUrl, seenAt, diff }]),
      ],
    };
  });
  await deps.course.reload();
  deps.broadcast({ type: 'pack:changed' });
  await deps.learnedBadge(tabId, learned.length);
  const differences =
    diff.changedLinks.length + diff.added.length + diff.removed.length + diff.changedText.length;
  return { ok: true, learned: learned.length, differences };
};
