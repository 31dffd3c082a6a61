/**
 * The background's course state: the current pack and its recogniser index.
 *
 * The current pack is the pack a facilitator imported, else the bundled one, with the session
 * a facilitator chose, the links learned from the course's own session pages filled in
 * where it has none, and the sessions learned from those pages that it lacks. The bundled
 * pack's own `currentSession` is nobody's choice (it names its one session), so it is left
 * out: the session page the learner opened last then decides (`defaultSessionOn`). The recogniser index is rebuilt whenever any of them changes, so a
 * learned link is recognised at once; it also knows the pages the learner linked to resources
 * (learner data, never written into the pack: a facilitator's page never sees them).
 */
import type { Pack, Session } from '../../content/pack-schema';
import { effectivePack, learnedSessionsOf, withLearnerLinks } from '../../content/pack-edit';
import { buildIndex, findResource, type ReadingIndex } from '../../content/recognizer';
import type { CurrentPack } from '../../utils/protocol/course-messages';
import type {
  CourseData,
  LearnedLinkRecord,
  LearnerLinkRecord,
} from '../../utils/protocol/records';
import type { Store } from './db/store';

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
  /** The pages the learner linked to resources of the pack (other courses' left out). */
  learnerLinks(): LearnerLinkRecord[];
  /**
   * A session of the pack as a learner sees it (the page they linked is the link of a resource
   * the course gives none; `withLearnerLinks`), or null when the pack has no such session.
   */
  learnerSession(sessionId: string): Session | null;
  /** The id of the session whose page the learner opened last, if the pack has it. */
  openedSession(): string | null;
}

/** Build the course state over the learner's database. */
export function createCourseState(bundledPack: Pack, store: () => Promise<Store>): CourseState {
  const { currentSession: _builtIn, ...bundled } = bundledPack;
  let base: Pack = bundled;
  let imported: CourseData['pack'] = null;
  let learned: LearnedLinkRecord[] = [];
  let mine: LearnerLinkRecord[] = [];
  let learnedSessions: string[] = [];
  let opened: string | null = null;
  let pack: Pack = bundled;
  let index = buildIndex(bundled);
  let loading: Promise<void> | null = null;

  const reload = async () => {
    const s = await store();
    const [stored, links, chosenSession, sessions, openedSession, learnerLinks] = await Promise.all(
      [
        s.getCourseData('pack'),
        s.getCourseData('learnedLinks'),
        s.getCourseData('chosenSession'),
        s.getCourseData('learnedSessions'),
        s.getCourseData('openedSession'),
        s.learnerLinks(),
      ],
    );
    imported = stored;
    base = stored?.pack ?? bundled;
    learned = links.filter((l) => l.courseId === base.id);
    pack = effectivePack(base, learned, chosenSession, sessions);
    learnedSessions = learnedSessionsOf(base, sessions).map((x) => x.id);
    opened =
      openedSession?.courseId === base.id &&
      pack.sessions.some((x) => x.id === openedSession.sessionId)
        ? openedSession.sessionId
        : null;
    mine = learnerLinks.filter(
      (l) => l.courseId === base.id && findResource(pack, l.sessionId, l.resourceId) !== null,
    );
    index = buildIndex(pack, undefined, mine);
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
      learnedSessions,
    }),
    learnerLinks: () => mine,
    learnerSession(sessionId) {
      const found = pack.sessions.find((s) => s.id === sessionId);
      return found ? withLearnerLinks(found, mine) : null;
    },
    openedSession: () => opened,
  };
}
