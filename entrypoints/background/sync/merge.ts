/**
 * Documents from the server into the journal, by the road a backup file takes: each set of
 * records is made a backup, read by `parseBackup` (every check an imported file passes) and
 * merged by the store's import (`planImport`: a new record is added, the later `updatedAt`
 * wins its id, and the other copy's words are kept as a conflict copy). No merge of its own.
 */
import { BACKUP_FORMAT, BACKUP_KIND, type Backup } from '../../../utils/journal/backup-format';
import { parseBackup } from '../../../utils/journal/backup-parse';
import { emptyImportPlan, type ImportPlan } from '../../../utils/journal/backup-merge';
import { recordsOf, type SyncBody } from './docs';

/** Records per backup: well under a backup's record and size limits. */
const CHUNK = 2000;

/** A backup of every course holding `bodies` (ids must be unique among them). */
export function backupOf(bodies: readonly SyncBody[], exportedAt: string): Backup {
  const { reflections, progress, learnerLinks, settings } = recordsOf(bodies);
  return {
    format: BACKUP_FORMAT,
    kind: BACKUP_KIND,
    exportedAt,
    course: {
      id: reflections[0]?.courseId ?? progress[0]?.courseId ?? 'sync',
      packVersion: 'sync',
    },
    scope: { sessionId: null },
    reflections,
    drafts: [],
    progress,
    settings,
    learnerLinks,
  };
}

/**
 * Read `bodies` as a backup file is read. A record the file checks refuse is dropped (and
 * counted), and the rest read again, so one bad document never stops the others.
 */
export function readAsBackup(
  bodies: readonly SyncBody[],
  exportedAt: string,
): { backup: Backup | null; refused: number } {
  let left = [...bodies];
  let refused = 0;
  while (left.length > 0) {
    const backup = backupOf(left, exportedAt);
    const result = parseBackup(JSON.stringify(backup), { courseId: backup.course.id });
    if (result.ok) return { backup: result.backup, refused };
    const bad = culprit(left, backup, result.error.path);
    if (bad < 0) return { backup: null, refused: refused + left.length };
    left = left.filter((_, i) => i !== bad);
    refused++;
  }
  return { backup: null, refused };
}

/** The index in `bodies` of the record a refusal's path names (`reflections[3].text`), or -1. */
function culprit(bodies: readonly SyncBody[], backup: Backup, path: string): number {
  const m = /^(reflections|progress|learnerLinks)\[(\d+)\]/.exec(path);
  if (!m) return -1;
  const list = m[1] as 'reflections' | 'progress' | 'learnerLinks';
  const record = (backup[list] ?? [])[Number(m[2])];
  return bodies.findIndex((b) => b.record === record);
}

/**
 * Merge `rounds` into the journal with `apply` (the store's import, one transaction each).
 * Each round holds one version of each document: a document the server and this device both
 * changed has several, each merged in a round of its own, so every version's words are kept.
 */
export async function mergeRounds(
  rounds: readonly (readonly SyncBody[])[],
  exportedAt: string,
  apply: (backup: Backup) => Promise<ImportPlan>,
): Promise<{ plan: ImportPlan; refused: number }> {
  const total = emptyImportPlan();
  let refused = 0;
  for (const round of rounds) {
    for (let i = 0; i < round.length; i += CHUNK) {
      const read = readAsBackup(round.slice(i, i + CHUNK), exportedAt);
      refused += read.refused;
      if (!read.backup) continue;
      const plan = await apply(read.backup);
      total.add.push(...plan.add);
      total.update.push(...plan.update);
      total.conflicts.push(...plan.conflicts);
      total.progress.push(...plan.progress);
      total.learnerLinks.push(...plan.learnerLinks);
      total.unchanged += plan.unchanged;
      total.keptLocal += plan.keptLocal;
    }
  }
  return { plan: total, refused };
}
