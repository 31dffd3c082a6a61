/**
 * Requests about the course pack. Learners' pages read it (the popup's `pack:view`, its
 * Markdown export's `pack:current`); the facilitator page reads the whole pack and its state,
 * and alone changes the course. Who may ask what is decided before these handlers run, by the
 * route table (`routes.ts`). What the course's own session pages report is `course-page.ts`.
 */
import { addSession, applyDiff, withLearnerLinks } from '../../../content/pack-edit';
import { mergeChecks } from '../../../content/pack-links';
import { PACK_LIMITS, parseImportedPack } from '../../../content/pack-schema';
import { localToday, packView } from '../../../content/sessions';
import type { Reply } from '../../../utils/protocol/messages';
import type { StoredLinkCheck } from '../../../utils/protocol/records';
import { clock, fail, hostsOf, type BackgroundDeps, type Handler } from '../deps';

/**
 * The learner's database, opened before any course request is answered, so a database that
 * cannot open fails every course request alike (the course itself serves from memory).
 */
const openStore = (deps: BackgroundDeps) => deps.store();

/** The current pack, after a change was stored: read again, and announced to the pages. */
async function changed(deps: BackgroundDeps): Promise<Reply<'pack:reset'>> {
  await deps.course.reload();
  deps.broadcast({ type: 'pack:changed' });
  return { ok: true, ...deps.course.current() };
}

/** `pack:current`: the whole current pack, learned links applied. */
export const packCurrent: Handler<'pack:current'> = async (_request, _sender, deps) => {
  await openStore(deps);
  return { ok: true, ...deps.course.current() };
};

/**
 * `pack:view`: what the popup shows of the current pack (one session in full), with the
 * pages the learner linked to its resources.
 */
export const packViewRequest: Handler<'pack:view'> = async (request, _sender, deps) => {
  await openStore(deps);
  // The background decides the current session (it has every session's dates) so that
  // the popup receives one session, not the pack. The popup runs on the same machine:
  // its local date is the background's.
  const { pack, learned, ...rest } = deps.course.current();
  const view = packView(
    pack,
    localToday(clock(deps)),
    request.sessionId,
    deps.course.openedSession(),
  );
  if (!view) return fail('not_found', `no session "${request.sessionId}" in the pack`);
  const shown = view.session.id;
  const learnerLinks = deps.course.learnerLinks().filter((l) => l.sessionId === shown);
  return {
    ok: true,
    ...rest,
    ...view,
    // Where the course gives no link, the page the learner linked is the resource's link.
    session: withLearnerLinks(view.session, learnerLinks),
    learned: learned.filter((l) => l.sessionId === shown),
    learnerLinks,
  };
};

/**
 * `facilitator:state`: the course's stored link checks, page differences and the sessions
 * learned from its pages (those the pack shows).
 */
export const facilitatorState: Handler<'facilitator:state'> = async (_request, _sender, deps) => {
  const store = await openStore(deps);
  const courseId = deps.course.pack().id;
  const [checks, diffs, sessions] = await Promise.all([
    store.getCourseData('linkChecks'),
    store.getCourseData('pageDiffs'),
    store.getCourseData('learnedSessions'),
  ]);
  const shown = new Set(deps.course.current().learnedSessions);
  return {
    ok: true,
    checks: checks.filter((c) => c.courseId === courseId),
    diffs: diffs.filter((d) => d.courseId === courseId),
    learnedSessions: sessions.filter((l) => l.courseId === courseId && shown.has(l.session.id)),
  };
};

