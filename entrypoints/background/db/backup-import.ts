/**
 * Importing a backup into the learner's database: the one part of the backup that writes.
 * An import happens whole or not at all: it reads, plans (`planImport`, pure) and writes in
 * one IndexedDB transaction.
 */
import type { IDBPTransaction } from 'idb';
import type { Backup } from '../../../utils/journal/backup-format';
import { planImport, type ImportPlan } from '../../../utils/journal/backup-merge';
import { toDatabaseError, type CompanionDB, type CompanionDatabase } from './database';
import type { Settings } from '../../../utils/protocol/records';

type StoreName = 'reflections' | 'drafts' | 'progress' | 'settings' | 'learnerLinks';
type WriteTx = IDBPTransaction<CompanionDB, StoreName[], 'readwrite'>;

/**
 * Write a plan in ONE readwrite transaction over the stores it touches: if any write fails,
 * the transaction is aborted and nothing is written. Fails with a `DatabaseError`.
 */
export async function writeImportPlan(db: CompanionDatabase, plan: ImportPlan): Promise<void> {
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
    ['reflections', 'drafts', 'progress', 'settings', 'learnerLinks'],
    'readwrite',
  );
  let plan: ImportPlan;
  try {
    // Every course's reflections, not only this one's: ids are unique across the store, and
    // a clash with another course's reflection must be seen to be avoided.
    const [reflections, drafts, progress, settingRecords, learnerLinks] = await Promise.all([
      tx.objectStore('reflections').getAll(),
      tx.objectStore('drafts').getAll(),
      tx.objectStore('progress').getAll(),
      tx.objectStore('settings').getAll(),
      tx.objectStore('learnerLinks').getAll(),
    ]);
    const settings: Partial<Settings> = {};
    for (const rec of settingRecords) Object.assign(settings, { [rec.key]: rec.value });
    plan = planImport({ reflections, drafts, progress, settings, learnerLinks }, backup);
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
    for (const l of plan.learnerLinks) pending.push(tx.objectStore('learnerLinks').put(l));
    const { overlay, lastExportAt, showQuotes } = plan.settings;
    if (overlay) pending.push(tx.objectStore('settings').put({ key: 'overlay', value: overlay }));
    if (lastExportAt !== undefined)
      pending.push(tx.objectStore('settings').put({ key: 'lastExportAt', value: lastExportAt }));
    if (showQuotes !== undefined)
      pending.push(tx.objectStore('settings').put({ key: 'showQuotes', value: showQuotes }));
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
  if (plan.learnerLinks.length > 0) out.push('learnerLinks');
  return out;
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already aborted (a failed request aborts it) or finished.
  }
}
