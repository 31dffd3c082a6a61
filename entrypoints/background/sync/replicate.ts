/**
 * One sync, start to end: pull the server's changes into the replica, merge them into the
 * journal (merge.ts), write the journal's changes into the replica, push them. The journal in
 * IndexedDB stays the one owner of the learner's records; the replica (a PouchDB database)
 * only holds what replication needs: the documents, their revisions and its checkpoints.
 */
import type { Backup } from '../../../utils/journal/backup-format';
import type { BackupData } from '../../../utils/journal/backup-build';
import type { ImportPlan } from '../../../utils/journal/backup-merge';
import { LIMITS } from '../../../utils/protocol/limits';
import { acceptableDoc, journalDocs, readDoc, type SyncBody, type SyncDoc } from './docs';
import { mergeRounds } from './merge';
import type { Database } from './pouch';
import { SyncFailure } from './server-fetch';

/** The most documents a server's database may hold for this device to sync with it. */
export const MAX_REMOTE_DOCS = LIMITS.records;

/** What one sync reads and writes the journal with (the store's operations). */
export interface JournalAccess {
  exportData(courseId: null): Promise<BackupData>;
  applyImport(backup: Backup): Promise<ImportPlan>;
}

/** What {@link syncOnce} did. */
export interface SyncOutcome {
  /** The replica's sequence up to which the journal has merged its documents. */
  importedSeq: number | string;
  /** Documents refused by the checks (docs.ts, then a backup's). */
  refused: number;
  /** Records merged into the journal from the server (added, updated, conflict copies). */
  merged: number;
  /** The learner's links and progress records the merge wrote. */
  links: number;
  progress: number;
  /** Documents written to the replica from the journal (then pushed). */
  written: number;
}

/**
 * Check that `remote` is a CouchDB database this device may sync with: its answer to a
 * database's address names the database, and it is not larger than a device accepts.
 */
export async function checkServer(remote: Database): Promise<void> {
  // PouchDB's info() does not look at the answer's status, and names the database itself.
  const response = await remote.fetch('', {
    method: 'GET',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok)
    throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
  let o: unknown;
  try {
    o = await response.json();
  } catch {
    throw new SyncFailure('not_couchdb', 'the answer is not JSON');
  }
  const info = o as { db_name?: unknown; doc_count?: unknown } | null;
  if (typeof info !== 'object' || info === null || typeof info.db_name !== 'string')
    throw new SyncFailure('not_couchdb', 'the answer names no database');
  if (typeof info.doc_count === 'number' && info.doc_count > MAX_REMOTE_DOCS)
    throw new SyncFailure('too_large', `more than ${MAX_REMOTE_DOCS} documents`);
}

/**
 * One sync of `journal` through `local` (the replica) with `remote`. Throws on any failure of
 * the server; what was merged or written before stays (each step is safe to run again).
 * `after` is called between the steps (tests stop a server there).
 */
export async function syncOnce(opts: {
  local: Database;
  remote: Database;
  journal: JournalAccess;
  importedSeq: number | string;
  now: Date;
  /** Deleted reflections older than this are purged everywhere: their tombstones leave. */
  purgeBefore: string;
  /** Called when local changes are in the replica, waiting for the push. */
  onWritten?: (written: number) => Promise<void>;
}): Promise<SyncOutcome> {
  const { local, remote, journal, now } = opts;
  await checkServer(remote);
  // Replication's own retry is off: our backoff (backoff.ts) decides when to try again.
  await local.replicate.from(remote, {
    retry: false,
    batch_size: 100,
    filter: (doc: unknown) => acceptableDoc(doc),
  });
  const info = await local.info();
  if (info.doc_count > MAX_REMOTE_DOCS)
    throw new SyncFailure('too_large', `more than ${MAX_REMOTE_DOCS} documents`);

  const pulled = await mergeFromReplica(local, journal, opts.importedSeq, now.toISOString());
  const written = await writeToReplica(local, journal, opts.purgeBefore);
  // The replica's own writes need no merging back: the journal is where they came from.
  const importedSeq = (await local.info()).update_seq;
  if (written > 0) await opts.onWritten?.(written);
  await local.replicate.to(remote, { retry: false, batch_size: 100 });
  return { importedSeq, ...pulled, written };
}

/** Merge the replica's documents changed since `since` into the journal. */
async function mergeFromReplica(
  local: Database,
  journal: JournalAccess,
  since: number | string,
  exportedAt: string,
): Promise<{ refused: number; merged: number; links: number; progress: number }> {
  const changes = await local.changes({ since, include_docs: true, conflicts: true });
  const rounds: SyncBody[][] = [];
  let refused = 0;
  for (const change of changes.results) {
    const doc = change.doc as (Record<string, unknown> & { _conflicts?: string[] }) | undefined;
    if (!doc || change.deleted) continue; // a purged tombstone: the journal purges its own
    const versions: unknown[] = [doc];
    for (const rev of doc._conflicts ?? [])
      versions.push(await local.get(change.id, { rev }).catch(() => null));
    versions.forEach((raw, i) => {
      const read = readDoc(raw);
      if (!read.ok) {
        refused++;
        return;
      }
      (rounds[i] ??= []).push(read.doc);
    });
  }
  const { plan, refused: more } = await mergeRounds(rounds, exportedAt, (b) =>
    journal.applyImport(b),
  );
  return {
    refused: refused + more,
    merged: plan.add.length + plan.update.length + plan.conflicts.length,
    links: plan.learnerLinks.length,
    progress: plan.progress.length,
  };
}

/**
 * Write into the replica every synced record of the journal that differs from its document,
 * settle the replica's conflicts (the journal now holds every version's words: the merged
 * record replaces them), and delete the documents of tombstones past the purge. Returns the
 * number of documents written.
 */
async function writeToReplica(
  local: Database,
  journal: JournalAccess,
  purgeBefore: string,
): Promise<number> {
  const want = journalDocs(await journal.exportData(null), purgeBefore);
  const have = await local.allDocs({ include_docs: true, conflicts: true });
  const writes: object[] = [];
  for (const row of have.rows) {
    const doc = row.doc as
      (Record<string, unknown> & { _rev: string; _conflicts?: string[] }) | undefined;
    if (!doc) continue;
    const losers = doc._conflicts ?? [];
    for (const rev of losers) writes.push({ _id: row.id, _rev: rev, _deleted: true });
    const wanted = want.get(row.id);
    want.delete(row.id);
    if (wanted) {
      if (!sameBody(doc, wanted)) writes.push({ ...wanted, _rev: doc._rev });
    } else if (purged(doc, purgeBefore)) {
      writes.push({ _id: row.id, _rev: doc._rev, _deleted: true });
    }
  }
  writes.push(...want.values());
  for (let i = 0; i < writes.length; i += 500) await local.bulkDocs(writes.slice(i, i + 500));
  return writes.length;
}

/** A reflection's tombstone past the purge: gone from the journal, so gone from the server. */
function purged(doc: Record<string, unknown>, purgeBefore: string): boolean {
  const read = readDoc(doc);
  return (
    read.ok &&
    read.doc.kind === 'reflection' &&
    read.doc.record.deletedAt !== null &&
    read.doc.record.deletedAt < purgeBefore
  );
}

function sameBody(doc: Record<string, unknown>, wanted: SyncDoc): boolean {
  return doc.kind === wanted.kind && canonical(doc.record) === canonical(wanted.record);
}

/** JSON with object keys sorted, so two equal records compare equal whatever their key order. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}
