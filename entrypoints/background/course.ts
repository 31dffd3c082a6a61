/**
 * The background's course state and its facilitator requests, called from the message handler
 * in `background-core.ts` (which has already checked that the message comes from this
 * extension and matches its schema).
 *
 * The current pack is the pack a facilitator imported, else the bundled one, with the links
 * learned from the course's own session pages filled in where it has none. The recogniser
 * index is rebuilt whenever either changes, so a learned link is recognised at once.
 *
 * Who may ask what is decided before these handlers run, by `ALLOWED_SENDERS` in
 * `background-core.ts`: the facilitator page reads the whole current pack (the popup too, for
 * its Markdown export, when the learner asks for one), the popup what it shows of it
 * (`pack:view`; the overlay's session comes with `overlay:init`), the popup and the
 * facilitator page read the facilitator's state, only the facilitator page (`options.html`)
 * changes the pack or stores check results, and only a content script in a tab's top frame
 * reports a session page. What only this module can check stays here: a session page is
 * reported only for the page it runs in: the tab's address must be the session's `pageUrl`, over
 * https, with the same origin and path ({@link samePage}), never merely the same normalised
 * address (which folds http into https). Only its https links on public hosts are learned; the
 * others wait in the page's differences for the facilitator.
 */
import { diffSession } from '../../content/session-diff';
import { isPublicUrl, type HostOptions } from '../../content/hosts';
import type { Pack } from '../../content/pack-schema';
import { PACK_LIMITS, parseImportedPack } from '../../content/pack-schema';
import { buildIndex, type ReadingIndex } from '../../content/recognizer';
import { localToday, packView } from '../../content/sessions';
import type { SenderInfo } from './router';
import type { CourseData, LearnedLinkRecord, StoredLinkCheck } from './db/database';
import type { CurrentPack } from '../../utils/protocol/course-messages';
import { FACILITATOR_TYPES } from '../../utils/protocol/course-schema';
import { applyDiff, diffIsEmpty, effectivePack } from '../../content/pack-edit';
import { mergeChecks } from '../../content/pack-links';
import type { Broadcast, ErrorCode, Reply, Request } from '../../utils/protocol/messages';
import type { Store } from './db/store';

/** A facilitator or course-pack request. */
export type FacilitatorRequest = Extract<
  Request,
  {
    type:
      | 'pack:current'
      | 'pack:view'
      | 'facilitator:state'
      | 'checks:save'
      | 'pack:import'
      | 'pack:reset'
      | 'pack:session'
      | 'course:page'
      | 'diff:resolve';
  }
>;

/** Whether a validated request is one of the facilitator's. */
export const isFacilitatorRequest = (r: Request): r is FacilitatorRequest =>
  FACILITATOR_TYPES.has(r.type);

/** The current pack, its recogniser index, and what they were made from. */
export interface CourseState {
  /** Load the stored course once (again after a failure); until then the bundled pack serves. */
  ready(): Promise<void>;
  /** Read the stored course again and rebuild the pack and index. */
  reload(): Promise<void>;
  /** The pack learners see. */
  pack(): Pack;
  /** The pack as imported or bundled, before learned links. */
  base(): Pack;
  index(): ReadingIndex;
  current(): CurrentPack;
}

/** Build the course state over the learner's database. */
export function createCourseState(bundled: Pack, store: () => Promise<Store>): CourseState {
  let base = bundled;
  let imported: CourseData['pack'] = null;
  let learned: LearnedLinkRecord[] = [];
  let pack = bundled;
  let index = buildIndex(bundled);
  let loading: Promise<void> | null = null;

  const reload = async () => {
    const s = await store();
    const [stored, links, session] = await Promise.all([
      s.getCourseData('pack'),
      s.getCourseData('learnedLinks'),
      s.getCourseData('currentSession'),
    ]);
    imported = stored;
    base = stored?.pack ?? bundled;
    learned = links.filter((l) => l.courseId === base.id);
    pack = effectivePack(base, learned, session);
    index = buildIndex(pack);
  };

  return {
    ready() {
      // The bundled pack serves while the database cannot be read; the next request retries.
      loading ??= reload().catch(() => {
        loading = null;
      });
      return loading;
    },
    reload: async () => {
      await reload();
      loading = Promise.resolve();
    },
    pack: () => pack,
    base: () => base,
    index: () => index,
    current: () => ({
      pack,
      source: imported ? 'imported' : 'bundled',
      importedAt: imported?.importedAt ?? null,
      learned: learned.filter((l) =>
        base.sessions.some((s) => s.resources.some((r) => r.id === l.resourceId && !r.link)),
      ),
    }),
  };
}

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

/** What the facilitator handler needs. */
export interface FacilitatorDeps {
  course: CourseState;
  store(): Promise<Store>;
  broadcast(message: Broadcast): void;
  /** Show on the tab's toolbar button how many links its session page taught. */
  learnedBadge(tabId: number, learned: number): Promise<void>;
  now?: () => Date;
  /**
   * Accept loopback addresses in packs: the end-to-end test build only (its manifest grants
   * its local test server; see `loopbackGranted` in content/hosts.ts). Never in shipped code.
   */
  allowLoopback?: boolean;
}

type FacilitatorReply = Reply<FacilitatorRequest['type']>;

const fail = (code: ErrorCode, detail: string): FacilitatorReply => ({
  ok: false,
  error: { code, detail },
});

