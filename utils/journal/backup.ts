/**
 * Backups of the learner's data: a versioned JSON file the learner keeps, and the import that
 * merges one back. A backup file is untrusted input (it may be old, hand-edited, truncated or
 * someone else's), so {@link parseBackup} validates all of it before anything is written, and
 * {@link applyImport} writes in one transaction, so an import happens whole or not at all.
 *
 * The file (format 1):
 *
 * ```text
 * { format: 1, kind: "reading-companion-backup", exportedAt,
 *   course: { id, packVersion }, scope: { sessionId | null },
 *   reflections: Reflection[], drafts: Draft[], progress: Progress[], settings: Partial<Settings> }
 * ```
 *
 * Records are those of `utils/protocol/records.ts`, field for field; times are as `Date#toISOString` writes
 * them (`2026-11-28T14:05:00.000Z`), so comparing two of them as strings compares the times.
 * Limits are in {@link BACKUP_LIMITS}. Texts are stored as written: HTML in a reflection is
 * the learner's text, not markup, and the UI shows it as text.
 */
import type { IDBPTransaction } from 'idb';
import * as v from 'valibot';
import { issuePath } from '../protocol/issue-path';
/** Re-exported for callers that check a time the way a backup does. */
export { isIsoTime } from '../protocol/schema-atoms';
import { ID_MAX, LIMITS } from '../protocol/limits';
import {
  CONTENT_ID,
  ISO_TIME,
  MEDIA_TIME,
  OUTCOME_IDS,
  PAGE_TITLE,
  PAGE_URL,
  QUOTE as QUOTE_FIELDS,
  RECORD_ID,
  TEXT,
} from '../protocol/schema-atoms';
import type { MessageKey } from '../i18n';
import {
  toDatabaseError,
  type CompanionDB,
  type CompanionDatabase,
} from '../../entrypoints/background/db/database';
import type { Draft, Progress, Reflection, Settings } from '../protocol/records';

/**
 * The backup format this build writes. It reads this one and format 1 (which held one course
 * only); a later format is refused, not guessed at.
 */
export const BACKUP_FORMAT = 2;
/** Marks a JSON file as one of our backups (and not, say, a course pack). */
export const BACKUP_KIND = 'reading-companion-backup';

/**
 * What a backup may hold: the limits every schema shares (utils/protocol/limits.ts), plus the file's
 * size. Generous for a learner and small enough that a hostile file cannot exhaust the browser.
 */
export const BACKUP_LIMITS = {
  /** The whole file, in UTF-8 bytes; checked before the file is parsed (see LIMITS.backupBytes). */
  maxBytes: LIMITS.backupBytes,
  text: LIMITS.text,
  quote: LIMITS.quote,
  quoteContext: LIMITS.quoteContext,
  title: LIMITS.pageTitle,
  url: LIMITS.url,
  /** A reflection id, draft owner or editing id. */
  id: ID_MAX,
  outcomeIds: LIMITS.outcomeIds,
  records: LIMITS.records,
  mediaTime: LIMITS.mediaTime,
} as const;

/** A backup file's content. */
export interface Backup {
  format: 1 | typeof BACKUP_FORMAT;
  kind: typeof BACKUP_KIND;
  /** When the backup was made (ISO time). */
  exportedAt: string;
  /** The course current when it was made, and the pack version it was made with. */
  course: { id: string; packVersion: string };
  /**
   * One session of that course (`sessionId`), or everything (`null`): in format 2, every
   * course in the database; in format 1, the whole of that one course.
   */
  scope: { sessionId: string | null };
  reflections: Reflection[];
  drafts: Draft[];
  progress: Progress[];
  settings: Partial<Settings>;
}

/** Machine codes for a refused backup; the UI translates them (see {@link backupErrorKey}). */
export const BACKUP_ERROR_CODES = [
  'too_large',
  'not_json',
  'truncated',
  'forbidden_key',
  'not_backup',
  'future_format',
  'other_course',
  'invalid',
  'duplicate_id',
] as const;
/** One of {@link BACKUP_ERROR_CODES}. */
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

/** Why a backup was refused. */
export interface BackupError {
  code: BackupErrorCode;
  /** Where, e.g. `reflections[3].text`; empty for the whole file. */
  path: string;
  /** What is wrong, in English, for developers and bug reports (not shown to learners). */
  detail: string;
}

