/**
 * Records, backups and databases shared by the backup tests: one of everything, in the shapes
 * the database stores.
 */
import 'fake-indexeddb/auto';
import { buildBackup } from '../../../../utils/journal/backup-build';
import type { Backup } from '../../../../utils/journal/backup-format';
import { parseBackup } from '../../../../utils/journal/backup-parse';
import { importBackup } from '../../../../entrypoints/background/db/backup-import';
import {
  openCompanionDb,
  type CompanionDatabase,
} from '../../../../entrypoints/background/db/database';
import type {
  Draft,
  LearnerLinkRecord,
  Progress,
  Reflection,
  Settings,
} from '../../../../utils/protocol/records';

export const COURSE = 'seize-fse';
export const NOW = new Date('2026-11-28T14:05:00.000Z');

export const reflection = (over: Partial<Reflection> = {}): Reflection => ({
  id: '6b0f3c2e-0d1a-4c39-9a51-1f4f1e7a0001',
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text: 'The partner state shares power.',
  quote: {
    exact: 'civil power',
    prefix: 'about ',
    suffix: ' and the state',
    position: null,
    source: '',
  },
  mediaTime: null,
  outcomeIds: ['o1'],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power & Partner State',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  deletedAt: null,
  ...over,
});

export const draft = (resourceId: string, over: Partial<Draft> = {}): Draft => ({
  key: `${COURSE}/${resourceId}`,
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId,
  text: 'half a thought',
  quote: null,
  mediaTime: 61.5,
  outcomeIds: [],
  editingId: null,
  baseUpdatedAt: null,
  owner: 'frame-1',
  updatedAt: '2026-11-21T09:00:00.000Z',
  ...over,
});

export const progress = (resourceId: string, over: Partial<Progress> = {}): Progress => ({
  key: `${COURSE}/${resourceId}`,
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId,
  firstOpenedAt: '2026-11-19T08:00:00.000Z',
  lastOpenedAt: '2026-11-21T08:00:00.000Z',
  doneAt: null,
  ...over,
});

/** A page the learner linked to a resource. */
export const learnerLink = (
  resourceId: string,
  over: Partial<LearnerLinkRecord> = {},
): LearnerLinkRecord => ({
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId,
  link: `https://example.org/${resourceId}`,
  linkedAt: '2026-11-22T09:00:00.000Z',
  ...over,
});

/** A small backup with one of everything; reflections[0] has a quote, reflections[2] too. */
export function sampleData() {
  return {
    reflections: [
      reflection({ id: 'r-1' }),
      reflection({ id: 'r-2', quote: null, mediaTime: 754, resourceId: 'half-past-capitalism' }),
      reflection({ id: 'r-3', text: 'A third thought.' }),
    ],
    drafts: [draft('levels-of-government')],
    progress: [progress('civil-power-partner-state', { doneAt: '2026-11-21T09:00:00.000Z' })],
    settings: {
      overlay: { side: 'left', expanded: true },
      lastExportAt: null,
    } as Partial<Settings>,
    learnerLinks: [learnerLink('preston-model')],
  };
}

export const backupOf = (data = sampleData(), sessionId: string | null = null): Backup =>
  buildBackup(data, { courseId: COURSE, packVersion: '2026.11.1', sessionId, now: NOW });

export const json = (b: unknown) => JSON.stringify(b);

let dbCount = 0;
export const freshDb = () => openCompanionDb(`backup-test-${++dbCount}`);

/** Everything in the database, in key order, for before/after comparisons. */
export async function snapshot(db: CompanionDatabase) {
  const settings: Partial<Settings> = {};
  for (const rec of await db.getAll('settings')) Object.assign(settings, { [rec.key]: rec.value });
  return {
    reflections: await db.getAll('reflections'),
    drafts: await db.getAll('drafts'),
    progress: await db.getAll('progress'),
    settings,
    learnerLinks: await db.getAll('learnerLinks'),
  };
}

/** A database that already holds some of the learner's own data. */
export async function seededDb() {
  const db = await freshDb();
  await db.put('reflections', reflection({ id: 'mine', text: 'my own note' }));
  await db.put('progress', progress('preston-model'));
  await db.put('settings', { key: 'lastExportAt', value: '2026-11-01T00:00:00.000Z' });
  return db;
}

/** What the UI does with a file: parse it, and import only if it is valid. */
export async function importText(db: CompanionDatabase, text: string) {
  const parsed = parseBackup(text, { courseId: COURSE });
  if (parsed.ok) await importBackup(db, parsed.backup);
  return parsed;
}
