import { describe, expect, it, beforeEach } from 'vitest';
import { freshIndexedDb, testEnv } from '../../../helpers';
import { openDB } from 'idb';
import sampleV1 from '../../../../fixtures/db/v1.json';
import sampleV2 from '../../../../fixtures/db/v2.json';
import {
  COURSE_RECORD_KEYS,
  DB_VERSION,
  DatabaseError,
  openCompanionDb,
  toDatabaseError,
  upgrade,
  type CompanionDB,
} from '../../../../../entrypoints/background/db/database';
import { createStore } from '../../../../../entrypoints/background/db/store';

beforeEach(freshIndexedDb);

describe('schema upgrades', () => {
  it('lay down every store and index from nothing', async () => {
    const db = await openCompanionDb();
    expect([...db.objectStoreNames].sort()).toEqual([
      'course',
      'drafts',
      'learnerLinks',
      'progress',
      'reflections',
      'settings',
    ]);
    const tx = db.transaction('reflections');
    expect([...tx.store.indexNames].sort()).toEqual(['by-course', 'by-resource', 'by-session']);
    expect(db.version).toBe(DB_VERSION);
  });

  // One sample per earlier schema version: write it as that version did, open it with the
  // current code, and check that every record is still there.
  it.each([
    [1, sampleV1],
    [2, sampleV2],
  ] as const)('bring a version %i database up without losing a record', async (version, sample) => {
    const old = await openDB<CompanionDB>('reading-companion', version, {
      upgrade: (db, oldVersion) => {
        upgrade(db, oldVersion, version);
      },
    });
    expect([...old.objectStoreNames].sort()).toEqual(Object.keys(sample.stores).sort());
    for (const [name, records] of Object.entries(sample.stores)) {
      for (const record of records as unknown[])
        await old.put(name as 'reflections', record as never);
    }
    old.close();
    const store = createStore(await openCompanionDb(), testEnv());
    expect(await store.listByCourse('seize-fse')).toEqual(sample.stores.reflections);
    for (const draft of sample.stores.drafts)
      expect(await store.getDraft('seize-fse', draft.resourceId)).toEqual(draft);
    expect(await store.progressBySession('seize-fse', 'session-6')).toEqual(sample.stores.progress);
    expect(await store.getSetting('overlay')).toEqual({ side: 'left', expanded: true });
    const course = 'course' in sample.stores ? sample.stores.course : [];
    // Each record reads back under its field's name, whatever key it was stored under.
    const fieldOf = (key: string) =>
      (Object.keys(COURSE_RECORD_KEYS) as (keyof typeof COURSE_RECORD_KEYS)[]).find(
        (field) => COURSE_RECORD_KEYS[field] === key,
      );
    for (const { key, value } of course) {
      const field = fieldOf(key);
      expect(field).toBeDefined();
      expect(await store.getCourseData(field!)).toEqual(value);
    }
    // A version 1 database gains the course store, empty.
    if (version === 1) expect(await store.getCourseData('learnedLinks')).toEqual([]);
    // Version 3 adds the learner's links, empty; and the store takes one at once.
    expect(await store.learnerLinks()).toEqual([]);
    const link = {
      courseId: 'seize-fse',
      sessionId: 'session-6',
      resourceId: 'preston-model',
      link: 'https://cles.org.uk/the-preston-model/',
      linkedAt: '2026-11-28T12:00:00.000Z',
    };
    await store.setLearnerLink(link);
    expect(await store.learnerLinks('seize-fse')).toEqual([link]);
  });
});

describe('database errors', () => {
  it('become codes the learner can be told about', () => {
    expect(toDatabaseError(new DOMException('full', 'QuotaExceededError')).code).toBe('db_quota');
    expect(toDatabaseError(new DOMException('denied', 'UnknownError')).code).toBe('db_unavailable');
    const blocked = new DatabaseError('db_blocked', 'x');
    expect(toDatabaseError(blocked)).toBe(blocked);
  });

  it('a blocked upgrade fails with db_blocked instead of hanging', async () => {
    // A copy that stays open and ignores versionchange (our own closes: db-open.test.ts)
    // blocks the version change.
    const older = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open('blocked', DB_VERSION);
      req.onsuccess = () => resolve(req.result);
    });
    await expect(openCompanionDb('blocked', DB_VERSION + 1)).rejects.toMatchObject({
      code: 'db_blocked',
    });
    older.close();
  });
});

/** Open `name` at `version` with the bare API: resolves on success, rejects if blocked. */
function openRaw(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('error'));
    req.onblocked = () => reject(new Error('blocked'));
  });
}

describe('opening the database (issue 11, finding 20)', () => {
  it('closes on versionchange, so an upgrade elsewhere proceeds, and tells its owner', async () => {
    freshIndexedDb();
    let gone = 0;
    const db = await openCompanionDb('versionchange-test', undefined, {
      onGone: () => {
        gone++;
      },
    });
    const newer = await openRaw('versionchange-test', DB_VERSION + 1); // not blocked: the old copy closed
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(gone).toBe(1);
    newer.close();
    expect(() => db.transaction('reflections')).toThrow();
  });

  it('rejects a blocked open with db_blocked, and closes the late connection', async () => {
    freshIndexedDb();
    const old = await openRaw('blocked-test', 1); // an old copy that never closes by itself
    old.onversionchange = null;
    const opening = openCompanionDb('blocked-test', 2);
    await expect(opening).rejects.toMatchObject({ code: 'db_blocked' });
    await expect(opening).rejects.toBeInstanceOf(DatabaseError);
    old.close();
    // The blocked open completes once the old copy closes; it must not stay open, or it
    // would block the next upgrade in turn.
    const next = await openRaw('blocked-test', 3);
    expect(next.version).toBe(3);
    next.close();
  });
});