/** The outcome of {@link parseBackup}. */
export type BackupResult = { ok: true; backup: Backup } | { ok: false; error: BackupError };

/** The message key that explains `code` to the learner. */
export function backupErrorKey(code: BackupErrorCode): MessageKey {
  return `backupError_${code}`;
}

// ---------------------------------------------------------------------------------------------
// Schema

// Every field is built from the shared atoms (utils/protocol/schema-atoms.ts), so what a backup
// accepts is exactly what the background accepts in a request: a restored reflection can be
// edited and deleted like any other.
const ID = CONTENT_ID;
const QUOTE = v.nullable(QUOTE_FIELDS);
const list = <T extends v.GenericSchema>(item: T) =>
  v.pipe(
    v.array(item),
    v.maxLength(BACKUP_LIMITS.records, `must hold at most ${BACKUP_LIMITS.records} records`),
  );

const ReflectionSchema = v.strictObject({
  id: RECORD_ID,
  courseId: ID,
  sessionId: ID,
  resourceId: ID,
  text: TEXT,
  quote: QUOTE,
  mediaTime: MEDIA_TIME,
  outcomeIds: OUTCOME_IDS,
  pageUrl: PAGE_URL,
  pageTitle: PAGE_TITLE,
  createdAt: ISO_TIME,
  updatedAt: ISO_TIME,
  deletedAt: v.nullable(ISO_TIME),
});

const DraftSchema = v.strictObject({
  key: v.string(),
  courseId: ID,
  sessionId: ID,
  resourceId: ID,
  text: TEXT,
  quote: QUOTE,
  mediaTime: MEDIA_TIME,
  outcomeIds: OUTCOME_IDS,
  editingId: v.nullable(RECORD_ID),
  baseUpdatedAt: v.nullable(ISO_TIME),
  owner: RECORD_ID,
  updatedAt: ISO_TIME,
});

const ProgressSchema = v.strictObject({
  key: v.string(),
  courseId: ID,
  sessionId: ID,
  resourceId: ID,
  firstOpenedAt: v.nullable(ISO_TIME),
  lastOpenedAt: v.nullable(ISO_TIME),
  doneAt: v.nullable(ISO_TIME),
});

const SettingsSchema = v.strictObject({
  overlay: v.optional(
    v.strictObject({ side: v.picklist(['left', 'right']), expanded: v.boolean() }),
  ),
  lastExportAt: v.optional(v.nullable(ISO_TIME)),
});

const BackupSchema = v.strictObject({
  format: v.picklist([1, BACKUP_FORMAT], `must be 1 or ${BACKUP_FORMAT}`),
  kind: v.literal(BACKUP_KIND),
  exportedAt: ISO_TIME,
  course: v.strictObject({
    id: ID,
    packVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.packVersion)),
  }),
  scope: v.strictObject({ sessionId: v.nullable(ID) }),
  reflections: list(ReflectionSchema),
  drafts: list(DraftSchema),
  progress: list(ProgressSchema),
  settings: SettingsSchema,
});

// The schemas must describe the database's records exactly, or a field would be lost (or a
// valid record refused) on the way through a file. This fails to compile if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _SchemasMatchRecords = [
  Assert<Same<v.InferOutput<typeof ReflectionSchema>, Reflection>>,
  Assert<Same<v.InferOutput<typeof DraftSchema>, Draft>>,
  Assert<Same<v.InferOutput<typeof ProgressSchema>, Progress>>,
  Assert<Same<v.InferOutput<typeof BackupSchema>, Backup>>,
];

// ---------------------------------------------------------------------------------------------
// Building and parsing

/** The learner's data as read from the database. */
export interface BackupData {
  reflections: readonly Reflection[];
  drafts: readonly Draft[];
  progress: readonly Progress[];
  settings: Partial<Settings>;
}

/** What a backup is of, and when it is made. */
export interface BackupOptions {
  courseId: string;
  packVersion: string;
  /** One session, or `null` for the whole course. */
  sessionId: string | null;
  now: Date;
}

