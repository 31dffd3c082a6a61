/**
 * `course:page`: the course-page content script reports what a session page of the course
 * says. It is reported only for the page it runs in, from the tab's top frame. For a session
 * of the pack, the tab's address must be the session's `pageUrl`, over https, with the same
 * origin and path ({@link samePage}), never merely the same normalised address (which folds
 * http into https). Only its https links on public hosts are learned; the others wait in the
 * page's differences for the facilitator. A session the pack lacks is learned whole from its
 * page when the address is a session page of the course (`sessionPageNumber`,
 * content/learned-sessions.ts: https, the course's host, its folder, `session-<N>`).
 */
import { isPublicUrl, type HostOptions } from '../../../content/hosts';
import {
  pageFingerprint,
  sessionFromPage,
  sessionPageNumber,
  sessionPageUrl,
} from '../../../content/learned-sessions';
import { addSession, diffIsEmpty } from '../../../content/pack-edit';
import type { Pack } from '../../../content/pack-schema';
import { diffSession, type ParsedSession } from '../../../content/session-diff';
import type { Reply } from '../../../utils/protocol/messages';
import type { LearnedLinkRecord, LearnedSessionRecord } from '../../../utils/protocol/records';
import { clock, fail, hostsOf, type BackgroundDeps, type Handler } from '../deps';

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
  if (!session) return learnSession(deps, base, parsed, here, tabId);
  if (session.number !== parsed.number)
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
  await store.updateCourseData(['learnedLinks', 'pageDiffs', 'openedSession'], (c) => {
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
      openedSession: { courseId: base.id, sessionId: session.id, openedAt: seenAt },
    };
  });
  await deps.course.reload();
  deps.broadcast({ type: 'pack:changed' });
  await deps.learnedBadge(tabId, learned.length);
  const differences =
    diff.changedLinks.length + diff.added.length + diff.removed.length + diff.changedText.length;
  return { ok: true, learned: learned.length, differences };
};

/**
 * A session the pack lacks, from its page at `here`: learned (replacing what its page said
 * before) unless the facilitator ignored the page as it reads now. Refused when `here` is no
 * session page of the course, or names another session than the page's heading, or a session
 * the pack has (its own page is its `pageUrl`).
 */
async function learnSession(
  deps: BackgroundDeps,
  base: Pack,
  parsed: ParsedSession,
  here: string,
  tabId: number,
): Promise<Reply<'course:page'>> {
  const n = sessionPageNumber(base, here);
  if (n === null || n !== parsed.number)
    return fail('forbidden_sender', 'this tab does not show one of the course’s session pages');
  if (base.sessions.some((s) => s.number === n || s.id === `session-${n}`))
    return fail('forbidden_sender', 'the pack has this session: its page is its pageUrl');
  const fingerprint = pageFingerprint(parsed);
  const learnedAt = clock(deps).toISOString();
  const hosts = hostsOf(deps);
  const mine = (x: { courseId: string }) => x.courseId === base.id;
  // What the transaction decided (set inside it).
  const outcome: { learned: LearnedSessionRecord | null; invalid: string | null } = {
    learned: null,
    invalid: null,
  };
  const store = await deps.store();
  await store.updateCourseData(
    ['learnedSessions', 'ignoredSessions', 'openedSession'],
    ({ learnedSessions, ignoredSessions }) => {
      const ignored = ignoredSessions.find((i) => mine(i) && i.number === n);
      if (ignored?.fingerprint === fingerprint) return {};
      const others = learnedSessions.filter((l) => !(mine(l) && l.session.number === n));
      const taken = new Set(
        [...base.sessions, ...others.filter(mine).map((l) => l.session)].flatMap((s) =>
          s.resources.map((r) => r.id),
        ),
      );
      const session = sessionFromPage(parsed, sessionPageUrl(here), taken, hosts);
      // The session must make a valid pack with the pack's own: what "Add to the pack" stores.
      const checked = addSession(base, session, hosts);
      if (!checked.ok) {
        outcome.invalid = `${checked.error.path}: ${checked.error.message}`;
        return {};
      }
      const learned = { courseId: base.id, session, learnedAt, fingerprint };
      outcome.learned = learned;
      return {
        learnedSessions: [...others, learned],
        // The page says something else now: the facilitator's "Ignore" no longer holds.
        ignoredSessions: ignoredSessions.filter((i) => i !== ignored),
        openedSession: { courseId: base.id, sessionId: session.id, openedAt: learnedAt },
      };
    },
  );
  if (outcome.invalid !== null) return fail('invalid_pack', outcome.invalid);
  if (outcome.learned === null) {
    await deps.learnedBadge(tabId, 0);
    return { ok: true, learned: 0, differences: 0 };
  }
  await deps.course.reload();
  deps.broadcast({ type: 'pack:changed' });
  await deps.learnedBadge(tabId, 0, n);
  return { ok: true, learned: 0, differences: 0, learnedSession: `session-${n}` };
}
