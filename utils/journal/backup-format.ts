/**
 * The backup file's format: a versioned JSON file the learner keeps. A backup file is untrusted
 * input (it may be old, hand-edited, truncated or someone else's), so every field is described
 * here by a schema, and `backup-parse.ts` checks all of it before anything is written.
 *
 * The file (format 4; format 3 had no quote selectors (`position`, `source`), format 2 no
 * `learnerLinks`, and format 1 held one course only):
 *
 * ```text
 * { format: 4, kind: "reading-companion-backup", exportedAt,
 *   course: { id, packVersion }, scope: { sessionId | null },
 *   reflections: Reflection[], drafts: Draft[], progress: Progress[], settings: Partial<Settings>,
 *   learnerLinks: LearnerLinkRecord[] }
 * ```
 *
 * Records are those of the database, field for field; times are as `Date#toISOString` writes
 * them (`2026-11-28T14:05:00.000Z`), so comparing two of them as strings compares the times.
 * Limits are in {@link BACKUP_LIMITS}. Texts are stored as written: HTML in a reflection is
 * the learner's text, not markup, and the UI shows it as text.
 */
import * as v from 'valibot';
import { ID_MAX, LIMITS } from '../protocol/limits';
import {
  CONTENT_ID,
  ISO_TIME,
  LEARNER_LINK,
  MEDIA_TIME,
  OUTCOME_IDS,
  PAGE_TITLE,
  PAGE_URL,
  QUOTE as QUOTE_FIELDS,
  RECORD_ID,
  TEXT,
} from '../protocol/schema-atoms';
import type { Draft, LearnerLinkRecord, Progress, Reflection, Settings } from '../protocol/records';

/**
 * The backup format this build writes. It reads this one, format 3 (quotes without their
 * position and page: read as unknown and the reflection's page, `backup-parse.ts`), format 2
 * (no learner links) and format 1 (which held one course only); a later format is refused,
 * not guessed at.
 */
export const BACKUP_FORMAT = 4;
/** Every format this build reads. */
export const BACKUP_FORMATS = [1, 2, 3, BACKUP_FORMAT] as const;
/** The first format whose quotes carry their position and page (`Quote.position`, `source`). */
export const SELECTORS_FORMAT = 4;
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
  format: (typeof BACKUP_FORMATS)[number];
  kind: typeof BACKUP_KIND;
  /** When the backup was made (ISO time). */
  exportedAt: string;
  /** The course current when it was made, and the pack version it was made with. */
  course: { id: string; packVersion: string };
  /**
   * One session of that course (`sessionId`), or everything (`null`): from format 2 on, every
   * course in the database; in format 1, the whole of that one course.
   */
  scope: { sessionId: string | null };
  reflections: Reflection[];
  drafts: Draft[];
  progress: Progress[];
  settings: Partial<Settings>;
  /** The pages the learner linked as resources (format 3; absent before). */
  learnerLinks?: LearnerLinkRecord[];
}

/** True when `json` is larger than an import accepts: such a file must not be written. */
export function backupTooLarge(json: string, maxBytes: number = BACKUP_LIMITS.maxBytes): boolean {
  return json.length > maxBytes || utf8Length(json, maxBytes) > maxBytes;
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

/** True for an object that is neither null nor an array: a JSON object once parsed. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
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

/** One record of a backup (also how sync checks a remote document's record). */
export const ReflectionSchema = v.strictObject({
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

/** One record of a backup (also how sync checks a remote document's record). */
export const ProgressSchema = v.strictObject({
  key: v.string(),
  courseId: ID,
  sessionId: ID,
  resourceId: ID,
  firstOpenedAt: v.nullable(ISO_TIME),
  lastOpenedAt: v.nullable(ISO_TIME),
  doneAt: v.nullable(ISO_TIME),
});

/** One record of a backup (also how sync checks a remote document's record). */
export const SettingsSchema = v.strictObject({
  overlay: v.optional(
    v.strictObject({ side: v.picklist(['left', 'right']), expanded: v.boolean() }),
  ),
  lastExportAt: v.optional(v.nullable(ISO_TIME)),
  /** Format 4 on (optional in it too: absent, the importing browser keeps its own). */
  showQuotes: v.optional(v.boolean()),
});

/** One record of a backup (also how sync checks a remote document's record). */
export const LearnerLinkSchema = v.strictObject({
  courseId: ID,
  sessionId: ID,
  resourceId: ID,
  link: LEARNER_LINK,
  linkedAt: ISO_TIME,
});

/** The whole file, as `parseBackup` (backup-parse.ts) checks it. */
export const BackupSchema = v.strictObject({
  format: v.picklist(BACKUP_FORMATS, `must be ${BACKUP_FORMATS.join(', ')}`),
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
  learnerLinks: v.optional(list(LearnerLinkSchema)),
});

// The schemas must describe the database's records exactly, or a field would be lost (or a
// valid record refused) on the way through a file. This fails to compile if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _SchemasMatchRecords = [
  Assert<Same<v.InferOutput<typeof ReflectionSchema>, Reflection>>,
  Assert<Same<v.InferOutput<typeof DraftSchema>, Draft>>,
  Assert<Same<v.InferOutput<typeof ProgressSchema>, Progress>>,
  Assert<Same<v.InferOutput<typeof LearnerLinkSchema>, LearnerLinkRecord>>,
  Assert<Same<v.InferOutput<typeof BackupSchema>, Backup>>,
];
