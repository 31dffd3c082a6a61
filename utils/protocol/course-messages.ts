/**
 * Reply payloads of the course requests (schemas in `course-schema.ts`); `messages.ts` merges
 * them into its `Replies`. Types only.
 */
import type { Pack } from '../../content/pack-schema';
import type { PackView } from '../../content/sessions';
import type {
  LearnedLinkRecord,
  LearnedSessionRecord,
  LearnerLinkRecord,
  PageDiffRecord,
  StoredLinkCheck,
} from './records';

/** The current pack and where it comes from. */
export interface CurrentPack {
  /** The pack learners see: learned links filled in, the chosen session current. */
  pack: Pack;
  source: 'bundled' | 'imported';
  importedAt: string | null;
  /** Links learned from the course's pages that the pack now shows. */
  learned: LearnedLinkRecord[];
  /**
   * Ids of the pack's sessions learned from the course's pages (not the facilitator's pack):
   * what a page labels "from the course page".
   */
  learnedSessions: string[];
}

/**
 * What the popup receives of the current pack (`pack:view`): the course, session summaries and
 * the one session it shows, with what the background said of the pack.
 */
export interface CurrentPackView extends PackView {
  source: CurrentPack['source'];
  importedAt: string | null;
  /** Links learned from the course's pages that the shown session now shows. */
  learned: LearnedLinkRecord[];
  /** Ids of the sessions learned from the course's pages ("from the course page"). */
  learnedSessions: string[];
  /**
   * The pages the learner linked to the shown session's resources. A resource with no link of
   * the pack's (or learned) shows the learner's as its link.
   */
  learnerLinks: LearnerLinkRecord[];
}

/**
 * The pack is of another course and the current course has reflections: nothing changed; ask
 * the facilitator, then send `pack:import` again with `confirmOtherCourse`.
 */
export interface PackImportQuestion {
  confirm: {
    fromCourse: string;
    toCourse: string;
    /** Live reflections of the current course (they stay; the popup can still show them). */
    reflections: number;
  };
}

/** Where the companion shows beyond the build's hosts, and where it does not reach yet. */
export interface CompanionHostsState {
  /** Host patterns (`https://host/*`) the learner let it show on, which the browser grants. */
  enabled: string[];
  /**
   * Host patterns of the readings asked about (a session's, or the pack's) that neither the
   * build nor the learner's consent covers: what "Show the companion on these sites" asks for.
   */
  missing: string[];
  /** The same hosts as a learner reads them: each once, without `www.`. */
  missingHosts: string[];
}

/** The successful reply payload of each course request. */
export interface CourseReplies {
  'pack:current': CurrentPack;
  'pack:view': CurrentPackView;
  'facilitator:state': {
    checks: StoredLinkCheck[];
    diffs: PageDiffRecord[];
    /** Sessions learned from the course's pages, not yet added to the pack or ignored. */
    learnedSessions: LearnedSessionRecord[];
  };
  'checks:save': { checks: StoredLinkCheck[] };
  'pack:import': CurrentPack | PackImportQuestion;
  'pack:reset': CurrentPack;
  'pack:session': CurrentPack;
  /** `learned`: links learned; `learnedSession`: the id of the session the page taught, if any. */
  'course:page': { learned: number; differences: number; learnedSession?: string };
  'diff:resolve': CurrentPack;
  'learned:resolve': CurrentPack;
  'hosts:state': CompanionHostsState;
  'hosts:enable': CompanionHostsState;
}