/**
 * Make a backup of `data`: every record of every course (a whole backup: a pack of another
 * course must not make the learner's other words drop out of it), or only the course's
 * records of one session. Sorted by id so two backups of the same data are the same file.
 * Deleted reflections are left out: the learner deleted those words, and a file they keep
 * or share must not carry them (a deletion does not change `updatedAt`, so a tombstone would
 * not win a merge anyway; a later sync format may carry text-free tombstones). Each record is
 * copied field by field, so a stray property on a stored record cannot make the backup fail
 * its own schema on the way back in.
 */
export function buildBackup(data: BackupData, opts: BackupOptions): Backup {
  const inScope = (r: { courseId: string; sessionId: string }) =>
    opts.sessionId === null || (r.courseId === opts.courseId && r.sessionId === opts.sessionId);
  const settings: Partial<Settings> = {};
  if (data.settings.overlay)
    settings.overlay = {
      side: data.settings.overlay.side,
      expanded: data.settings.overlay.expanded,
    };
  if (data.settings.lastExportAt !== undefined) settings.lastExportAt = data.settings.lastExportAt;
  return {
    format: BACKUP_FORMAT,
    kind: BACKUP_KIND,
    exportedAt: opts.now.toISOString(),
    course: { id: opts.courseId, packVersion: opts.packVersion },
    scope: { sessionId: opts.sessionId },
    reflections: data.reflections
      .filter((r) => r.deletedAt === null && inScope(r))
      .map(copyReflection)
      .sort((a, b) => compare(a.id, b.id)),
    drafts: data.drafts
      .filter(inScope)
      .map(copyDraft)
      .sort((a, b) => compare(a.key, b.key)),
    progress: data.progress
      .filter(inScope)
      .map(copyProgress)
      .sort((a, b) => compare(a.key, b.key)),
    settings,
  };
}

/**
 * The backup as the text of a `.json` file: compact (indenting made an 18 MB journal 21.6 MB,
 * over the import limit). See {@link backupTooLarge} before handing it out.
 */
export function backupToJson(backup: Backup): string {
  return `${JSON.stringify(backup)}\n`;
}

/** True when `json` is larger than an import accepts: such a file must not be written. */
export function backupTooLarge(json: string, maxBytes: number = BACKUP_LIMITS.maxBytes): boolean {
  return json.length > maxBytes || utf8Length(json, maxBytes) > maxBytes;
}

/** Options of {@link parseBackup}. */
export interface ParseBackupOptions {
  /** The course being restored into; a backup of another course is refused. */
  courseId: string;
  /** Refuse a larger file without parsing it; defaults to {@link BACKUP_LIMITS}.maxBytes. */
  maxBytes?: number;
}

/** Keys that would reach an object's prototype if the data were ever merged with spread-like code. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Read a backup file's text, validating all of it: size, JSON, forbidden keys, kind, format,
 * course, every field, then the rules between records (unique ids, keys that match their
 * record, records of the backup's course and scope). Nothing is written; a caller writes only
 * an `ok` result. The checks run in that order, so the first failure's code is the most
 * useful one (a backup of another course says so, rather than naming a field).
 *
 * A caller holding a `File` should also refuse `file.size > maxBytes` before reading it.
 */
export function parseBackup(text: string, opts: ParseBackupOptions): BackupResult {
  const maxBytes = opts.maxBytes ?? BACKUP_LIMITS.maxBytes;
  // Each UTF-16 unit is at least one UTF-8 byte, so a long string is refused without a scan,
  // and a file over the limit is never handed to JSON.parse.
  if (backupTooLarge(text, maxBytes))
    return fail('too_large', '', `the file is larger than ${maxBytes} bytes`);

  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return looksCutShort(text)
      ? fail('truncated', '', `the file ends before its JSON does (${why})`)
      : fail('not_json', '', `the file is not JSON (${why})`);
  }

  const forbidden = findForbiddenKey(root);
  if (forbidden !== null)
    return fail(
      'forbidden_key',
      forbidden,
      'keys named __proto__, constructor or prototype are refused',
    );

  if (!isPlainObject(root) || root.kind !== BACKUP_KIND)
    return fail(
      'not_backup',
      isPlainObject(root) ? 'kind' : '',
      `not a backup (kind must be "${BACKUP_KIND}")`,
    );
  if (
    typeof root.format === 'number' &&
    Number.isInteger(root.format) &&
    root.format > BACKUP_FORMAT
  )
    return fail(
      'future_format',
      'format',
      `format ${root.format} is newer than this version reads (${BACKUP_FORMAT})`,
    );
  // A whole backup of format 2 holds every course the learner has: it is theirs, whichever
  // course is current. A session's backup, or a format-1 backup, is of one course: this one.
  const course = root.course;
  const everyCourse = root.format === BACKUP_FORMAT && isWholeScope(root.scope);
  if (
    !everyCourse &&
    isPlainObject(course) &&
    typeof course.id === 'string' &&
    course.id !== opts.courseId
  )
    return fail('other_course', 'course.id', `a backup of "${course.id}", not "${opts.courseId}"`);

  const parsed = v.safeParse(BackupSchema, root, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return fail('invalid', issuePath(issue), issue.message);
  }
  const backup = parsed.output;
  const problem = checkRecords(backup);
  if (problem) return { ok: false, error: problem };
  return { ok: true, backup };
}

