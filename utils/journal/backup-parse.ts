/**
 * Reading a backup file: a backup is untrusted input (it may be old, hand-edited, truncated or
 * someone else's), so {@link parseBackup} validates all of it, and gives each refusal a machine
 * code the UI translates. Pure: nothing is written here.
 */
import * as v from 'valibot';
import { issuePath } from '../protocol/issue-path';
import type { MessageKey } from '../i18n';
import {
  BACKUP_FORMAT,
  BACKUP_KIND,
  BACKUP_LIMITS,
  BackupSchema,
  SELECTORS_FORMAT,
  backupTooLarge,
  isPlainObject,
  type Backup,
} from './backup-format';
import { linkKey } from './backup-build';
import { withoutFragment } from '../protocol/page-text';

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
  // A whole backup of format 2 or later holds every course the learner has: it is theirs,
  // whichever course is current. A session's backup, or a format-1 backup, is of one course.
  const course = root.course;
  const everyCourse = root.format !== 1 && isWholeScope(root.scope);
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
  return { ok: true, backup: backup.format < SELECTORS_FORMAT ? withQuotePages(backup) : backup };
}

/**
 * A backup of formats 1–3, whose quotes kept no position and no page: the schema reads them
 * with no position (the quote's text and context still find the passage), and each
 * reflection's quote is given the page the reflection was written on, as the database's
 * version 4 does with stored quotes. A draft's page is not kept: its quote's stays unknown ('').
 */
function withQuotePages(backup: Backup): Backup {
  return {
    ...backup,
    reflections: backup.reflections.map((r) =>
      r.quote && r.quote.source === ''
        ? { ...r, quote: { ...r.quote, source: withoutFragment(r.pageUrl) } }
        : r,
    ),
  };
}

function isWholeScope(scope: unknown): boolean {
  return isPlainObject(scope) && scope.sessionId === null;
}

function checkRecords(backup: Backup): BackupError | null {
  const courseId = backup.course.id;
  const scope = backup.scope.sessionId;
  const everyCourse = backup.format !== 1 && scope === null;
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
  return (
    keyed('drafts', backup.drafts) ??
    keyed('progress', backup.progress) ??
    learnerLinks(backup.learnerLinks ?? [])
  );

  function learnerLinks(links: NonNullable<Backup['learnerLinks']>): BackupError | null {
    const seen = new Set<string>();
    for (const [i, l] of links.entries()) {
      const bad = place('learnerLinks', i, l);
      if (bad) return bad;
      const key = linkKey(l);
      if (seen.has(key))
        return error('duplicate_id', `learnerLinks[${i}].resourceId`, `two links for "${key}"`);
      seen.add(key);
    }
    return null;
  }
}

function fail(code: BackupErrorCode, path: string, detail: string): BackupResult {
  return { ok: false, error: error(code, path, detail) };
}

function error(code: BackupErrorCode, path: string, detail: string): BackupError {
  return { code, path, detail };
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
