/**
 * The learner's database: reflections, drafts, reading progress and settings, in IndexedDB.
 * Only the background opens it (ARCHITECTURE.md: an embedded extension frame is refused
 * IndexedDB, and a content script's IndexedDB belongs to the web page). Every write below is
 * one transaction, so a failure leaves the database as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SessionDiff } from '../../../content/session-diff';
import type { Pack } from '../../../content/pack-schema';
import type { LinkResult } from '../../../utils/protocol/link-checks';

/** The database's name. */
export const DB_NAME = 'reading-companion';
/** The schema version this build writes; {@link upgrade} brings any older database to it. */
export const DB_VERSION = 2;

/** A passage quoted from the page, with enough context around it to find it again. */
export interface Quote {
  /** The selected text, as the learner saw it. */
  exact: string;
  /** Up to 32 characters before and after the selection in the page's text. */
  prefix: string;
  suffix: string;
}

/** One reflection a learner wrote about a resource. */
export interface Reflection {
  /** Random id (UUID); merges and imports match on it. */
  id: string;
  courseId: string;
  sessionId: string;
  resourceId: string;
  /** What the learner wrote, as plain text. */
  text: string;
  quote: Quote | null;
  /** Where in a video or podcast the learner was, in seconds. */
  mediaTime: number | null;
  /** Ids of the learning outcomes the learner says this reflection speaks to. */
  outcomeIds: string[];
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
export interface Draft {
  /** `courseId/resourceId`: one draft per resource. */
  key: string;
  courseId: string;
  sessionId: string;
  resourceId: string;
  text: string;
  quote: Quote | null;
  mediaTime: number | null;
  outcomeIds: string[];
  /** The reflection being edited, or null for a new one. */
  editingId: string | null;
  /** The `updatedAt` of the reflection being edited when editing began (to detect races). */
  baseUpdatedAt: string | null;
  /** The editor (one per overlay frame) that wrote it last; only it clears the draft. */
  owner: string;
  updatedAt: string;
}

/** What the learner has done with a resource. */
export interface Progress {
  /** `courseId/resourceId`. */
  key: string;
  courseId: string;
  sessionId: string;
  resourceId: string;
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

/** The last check of a resource's link (see `entrypoints/options/link-check.ts`), for the facilitator. */
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
 * The course as the facilitator keeps it (schema version 2), one record each. Kept apart from
 * the learner's settings so backups of reflections never carry a course pack.
 */
export interface CourseData {
  /** The pack a facilitator imported, or null: the bundled pack is current. */
  pack: { pack: Pack; importedAt: string } | null;
  /** The session a facilitator chose to show, overriding the pack's own choice. */
  currentSession: { courseId: string; sessionId: string } | null;
  learnedLinks: LearnedLinkRecord[];
  linkChecks: StoredLinkCheck[];
  pageDiffs: PageDiffRecord[];
}

/** The IndexedDB schema (see {@link upgrade} for how each version is laid down). */
export interface CompanionDB extends DBSchema {
  reflections: {
    key: string;
    value: Reflection;
    indexes: {
      /** `[courseId, resourceId]`: a reading's reflections. */
      'by-resource': [string, string];
      /** `[courseId, sessionId]`: a session's reflections. */
      'by-session': [string, string];
      /** `courseId`: the course's reflections (exports). */
      'by-course': string;
    };
  };
  drafts: { key: string; value: Draft };
  progress: {
    key: string;
    value: Progress;
    indexes: { 'by-session': [string, string] };
  };
  settings: {
    key: keyof Settings;
    value: { key: keyof Settings; value: Settings[keyof Settings] };
  };
  /** Since version 2. */
  course: {
    key: keyof CourseData;
    value: { key: keyof CourseData; value: CourseData[keyof CourseData] };
  };
}

/** An open database. */
export type CompanionDatabase = IDBPDatabase<CompanionDB>;

/** The key of a draft or progress record. */
export const resourceKey = (courseId: string, resourceId: string) => `${courseId}/${resourceId}`;

/**
 * Lay down or bring up the schema, one step per version, so a database of any earlier
 * version reaches {@link DB_VERSION} without losing a record. `newVersion` lets the tests
 * write a database exactly as an earlier version laid it down.
 */
export function upgrade(db: CompanionDatabase, oldVersion: number, newVersion = DB_VERSION): void {
  if (oldVersion < 1) {
    const reflections = db.createObjectStore('reflections', { keyPath: 'id' });
    reflections.createIndex('by-resource', ['courseId', 'resourceId']);
    reflections.createIndex('by-session', ['courseId', 'sessionId']);
    reflections.createIndex('by-course', 'courseId');
    db.createObjectStore('drafts', { keyPath: 'key' });
    const progress = db.createObjectStore('progress', { keyPath: 'key' });
    progress.createIndex('by-session', ['courseId', 'sessionId']);
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2 && newVersion >= 2) db.createObjectStore('course', { keyPath: 'key' });
}

/** Why the database could not be used, in words the UI can translate. */
export class DatabaseError extends Error {
  constructor(
    readonly code: 'db_blocked' | 'db_quota' | 'db_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Turn an IndexedDB failure into a {@link DatabaseError} the learner can be told about. */
export function toDatabaseError(e: unknown): DatabaseError {
  if (e instanceof DatabaseError) return e;
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError') return new DatabaseError('db_quota', message);
  return new DatabaseError('db_unavailable', message);
}

/** Options of {@link openCompanionDb}. */
export interface OpenOptions {
  /**
   * The connection closed under its owner: another copy (a newer version of the extension)
   * asked to upgrade, or the browser closed it. The owner drops it and opens again on next use.
   */
  onGone?: () => void;
}

/**
 * Open (and if need be create or upgrade) the database.
 *
 * - An upgrade blocked by another open copy fails with `db_blocked` instead of waiting for
 *   ever; if that open completes later (the other copy closed), the connection is closed at
 *   once, so it cannot block the next upgrade in its turn.
 * - When another copy asks to upgrade (`versionchange`), this connection closes so the upgrade
 *   proceeds, and `onGone` tells its owner.
 */
export async function openCompanionDb(
  name = DB_NAME,
  version = DB_VERSION,
  opts: OpenOptions = {},
): Promise<CompanionDatabase> {
  let refused = false;
  return new Promise<CompanionDatabase>((resolve, reject) => {
    openDB<CompanionDB>(name, version, {
      upgrade: (db, oldVersion) => {
        upgrade(db, oldVersion);
      },
      blocked: () => {
        refused = true;
        reject(new DatabaseError('db_blocked', 'an older copy of the database is still open'));
      },
      blocking: (_current, _next, event) => {
        (event.target as IDBDatabase).close();
        opts.onGone?.();
      },
      terminated: () => {
        opts.onGone?.();
      },
    }).then(
      (db) => {
        if (refused) db.close();
        else resolve(db);
      },
      (e: unknown) => {
        reject(toDatabaseError(e));
      },
    );
  });
}