function isWholeScope(scope: unknown): boolean {
  return isPlainObject(scope) && scope.sessionId === null;
}

function checkRecords(backup: Backup): BackupError | null {
  const courseId = backup.course.id;
  const scope = backup.scope.sessionId;
  const everyCourse = backup.format === BACKUP_FORMAT && scope === null;
  type Placed = { courseId: string; sessionId: string; resourceId: string };
  const place = (list: string, i: number, r: Placed): BackupError | null => {
    if (!everyCourse && r.courseId !== courseId)
      return error(
        'other_course',
        `${list}[${i}].courseId`,
        `belongs to "${r.courseId}", not "${courseId}"`,
      );
    if (scope !== null && r.sessionId !== scope)
      return error('invalid', `${list}[${i}].sessionId`, `outside the backup's scope "${scope}"`);
    return null;
  };
  const keyed = (list: 'drafts' | 'progress', records: readonly (Placed & { key: string })[]) => {
    const seen = new Set<string>();
    for (const [i, r] of records.entries()) {
      const bad = place(list, i, r);
      if (bad) return bad;
      if (r.key !== `${r.courseId}/${r.resourceId}`)
        return error('invalid', `${list}[${i}].key`, 'must be courseId/resourceId');
      if (seen.has(r.key))
        return error('duplicate_id', `${list}[${i}].key`, `duplicate key "${r.key}"`);
      seen.add(r.key);
    }
    return null;
  };

  const ids = new Set<string>();
  for (const [i, r] of backup.reflections.entries()) {
    const bad = place('reflections', i, r);
    if (bad) return bad;
    if (ids.has(r.id))
      return error('duplicate_id', `reflections[${i}].id`, `duplicate id "${r.id}"`);
    ids.add(r.id);
  }
  return keyed('drafts', backup.drafts) ?? keyed('progress', backup.progress);
}

// ---------------------------------------------------------------------------------------------
// Merging

/** What is already in the database, for the course being imported into. */
export interface ExistingData {
  reflections: readonly Reflection[];
  drafts: readonly Draft[];
  progress: readonly Progress[];
  /** Stored settings; absent means none are stored. */
  settings?: Partial<Settings>;
}

/** What an import will write, and counts for the learner. Each array is written with `put`. */
export interface ImportPlan {
  /** Reflections not in the database. */
  add: Reflection[];
  /** Stored reflections replaced by the backup's newer copy. */
  update: Reflection[];
  /** Copies kept so that no words are lost when two copies both changed (see {@link planImport}). */
  conflicts: Reflection[];
  /** Backup reflections the database already holds exactly (nothing to write). */
  unchanged: number;
  /** Backup reflections older than the stored copy, which is kept (nothing to write but a conflict copy, if any). */
  keptLocal: number;
  /** Merged progress records that differ from the stored ones. */
  progress: Progress[];
  /** Drafts newer than the stored ones. */
  drafts: Draft[];
  /** Settings to store. */
  settings: Partial<Settings>;
}

const CONFLICT_MARK = '--conflict-';
const CONFLICT_ID = /--conflict-\d{17}(?:-\d+)?$/;

/**
 * True when `id` is a copy {@link planImport} kept in a conflict, so the UI can label it; the
 * reflection it conflicted with has id {@link conflictOriginalId}.
 */
export function isConflictCopy(id: string): boolean {
  return CONFLICT_ID.test(id);
}

