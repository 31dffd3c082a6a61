/**
 * The learner's database: reflections, drafts, reading progress, settings and the pages the
 * learner linked as resources, in IndexedDB.
 * Only the background opens it: an embedded extension frame is refused IndexedDB, and a
 * content script's IndexedDB belongs to the web page. The records' shapes are those of
 * `utils/protocol/records.ts`; this module lays down where they are kept. Every write is one
 * transaction, so a failure leaves the database as it was.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type {
  CourseData,
  Draft,
  LearnerLinkRecord,
  Progress,
  Quote,
  Reflection,
  Settings,
} from '../../../utils/protocol/records';
import { withoutFragment } from '../../../utils/protocol/page-text';

/** The database's name. */
export const DB_NAME = 'reading-companion';
/** The schema version this build writes; {@link upgrade} brings any older database to it. */
export const DB_VERSION = 4;

/**
 * The key each course record is stored under. The facilitator's chosen session keeps the key
 * it was first stored with, `currentSession`: renaming a stored key would take a schema upgrade.
 */
export const COURSE_RECORD_KEYS = {
  pack: 'pack',
  chosenSession: 'currentSession',
  learnedLinks: 'learnedLinks',
  linkChecks: 'linkChecks',
  pageDiffs: 'pageDiffs',
  learnedSessions: 'learnedSessions',
  ignoredSessions: 'ignoredSessions',
  openedSession: 'openedSession',
} as const satisfies { readonly [K in keyof CourseData]: string };

/** The key a course record is stored under (see {@link COURSE_RECORD_KEYS}). */
export type CourseRecordKey = (typeof COURSE_RECORD_KEYS)[keyof CourseData];

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
    key: CourseRecordKey;
    value: { key: CourseRecordKey; value: CourseData[keyof CourseData] };
  };
  /**
   * Since version 3: the pages the learner linked, one per resource, keyed
   * `[courseId, resourceId]`. Learner data (in backups), apart from the facilitator's `course`.
   */
  learnerLinks: { key: [string, string]; value: LearnerLinkRecord };
}

/** An open database. */
export type CompanionDatabase = IDBPDatabase<CompanionDB>;

/** The version-change transaction an upgrade runs in: the only one that may rewrite records then. */
export type UpgradeTransaction = IDBPTransaction<
  CompanionDB,
  StoreNames<CompanionDB>[],
  'versionchange'
>;

/** The key of a draft or progress record. */
export const resourceKey = (courseId: string, resourceId: string) => `${courseId}/${resourceId}`;

/**
 * Lay down or bring up the schema, one step per version, so a database of any earlier
 * version reaches {@link DB_VERSION} without losing a record. `newVersion` lets the tests
 * write a database exactly as an earlier version laid it down; `tx` is the version-change
 * transaction, in which a step may rewrite stored records (version 4).
 */
export function upgrade(
  db: CompanionDatabase,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
): void {
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
  if (oldVersion < 3 && newVersion >= 3)
    db.createObjectStore('learnerLinks', { keyPath: ['courseId', 'resourceId'] });
  // A new database has no quotes to fill in.
  if (oldVersion >= 1 && oldVersion < 4 && newVersion >= 4) {
    // The walk is requests chained on the transaction, which stays open until they are done
    // and the open completes only after it: a failed write aborts it, and the open fails with
    // the database as it was. The promise's own rejection is that same failure, told there.
    fillQuoteSelectors(tx).catch(() => undefined);
  }
}

/**
 * Version 4: every stored quote gains the W3C selectors' fields the companion now keeps: no
 * position (it was never recorded: the quote's text and context still find the passage) and
 * its page, the reflection's own page (a draft's page is not stored: unknown, '').
 */
async function fillQuoteSelectors(tx: UpgradeTransaction): Promise<void> {
  for (let c = await tx.objectStore('reflections').openCursor(); c; c = await c.continue()) {
    const r = c.value;
    if (r.quote)
      await c.update({ ...r, quote: withSelectors(r.quote, withoutFragment(r.pageUrl)) });
  }
  for (let c = await tx.objectStore('drafts').openCursor(); c; c = await c.continue()) {
    const d = c.value;
    if (d.quote) await c.update({ ...d, quote: withSelectors(d.quote, '') });
  }
}

/** A quote as version 3 stored it (no `position`, no `source`), with both filled in. */
function withSelectors(
  q: Partial<Quote> & Pick<Quote, 'exact' | 'prefix' | 'suffix'>,
  source: string,
): Quote {
  return { ...q, position: q.position ?? null, source: q.source ?? source };
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
      upgrade: (db, oldVersion, _newVersion, tx) => {
        upgrade(db, oldVersion, DB_VERSION, tx);
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
