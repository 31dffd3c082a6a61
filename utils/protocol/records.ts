/**
 * The one home of every record the extension keeps: the learner's reflections, drafts,
 * progress and settings, and the course data a facilitator keeps. The background stores them
 * (`entrypoints/background/db/`), the protocol carries them (`messages.ts`), the pages show
 * them and the journal formats write them, all with these types. Types only: importing this
 * module adds nothing to a bundle.
 */
import type * as v from 'valibot';
import type { Pack, Session } from '../../content/pack-schema';
import type { SessionDiff } from '../../content/session-diff';
import type { LinkResultSchema } from './course-schema';

/** Where a reflection, draft or progress record belongs: a resource of a course's session. */
export interface ResourcePlace {
  courseId: string;
  sessionId: string;
  resourceId: string;
}

/**
 * Where a passage lies in its page's text, as the W3C Web Annotation `TextPositionSelector`
 * gives it: offsets in Unicode code points over the page's text as `utils/anchoring` reads it
 * (text nodes in document order, whitespace runs and block boundaries as one space).
 */
export interface TextPosition {
  start: number;
  end: number;
}

/**
 * A passage quoted from the page: the W3C Web Annotation `TextQuoteSelector` (`exact`,
 * `prefix`, `suffix`) and `TextPositionSelector` (`position`), and the page it was taken from.
 * The companion finds it again on each visit (`utils/anchoring`).
 */
export interface Quote {
  /** The selected text, as the page's text has it (whitespace squashed). */
  exact: string;
  /** The page's text just before and after the selection (at most `LIMITS.quoteContext`). */
  prefix: string;
  suffix: string;
  /**
   * Where `exact` was in the page's text when it was taken; null for quotes taken before the
   * companion kept positions (their text and context still find them).
   */
  position: TextPosition | null;
  /** The address of the page it was taken from (no fragment); '' when not known. */
  source: string;
}

/**
 * What the learner writes, the same in a reflection, its draft and the editor: a field added
 * here reaches all three.
 */
export interface Writing {
  /** What the learner wrote, as plain text. */
  text: string;
  quote: Quote | null;
  /** Where in a video or podcast the learner was, in seconds. */
  mediaTime: number | null;
  /** Ids of the learning outcomes the learner says this reflection speaks to. */
  outcomeIds: string[];
}

/** One reflection a learner wrote about a resource. */
export interface Reflection extends ResourcePlace, Writing {
  /** Random id (UUID); merges and imports match on it. */
  id: string;
  /** The page it was written on (its address and title at the time). */
  pageUrl: string;
  pageTitle: string;
  /** ISO 8601 times. `updatedAt` decides which copy wins when two differ. */
  createdAt: string;
  updatedAt: string;
  /** When the learner deleted it; kept until they undo or the grace period ends. */
  deletedAt: string | null;
}

/** The text being written for a resource, saved while typing so nothing is lost. */
export interface Draft extends ResourcePlace, Writing {
  /** `courseId/resourceId`: one draft per resource. */
  key: string;
  /** The reflection being edited, or null for a new one. */
  editingId: string | null;
  /** The `updatedAt` of the reflection being edited when editing began (to detect races). */
  baseUpdatedAt: string | null;
  /** The editor (one per overlay frame) that wrote it last; only it clears the draft. */
  owner: string;
  updatedAt: string;
}

/** What the learner has done with a resource. */
export interface Progress extends ResourcePlace {
  /** `courseId/resourceId`. */
  key: string;
  firstOpenedAt: string | null;
  lastOpenedAt: string | null;
  doneAt: string | null;
}

/** Learner settings, one record each. */
export interface Settings {
  /** Which edge the overlay docks to, and whether it is open. */
  overlay: { side: 'left' | 'right'; expanded: boolean };
  /** When the learner last exported (ISO time), or null. */
  lastExportAt: string | null;
  /** Whether the learner's quoted passages are highlighted in the readings ("Show my quotes"). */
  showQuotes: boolean;
}

/** A link learned from the course's own session page for a resource the pack has no link for. */
export interface LearnedLinkRecord {
  courseId: string;
  sessionId: string;
  resourceId: string;
  link: string;
  /** The session page it was read from, and when. */
  pageUrl: string;
  learnedAt: string;
}

/**
 * The page a learner said is one of a session's resources (the popup's "This page is one of
 * this session's resources"): learner data, like progress, kept in backups. One per resource:
 * linking another page for it replaces it. The companion recognises the page from then on.
 */
export interface LearnerLinkRecord {
  courseId: string;
  sessionId: string;
  resourceId: string;
  /** The page's address: https, a public host, no fragment, at most `LIMITS.url` characters. */
  link: string;
  /** When the learner linked it (ISO time); of two copies in a merge, the later wins. */
  linkedAt: string;
}

/**
 * The result of checking one resource's link, as the facilitator page sends it (`checks:save`)
 * and the background keeps it: the shape its schema (`LinkResultSchema`) accepts.
 */
export type LinkResult = v.InferOutput<typeof LinkResultSchema>;

/** The last check of a resource's link, for the facilitator. */
export interface StoredLinkCheck extends LinkResult {
  courseId: string;
}

/** How a session page differed from the pack when last seen, for the facilitator to review. */
export interface PageDiffRecord {
  courseId: string;
  sessionId: string;
  pageUrl: string;
  seenAt: string;
  diff: SessionDiff;
}

/**
 * The session a facilitator chose to show by default, overriding the pack's own
 * `currentSession` and its dates, for the course it was chosen in.
 */
export interface ChosenSession {
  courseId: string;
  sessionId: string;
}

/**
 * A session the pack lacks, learned from the course's own page of it (issue 14): the page is
 * the source, so each visit of the page replaces it. One per course and session number.
 */
export interface LearnedSessionRecord {
  courseId: string;
  /**
   * The session as the page gives it, in the pack's form (`sessionFromPage`,
   * content/learned-sessions.ts): id `session-<N>`, outcome ids `o1`…, resource ids by slug,
   * links only https on public hosts; its `pageUrl` is the page it was read from.
   */
  session: Session;
  /** When the page was last read (ISO time). */
  learnedAt: string;
  /** What the page said, fingerprinted (`pageFingerprint`): what "Ignore" remembers. */
  fingerprint: string;
}

/**
 * A learned session the facilitator ignored: not learned again from its page until the page
 * says something else (another fingerprint). One per course and session number.
 */
export interface IgnoredSessionRecord {
  courseId: string;
  number: number;
  fingerprint: string;
  ignoredAt: string;
}

/**
 * The session page (of the pack's or a learned session) the learner opened last: the current
 * session when neither the pack's dates nor the facilitator decide (`defaultSessionOn`).
 */
export interface OpenedSession {
  courseId: string;
  sessionId: string;
  openedAt: string;
}

/**
 * The course as the facilitator keeps it (schema version 2), one record each. Kept apart from
 * the learner's settings so backups of reflections never carry a course pack.
 */
export interface CourseData {
  /** The pack a facilitator imported, or null: the bundled pack is current. */
  pack: { pack: Pack; importedAt: string } | null;
  /** The session a facilitator chose to show, or null: the pack decides. */
  chosenSession: ChosenSession | null;
  learnedLinks: LearnedLinkRecord[];
  linkChecks: StoredLinkCheck[];
  pageDiffs: PageDiffRecord[];
  /** Sessions learned from the course's pages (new keys need no schema upgrade: absent = default). */
  learnedSessions: LearnedSessionRecord[];
  ignoredSessions: IgnoredSessionRecord[];
  openedSession: OpenedSession | null;
}
