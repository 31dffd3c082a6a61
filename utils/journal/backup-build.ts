/**
 * Making a backup: the learner's records as read from the database, turned into the file they
 * keep (its format is in `backup-format.ts`). Pure: the caller reads the database and hands
 * the text out.
 */
import { BACKUP_FORMAT, BACKUP_KIND, type Backup } from './backup-format';
import type {
  Draft,
  LearnerLinkRecord,
  Progress,
  Quote,
  Reflection,
  Settings,
} from '../protocol/records';

/** The learner's data as read from the database. */
export interface BackupData {
  reflections: readonly Reflection[];
  drafts: readonly Draft[];
  progress: readonly Progress[];
  settings: Partial<Settings>;
  /** The pages the learner linked as resources (absent: none). */
  learnerLinks?: readonly LearnerLinkRecord[];
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
 * records of one session. Sorted by id (learner links by course and resource) so two backups of the same data are the same file.
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
  if (data.settings.showQuotes !== undefined) settings.showQuotes = data.settings.showQuotes;
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
    learnerLinks: (data.learnerLinks ?? [])
      .filter(inScope)
      .map(copyLearnerLink)
      .sort((a, b) => compare(linkKey(a), linkKey(b))),
  };
}

/** A learner link's place: one per resource of a course. */
export const linkKey = (l: { courseId: string; resourceId: string }): string =>
  `${l.courseId}/${l.resourceId}`;

/**
 * The backup as the text of a `.json` file: compact (indenting made an 18 MB journal 21.6 MB,
 * over the import limit). See `backupTooLarge` (backup-format.ts) before handing it out.
 */
export function backupToJson(backup: Backup): string {
  return `${JSON.stringify(backup)}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copyQuote(q: Quote): Quote {
  return {
    exact: q.exact,
    prefix: q.prefix,
    suffix: q.suffix,
    position: q.position && { start: q.position.start, end: q.position.end },
    source: q.source,
  };
}

function copyReflection(r: Reflection): Reflection {
  return {
    id: r.id,
    courseId: r.courseId,
    sessionId: r.sessionId,
    resourceId: r.resourceId,
    text: r.text,
    quote: r.quote && copyQuote(r.quote),
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
    quote: d.quote && copyQuote(d.quote),
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

function copyLearnerLink(l: LearnerLinkRecord): LearnerLinkRecord {
  return {
    courseId: l.courseId,
    sessionId: l.sessionId,
    resourceId: l.resourceId,
    link: l.link,
    linkedAt: l.linkedAt,
  };
}