/** Build the handler of {@link FacilitatorRequest}s. Database errors are left to the caller. */
export function createFacilitatorHandler(deps: FacilitatorDeps) {
  const clock = deps.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const hosts: HostOptions = { allowLoopback: deps.allowLoopback === true };
  const changed = async (): Promise<FacilitatorReply> => {
    await deps.course.reload();
    deps.broadcast({ type: 'pack:changed' });
    return { ok: true, ...deps.course.current() };
  };

  return async function handleFacilitator(
    request: FacilitatorRequest,
    sender: SenderInfo,
  ): Promise<FacilitatorReply> {
    if (request.type === 'course:page') return coursePage(request.session, sender);
    const store = await deps.store();
    const courseId = deps.course.pack().id;
    switch (request.type) {
      case 'pack:current':
        return { ok: true, ...deps.course.current() };

      case 'pack:view': {
        // The background decides the current session (it has every session's dates) so that
        // the popup receives one session, not the pack. The popup runs on the same machine:
        // its local date is the background's.
        const { pack, learned, ...rest } = deps.course.current();
        const view = packView(pack, localToday(clock()), request.sessionId);
        if (!view) return fail('not_found', `no session "${request.sessionId}" in the pack`);
        const shown = view.session.id;
        return {
          ok: true,
          ...rest,
          ...view,
          learned: learned.filter((l) => l.sessionId === shown),
        };
      }

      case 'facilitator:state': {
        const [checks, diffs] = await Promise.all([
          store.getCourseData('linkChecks'),
          store.getCourseData('pageDiffs'),
        ]);
        return {
          ok: true,
          checks: checks.filter((c) => c.courseId === courseId),
          diffs: diffs.filter((d) => d.courseId === courseId),
        };
      }

      case 'checks:save': {
        const known = new Set(
          deps.course.pack().sessions.flatMap((s) => s.resources.map((r) => r.id)),
        );
        const fresh: StoredLinkCheck[] = request.results
          .filter((r) => known.has(r.resourceId))
          .map((r) => ({ ...r, courseId }));
        const { linkChecks } = await store.updateCourseData(['linkChecks'], (c) => ({
          linkChecks: mergeChecks(c.linkChecks, fresh),
        }));
        deps.broadcast({ type: 'checks:changed' });
        return { ok: true, checks: linkChecks.filter((c) => c.courseId === courseId) };
      }

      case 'pack:import': {
        // The backstop for the page's own check of the file size: nothing larger is validated.
        if (JSON.stringify(request.pack).length > PACK_LIMITS.fileBytes)
          return fail('invalid_pack', `(pack): larger than ${PACK_LIMITS.fileBytes} bytes`);
        const parsed = parseImportedPack(request.pack, hosts);
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
        await store.updateCourseData(['pack', 'currentSession'], () => ({
          pack: { pack: parsed.pack, importedAt: now() },
          currentSession: null,
        }));
        return changed();
      }

      case 'pack:reset':
        await store.updateCourseData(['pack', 'currentSession'], () => ({
          pack: null,
          currentSession: null,
        }));
        return changed();

      case 'pack:session': {
        if (!deps.course.pack().sessions.some((s) => s.id === request.sessionId))
          return fail('not_found', `no session "${request.sessionId}" in the pack`);
        await store.updateCourseData(['currentSession'], () => ({
          currentSession: { courseId, sessionId: request.sessionId },
        }));
        return changed();
      }

      case 'diff:resolve': {
        const base = deps.course.base();
        const diffs = await store.getCourseData('pageDiffs');
        const found = diffs.find(
          (d) => d.courseId === base.id && d.sessionId === request.sessionId,
        );
        if (!found) return fail('not_found', 'no differences stored for this session');
        const next = request.accept ? applyDiff(base, request.sessionId, found.diff, hosts) : null;
        if (next && !next.ok)
          return fail('invalid_pack', `${next.error.path}: ${next.error.message}`);
        await store.updateCourseData(['pack', 'pageDiffs', 'learnedLinks'], (c) => ({
          pageDiffs: c.pageDiffs.filter(
            (d) => d !== found && !(d.courseId === base.id && d.sessionId === request.sessionId),
          ),
          ...(next?.ok && {
            pack: { pack: next.pack, importedAt: now() },
            // The accepted links are now the pack's own.
            learnedLinks: c.learnedLinks.filter(
              (l) => !(l.courseId === base.id && l.sessionId === request.sessionId),
            ),
          }),
        }));
        return changed();
      }
    }
  };

  async function coursePage(
    parsed: Extract<FacilitatorRequest, { type: 'course:page' }>['session'],
    sender: SenderInfo,
  ): Promise<FacilitatorReply> {
    const tabId = sender.tab?.id;
    const here = sender.url;
    if (tabId === undefined || sender.frameId !== 0 || !here)
      return fail('forbidden_sender', 'course:page must come from a tab’s top frame');
    const base = deps.course.base();
    // The session is the one whose page this tab shows: never taken from the message.
    const session = base.sessions.find((s) => s.pageUrl && samePage(here, s.pageUrl));
    if (!session || session.number !== parsed.number)
      return fail('forbidden_sender', 'this tab does not show one of the course’s session pages');
    const diff = diffSession(session, parsed);
    const pageUrl = sender.url ?? '';
    const seenAt = now();
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
  }
}
