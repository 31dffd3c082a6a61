/**
 * The operations the background performs on the learner's database, gathered in one object
 * from their areas: reflections (`reflection-store.ts`), drafts and progress
 * (`reading-store.ts`), settings (`settings-store.ts`), the learner's links
 * (`learner-link-store.ts`) and course data (`course-store.ts`).
 * Each operation is a single IndexedDB transaction: it either happens whole or not at all.
 */
import type { Backup } from '../../../utils/journal/backup-format';
import type { BackupData } from '../../../utils/journal/backup-build';
import { planImport, type ImportPlan } from '../../../utils/journal/backup-merge';
import { importBackup } from './backup-import';
import type { CompanionDatabase } from './database';
import { courseDataOperations } from './course-store';
import { learnerLinkOperations } from './learner-link-store';
import { readingOperations } from './reading-store';
import { reflectionOperations } from './reflection-store';
import { settingsOperations } from './settings-store';
import { createStoreContext, defaultEnv, type StoreEnv } from './store-context';

/** The store operations over an open database. */
export function createStore(db: CompanionDatabase, env: StoreEnv = defaultEnv) {
  const context = createStoreContext(db, env);
  const { guard, changed } = context;
  const reflections = reflectionOperations(context);

  /**
   * What a backup is made from: reflections (deleted ones too), drafts, progress, settings
   * and the learner's links, of one course, or of every course (`null`).
   */
  function exportData(courseId: string | null): Promise<BackupData> {
    const mine = (r: { courseId: string }) => courseId === null || r.courseId === courseId;
    return guard(async () => {
      const tx = db.transaction(['drafts', 'progress', 'settings', 'learnerLinks'], 'readonly');
      const [all, drafts, progress, settings, links] = await Promise.all([
        courseId === null ? reflections.allReflections() : reflections.courseReflections(courseId),
        tx.objectStore('drafts').getAll(),
        tx.objectStore('progress').getAll(),
        tx.objectStore('settings').getAll(),
        tx.objectStore('learnerLinks').getAll(),
      ]);
      await tx.done;
      return {
        reflections: [...all],
        drafts: drafts.filter(mine),
        progress: progress.filter(mine),
        settings: Object.fromEntries(settings.map((s) => [s.key, s.value])),
        learnerLinks: links.filter(mine),
      };
    });
  }

  return {
    ...reflections,
    ...readingOperations(context),
    ...settingsOperations(context),
    ...courseDataOperations(context),
    ...learnerLinkOperations(context),
    exportData,

    /**
     * What importing `backup` would do now (nothing is written). It plans over every course's
     * records, as the import itself does, so both count an id another course holds alike.
     */
    previewImport(backup: Backup): Promise<ImportPlan> {
      return guard(async () => planImport(await exportData(null), backup));
    },

    /** Import `backup`: read, merge and write in one transaction (all or nothing). */
    applyImport(backup: Backup): Promise<ImportPlan> {
      return guard(async () => changed(await importBackup(db, backup)));
    },
  };
}

/** The store's operations. */
export type Store = ReturnType<typeof createStore>;

/** The name of the daily alarm that purges deleted reflections past their grace period. */
export const PURGE_ALARM = 'purge-deleted';

/**
 * Purge reflections deleted longer ago than the grace period: run when the browser starts
 * and on the daily {@link PURGE_ALARM}. Never throws (a database that cannot open now is
 * purged next time); returns how many were removed.
 */
export async function purgeOnStart(
  store: () => Promise<Store>,
  now: () => Date = () => new Date(),
): Promise<number> {
  try {
    return await (await store()).purgeDeleted(now());
  } catch {
    return 0;
  }
}