/** `checks:save`: keep the facilitator's link-check results of the pack's resources. */
export const checksSave: Handler<'checks:save'> = async (request, _sender, deps) => {
  const store = await openStore(deps);
  const courseId = deps.course.pack().id;
  const known = new Set(deps.course.pack().sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const fresh: StoredLinkCheck[] = request.results
    .filter((r) => known.has(r.resourceId))
    .map((r) => ({ ...r, courseId }));
  const { linkChecks } = await store.updateCourseData(['linkChecks'], (c) => ({
    linkChecks: mergeChecks(c.linkChecks, fresh),
  }));
  deps.broadcast({ type: 'checks:changed' });
  return { ok: true, checks: linkChecks.filter((c) => c.courseId === courseId) };
};

/** `pack:import`: make a facilitator's pack current (asking first if it is another course's). */
export const packImport: Handler<'pack:import'> = async (request, _sender, deps) => {
  const store = await openStore(deps);
  const courseId = deps.course.pack().id;
  // The backstop for the page's own check of the file size: nothing larger is validated.
  if (JSON.stringify(request.pack).length > PACK_LIMITS.fileBytes)
    return fail('invalid_pack', `(pack): larger than ${PACK_LIMITS.fileBytes} bytes`);
  const parsed = parseImportedPack(request.pack, hostsOf(deps));
  if (!parsed.ok)
    return fail('invalid_pack', `${parsed.error.path || '(pack)'}: ${parsed.error.message}`);
  // A pack of another course hides the current course's reflections from the course's
  // views (they stay stored, in backups, and movable from the popup): ask first.
  if (parsed.pack.id !== courseId && request.confirmOtherCourse !== true) {
    const reflections = (await store.courseReflections(courseId)).filter(
      (r) => r.deletedAt === null,
    ).length;
    if (reflections > 0)
      return {
        ok: true,
        confirm: { fromCourse: courseId, toCourse: parsed.pack.id, reflections },
      };
  }
  await store.updateCourseData(['pack', 'chosenSession'], () => ({
    pack: { pack: parsed.pack, importedAt: clock(deps).toISOString() },
    chosenSession: null,
  }));
  return changed(deps);
};

/** `pack:reset`: go back to the bundled pack. */
export const packReset: Handler<'pack:reset'> = async (_request, _sender, deps) => {
  const store = await openStore(deps);
  await store.updateCourseData(['pack', 'chosenSession'], () => ({
    pack: null,
    chosenSession: null,
  }));
  return changed(deps);
};

/** `pack:session`: the facilitator chose the session shown by default. */
export const packSession: Handler<'pack:session'> = async (request, _sender, deps) => {
  const store = await openStore(deps);
  const courseId = deps.course.pack().id;
  if (!deps.course.pack().sessions.some((s) => s.id === request.sessionId))
    return fail('not_found', `no session "${request.sessionId}" in the pack`);
  await store.updateCourseData(['chosenSession'], () => ({
    chosenSession: { courseId, sessionId: request.sessionId },
  }));
  return changed(deps);
};

/** `diff:resolve`: take a session page's differences into the pack, or drop them. */
export const diffResolve: Handler<'diff:resolve'> = async (request, _sender, deps) => {
  const store = await openStore(deps);
  const base = deps.course.base();
  const diffs = await store.getCourseData('pageDiffs');
  const found = diffs.find((d) => d.courseId === base.id && d.sessionId === request.sessionId);
  if (!found) return fail('not_found', 'no differences stored for this session');
  const next = request.accept
    ? applyDiff(base, request.sessionId, found.diff, hostsOf(deps))
    : null;
  if (next && !next.ok) return fail('invalid_pack', `${next.error.path}: ${next.error.message}`);
  await store.updateCourseData(['pack', 'pageDiffs', 'learnedLinks'], (c) => ({
    pageDiffs: c.pageDiffs.filter(
      (d) => d !== found && !(d.courseId === base.id && d.sessionId === request.sessionId),
    ),
    ...(next?.ok && {
      pack: { pack: next.pack, importedAt: clock(deps).toISOString() },
      // The accepted links are now the pack's own.
      learnedLinks: c.learnedLinks.filter(
        (l) => !(l.courseId === base.id && l.sessionId === request.sessionId),
      ),
    }),
  }));
  return changed(deps);
};

/**
 * `learned:resolve`: add a session learned from the course's pages to the pack (the pack
 * becomes an imported one, validated again), or ignore it until its page says something else.
 */
export const learnedResolve: Handler<'learned:resolve'> = async (request, _sender, deps) => {
  const store = await openStore(deps);
  const base = deps.course.base();
  const records = await store.getCourseData('learnedSessions');
  const it = (r: { courseId: string; session: { id: string } }) =>
    r.courseId === base.id && r.session.id === request.sessionId;
  const found = records.find(it);
  if (!found) return fail('not_found', `no session "${request.sessionId}" learned`);
  const next = request.accept ? addSession(base, found.session, hostsOf(deps)) : null;
  if (next && !next.ok) return fail('invalid_pack', `${next.error.path}: ${next.error.message}`);
  const now = clock(deps).toISOString();
  const { number } = found.session;
  await store.updateCourseData(['pack', 'learnedSessions', 'ignoredSessions'], (c) => ({
    learnedSessions: c.learnedSessions.filter((r) => !it(r)),
    ...(next?.ok
      ? { pack: { pack: next.pack, importedAt: now } }
      : {
          ignoredSessions: [
            ...c.ignoredSessions.filter((i) => !(i.courseId === base.id && i.number === number)),
            { courseId: base.id, number, fingerprint: found.fingerprint, ignoredAt: now },
          ],
        }),
  }));
  return changed(deps);
};
