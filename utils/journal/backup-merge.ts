/**
 * Merging a backup into what is stored: {@link planImport} works out what an import would
 * write, without writing, so the learner sees the counts before anything changes; the writes
 * are the background's (entrypoints/background/db/backup-import.ts). Pure.
 */
import { ID_MAX } from '../protocol/limits';
import { isPlainObject, type Backup } from './backup-format';
import type { Draft, LearnerLinkRecord, Progress, Reflection, Settings } from '../protocol/records';
import { linkKey } from './backup-build';

/** What is already in the database, for the course being imported into. */
export interface ExistingData {
  reflections: readonly Reflection[];
  drafts: readonly Draft[];
  progress: readonly Progress[];
  /** Stored settings; absent means none are stored. */
  settings?: Partial<Settings>;
  /** The learner's stored links; absent means none are stored. */
  learnerLinks?: readonly LearnerLinkRecord[];
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
  /** The learner's links to store: new, or newer than the stored link of their resource. */
  learnerLinks: LearnerLinkRecord[];
}

/** A plan that writes nothing: what an import starts from. */
export const emptyImportPlan = (): ImportPlan => ({
  add: [],
  update: [],
  conflicts: [],
  unchanged: 0,
  keptLocal: 0,
  progress: [],
  drafts: [],
  settings: {},
  learnerLinks: [],
});

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
 *   page title, or the quote's position and page) is replaced without a copy. The winner keeps
 *   the quote's position and page the loser knew, for the same passage, when it has none (a
 *   stored copy that gains them this way counts as an **update**). (A stored reflection of
 *   another course with the same id is left alone, and the backup's is added under a
 *   conflict id.)
 *
 * Progress merges field by field: earliest `firstOpenedAt`, latest `lastOpenedAt`, and
 * `doneAt` kept if either copy has one (the earliest), so "not done" on one side does not undo
 * "done" on the other. Drafts: the later `updatedAt` wins (a tie keeps the stored one).
 * Settings: the overlay's place and "Show my quotes" are taken from the backup only if none is
 * stored (this browser's choice is the learner's latest here); `lastExportAt` becomes the later
 * of the two.
 * The learner's links: one per resource, the later `linkedAt` wins (a tie keeps the stored one).
 */
export function planImport(existing: ExistingData, backup: Backup): ImportPlan {
  const plan = emptyImportPlan();
  const local = new Map(existing.reflections.map((r) => [r.id, r]));
  const taken = new Set(local.keys());
  const incoming = new Map(backup.reflections.map((r) => [r.id, r]));
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
      // The backup brings the very copy (the other device kept it when it met this version).
      const coming = id === loser.id ? undefined : incoming.get(id);
      if (coming && deepEqual(coming, copy)) return;
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
      plan.update.push(withSelectorsOf(incoming, stored));
      keepCopy(stored, incoming);
    } else {
      const kept = withSelectorsOf(stored, incoming);
      if (kept === stored) plan.keptLocal++;
      else plan.update.push(kept);
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

  const links = new Map((existing.learnerLinks ?? []).map((l) => [linkKey(l), l]));
  for (const incoming of backup.learnerLinks ?? []) {
    const stored = links.get(linkKey(incoming));
    if (!stored || incoming.linkedAt > stored.linkedAt) plan.learnerLinks.push(incoming);
  }

  const mine = existing.settings ?? {};
  const theirs = backup.settings;
  if (theirs.overlay && !mine.overlay) plan.settings.overlay = theirs.overlay;
  if (theirs.showQuotes !== undefined && mine.showQuotes === undefined)
    plan.settings.showQuotes = theirs.showQuotes;
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
      plan.drafts.length +
      plan.learnerLinks.length ===
      0 && Object.keys(plan.settings).length === 0
  );
}

/**
 * `winner`, with what the other copy knows of where the same passage is: its position and
 * page, when the winner's quote has the same text and lacks them (a copy made before format 4,
 * or before the companion found the passage again). `winner` itself when there is nothing to
 * add, so a merge that learns nothing writes nothing.
 */
function withSelectorsOf(winner: Reflection, other: Reflection): Reflection {
  const [q, o] = [winner.quote, other.quote];
  if (!q || !o || q.exact !== o.exact) return winner;
  const position = q.position ?? o.position;
  const source = q.source || o.source;
  if (position === q.position && source === q.source) return winner;
  return { ...winner, quote: { ...q, position, source } };
}

/**
 * Whether two copies say the same words: the same text and the same quoted passage (its
 * `exact`). A quote's selectors (`position`, `source`) say where the passage is, not what the
 * learner wrote: a copy that learned them later is no conflict (and {@link withSelectorsOf}
 * keeps them on the winner).
 */
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