/** The id of the reflection a conflict copy was split from (the id itself if it is not one). */
export function conflictOriginalId(id: string): string {
  return id.replace(CONFLICT_ID, '');
}

/**
 * `original` + `suffix`, within the id limit: an original too long to take the suffix is cut
 * and marked with a hash of the whole of it, so two long ids that share a start still get
 * different copies. (Such a copy's {@link conflictOriginalId} is then the cut id, not the
 * original: it only labels the copy.)
 */
function conflictId(original: string, suffix: string): string {
  if (original.length + suffix.length <= ID_MAX) return `${original}${suffix}`;
  const mark = `-${fnv1a(original)}`;
  return `${original.slice(0, ID_MAX - suffix.length - mark.length)}${mark}${suffix}`;
}

/** A 32-bit FNV-1a hash as 8 hex digits: short, stable, and enough to tell ids apart. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Plan the merge of `backup` into `existing`, without writing. Reflections merge by id:
 *
 * - not stored → **add**;
 * - stored exactly the same → **unchanged** (so importing a file twice writes nothing);
 * - different → the copy with the later `updatedAt` wins its id (**update** if it is the
 *   backup's, **keptLocal** if it is the stored one; on a tie the stored copy wins). With no
 *   revision history we cannot tell an older version from a parallel edit, so the loser's
 *   words are never dropped: if its `text` or quoted passage differs from the winner's and it
 *   is not deleted, it is also kept as a **conflict** copy, a reflection with all its own
 *   fields and the id `<id>--conflict-<its updatedAt as 17 digits>` (see
 *   {@link isConflictCopy}; a long id is cut to keep the copy's within the id limit). The id is derived, not random, so a second import finds the copy
 *   already there. A loser that differs only in other fields (deletion, outcomes, media time,
 *   page title) is replaced without a copy. (A stored reflection of another course with the
 *   same id is left alone, and the backup's is added under a conflict id.)
 *
 * Progress merges field by field: earliest `firstOpenedAt`, latest `lastOpenedAt`, and
 * `doneAt` kept if either copy has one (the earliest), so "not done" on one side does not undo
 * "done" on the other. Drafts: the later `updatedAt` wins (a tie keeps the stored one).
 * Settings: the overlay's place is taken from the backup only if none is stored (this browser's
 * layout is the learner's latest choice here); `lastExportAt` becomes the later of the two.
 */
export function planImport(existing: ExistingData, backup: Backup): ImportPlan {
  const plan: ImportPlan = {
    add: [],
    update: [],
    conflicts: [],
    unchanged: 0,
    keptLocal: 0,
    progress: [],
    drafts: [],
    settings: {},
  };
  const local = new Map(existing.reflections.map((r) => [r.id, r]));
  const taken = new Set(local.keys());
  for (const r of backup.reflections) taken.add(r.id);

  const keepCopy = (loser: Reflection, winner: Reflection | null) => {
    if (winner && (loser.deletedAt !== null || sameWords(loser, winner))) return;
    const original = conflictOriginalId(loser.id);
    const stamp = loser.updatedAt.replace(/\D/g, '');
    for (let n = 1; ; n++) {
      const id = conflictId(original, `${CONFLICT_MARK}${stamp}${n === 1 ? '' : `-${n}`}`);
      const copy = { ...loser, id };
      const there = local.get(id);
      if (there && deepEqual(there, copy)) return; // kept by an earlier import
      if (!taken.has(id)) {
        taken.add(id);
        plan.conflicts.push(copy);
        return;
      }
    }
  };

  for (const incoming of backup.reflections) {
    const stored = local.get(incoming.id);
    if (!stored) plan.add.push(incoming);
    // Ids are unique across courses; never overwrite another course's reflection.
    else if (stored.courseId !== incoming.courseId) keepCopy(incoming, null);
    else if (deepEqual(stored, incoming)) plan.unchanged++;
    else if (incoming.updatedAt > stored.updatedAt) {
      plan.update.push(incoming);
      keepCopy(stored, incoming);
    } else {
      plan.keptLocal++;
      keepCopy(incoming, stored);
    }
  }

  const progress = new Map(existing.progress.map((p) => [p.key, p]));
  for (const incoming of backup.progress) {
    const stored = progress.get(incoming.key);
    const merged: Progress = stored
      ? {
          ...stored,
          firstOpenedAt: earliest(stored.firstOpenedAt, incoming.firstOpenedAt),
          lastOpenedAt: latest(stored.lastOpenedAt, incoming.lastOpenedAt),
          doneAt: earliest(stored.doneAt, incoming.doneAt),
        }
      : incoming;
    if (!stored || !deepEqual(stored, merged)) plan.progress.push(merged);
  }

  const drafts = new Map(existing.drafts.map((d) => [d.key, d]));
  for (const incoming of backup.drafts) {
    const stored = drafts.get(incoming.key);
    if (!stored || incoming.updatedAt > stored.updatedAt) plan.drafts.push(incoming);
  }

  const mine = existing.settings ?? {};
  const theirs = backup.settings;
  if (theirs.overlay && !mine.overlay) plan.settings.overlay = theirs.overlay;
  if (theirs.lastExportAt !== undefined) {
    const later = latest(mine.lastExportAt ?? null, theirs.lastExportAt);
    if (mine.lastExportAt === undefined || later !== mine.lastExportAt)
      plan.settings.lastExportAt = later;
  }
  return plan;
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: ImportPlan): boolean {
  return (
    plan.add.length +
      plan.update.length +
      plan.conflicts.length +
      plan.progress.length +
      plan.drafts.length ===
      0 && Object.keys(plan.settings).length === 0
  );
}

// ---------------------------------------------------------------------------------------------
// Writing

type StoreName = 'reflections' | 'drafts' | 'progress' | 'settings';
type WriteTx = IDBPTransaction<CompanionDB, StoreName[], 'readwrite'>;

/**
 * Write a plan in ONE readwrite transaction over the stores it touches: if any write fails,
 * the transaction is aborted and nothing is written. Fails with a `DatabaseError`.
 */
export async function applyImport(db: CompanionDatabase, plan: ImportPlan): Promise<void> {
  const stores = storesOf(plan);
  if (stores.length === 0) return;
  await writePlan(db.transaction(stores, 'readwrite'), plan);
}

/**
 * Read what is stored, plan the merge and write it, all in one transaction, so nothing the
 * learner saves in another tab meanwhile is overwritten by a stale plan. Returns the plan
 * (for the counts). Use this to import; {@link planImport} alone previews.
 */
export async function importBackup(db: CompanionDatabase, backup: Backup): Promise<ImportPlan> {
  const tx: WriteTx = db.transaction(
    ['reflections', 'drafts', 'progress', 'settings'],
    'readwrite',
  );
  let plan: ImportPlan;
  try {
    // Every course's reflections, not only this one's: ids are unique across the store, and
    // a clash with another course's reflection must be seen to be avoided.
    const [reflections, drafts, progress, settingRecords] = await Promise.all([
      tx.objectStore('reflections').getAll(),
      tx.objectStore('drafts').getAll(),
      tx.objectStore('progress').getAll(),
      tx.objectStore('settings').getAll(),
    ]);
    const settings: Partial<Settings> = {};
    for (const rec of settingRecords) Object.assign(settings, { [rec.key]: rec.value });
    plan = planImport({ reflections, drafts, progress, settings }, backup);
  } catch (e) {
    abortQuietly(tx);
    await tx.done.catch(() => undefined);
    throw toDatabaseError(e);
  }
  await writePlan(tx, plan);
  return plan;
}

async function writePlan(tx: WriteTx, plan: ImportPlan): Promise<void> {
  const pending: Promise<unknown>[] = [];
  try {
    for (const r of [...plan.add, ...plan.update, ...plan.conflicts])
      pending.push(tx.objectStore('reflections').put(r));
    for (const p of plan.progress) pending.push(tx.objectStore('progress').put(p));
    for (const d of plan.drafts) pending.push(tx.objectStore('drafts').put(d));
    const { overlay, lastExportAt } = plan.settings;
    if (overlay) pending.push(tx.objectStore('settings').put({ key: 'overlay', value: overlay }));
    if (lastExportAt !== undefined)
      pending.push(tx.objectStore('settings').put({ key: 'lastExportAt', value: lastExportAt }));
    await Promise.all([...pending, tx.done]);
  } catch (e) {
    // A record IndexedDB cannot store throws at once; the puts already queued are undone by
    // the abort. Their promises reject too, and are awaited so none goes unhandled.
    abortQuietly(tx);
    await Promise.allSettled([...pending, tx.done]);
    throw toDatabaseError(e);
  }
}

function storesOf(plan: ImportPlan): StoreName[] {
  const out: StoreName[] = [];
  if (plan.add.length + plan.update.length + plan.conflicts.length > 0) out.push('reflections');
  if (plan.drafts.length > 0) out.push('drafts');
  if (plan.progress.length > 0) out.push('progress');
  if (Object.keys(plan.settings).length > 0) out.push('settings');
  return out;
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already aborted (a failed request aborts it) or finished.
  }
}

// ---------------------------------------------------------------------------------------------
// File names

/**
 * A file name for a backup or export, safe on every file system:
 * `seize-fse_session-6_2026-11-28.json`, or `seize-fse_all-sessions_2026-11-28.json` for
 * the whole course. `date` is a `YYYY-MM-DD` string (the learner's local date) or a `Date`,
 * read in local time.
 */
export function backupFileName(opts: {
  courseId: string;
  sessionId: string | null;
  date: string | Date;
  ext?: string;
}): string {
  const day =
    typeof opts.date === 'string'
      ? opts.date
      : `${opts.date.getFullYear()}-${pad(opts.date.getMonth() + 1)}-${pad(opts.date.getDate())}`;
  const parts = [opts.courseId, opts.sessionId ?? 'all-sessions', day].map((p) => safePart(p, 64));
  const ext = safePart(opts.ext ?? 'json', 8) || 'json';
  return `${parts.map((p) => p || 'x').join('_')}.${ext}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function fail(code: BackupErrorCode, path: string, detail: string): BackupResult {
  return { ok: false, error: error(code, path, detail) };
}

function error(code: BackupErrorCode, path: string, detail: string): BackupError {
  return { code, path, detail };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The path of the first forbidden key, or null. Iterative, so deep nesting cannot overflow. */
function findForbiddenKey(root: unknown): string | null {
  const stack: [unknown, string][] = [[root, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return path ? `${path}.${key}` : key;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push([value[key], path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/** UTF-8 length of `s`, counting no further than just past `stop`. */
function utf8Length(s: string, stop: number): number {
  let bytes = 0;
  for (let i = 0; i < s.length && bytes <= stop; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 per half.
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return bytes;
}

/** True when unparsable JSON ends inside a string or with brackets still open: cut short. */
function looksCutShort(s: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

function sameWords(a: Reflection, b: Reflection): boolean {
  return a.text === b.text && (a.quote?.exact ?? null) === (b.quote?.exact ?? null);
}

/** Structural equality of JSON-like values (records hold only strings, numbers, arrays, objects). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function earliest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a <= b ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a >= b ? a : b;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function safePart(s: string, max: number): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max);
}

function copyReflection(r: Reflection): Reflection {
  return {
    id: r.id,
    courseId: r.courseId,
    sessionId: r.sessionId,
    resourceId: r.resourceId,
    text: r.text,
    quote: r.quote && { exact: r.quote.exact, prefix: r.quote.prefix, suffix: r.quote.suffix },
    mediaTime: r.mediaTime,
    outcomeIds: [...r.outcomeIds],
    pageUrl: r.pageUrl,
    pageTitle: r.pageTitle,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deletedAt: r.deletedAt,
  };
}

function copyDraft(d: Draft): Draft {
  return {
    key: d.key,
    courseId: d.courseId,
    sessionId: d.sessionId,
    resourceId: d.resourceId,
    text: d.text,
    quote: d.quote && { exact: d.quote.exact, prefix: d.quote.prefix, suffix: d.quote.suffix },
    mediaTime: d.mediaTime,
    outcomeIds: [...d.outcomeIds],
    editingId: d.editingId,
    baseUpdatedAt: d.baseUpdatedAt,
    owner: d.owner,
    updatedAt: d.updatedAt,
  };
}

function copyProgress(p: Progress): Progress {
  return {
    key: p.key,
    courseId: p.courseId,
    sessionId: p.sessionId,
    resourceId: p.resourceId,
    firstOpenedAt: p.firstOpenedAt,
    lastOpenedAt: p.lastOpenedAt,
    doneAt: p.doneAt,
  };
}
