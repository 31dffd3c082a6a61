import { describe, expect, it, beforeEach } from 'vitest';
import { freshIndexedDb, testEnv } from '../../../helpers';
import { openDB } from 'idb';
import * as v from 'valibot';
import { QUOTE } from '../../../../../utils/protocol/schema-atoms';
import sampleV1 from '../../../../fixtures/db/v1.json';
import sampleV2 from '../../../../fixtures/db/v2.json';
import sampleV3 from '../../../../fixtures/db/v3.json';
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

/** Lay down `name` exactly as schema `version` did, and write `sample`'s records into it. */
async function writeSample(
  version: number,
  sample: { stores: Record<string, readonly unknown[]> },
  name = 'reading-companion',
): Promise<void> {
  const old = await openDB<CompanionDB>(name, version, {
    upgrade: (db, oldVersion, _newVersion, tx) => {
      upgrade(db, oldVersion, version, tx);
    },
  });
  expect([...old.objectStoreNames].sort()).toEqual(Object.keys(sample.stores).sort());
  for (const [store, records] of Object.entries(sample.stores)) {
    for (const record of records) await old.put(store as 'reflections', record as never);
  }
  old.close();
}

/**
 * What schema version 4 makes of a stored reflection or draft: its quote gains no position and
 * its page (a reflection's own page; a draft's is not known). Everything else as it was.
 */
function withSelectors<T extends { quote: object | null; pageUrl?: string }>(record: T): T {
  return record.quote
    ? { ...record, quote: { ...record.quote, position: null, source: record.pageUrl ?? '' } }
    : record;
}

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
    await writeSample(version, sample);
    const store = createStore(await openCompanionDb(), testEnv());
    expect(await store.listByCourse('seize-fse')).toEqual(
      sample.stores.reflections.map(withSelectors),
    );
    for (const draft of sample.stores.drafts)
      expect(await store.getDraft('seize-fse', draft.resourceId)).toEqual(withSelectors(draft));
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

describe('version 4: quotes keep W3C selectors', () => {
  it('fills every stored quote in, changes nothing else and loses no record', async () => {
    await writeSample(3, sampleV3);
    const db = await openCompanionDb();
    expect(db.version).toBe(4);
    const stores = Object.keys(sampleV3.stores) as (keyof typeof sampleV3.stores)[];
    const after = Object.fromEntries(
      await Promise.all(stores.map(async (name) => [name, await db.getAll(name)] as const)),
    );
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(after).toEqual({
      ...sampleV3.stores,
      reflections: sampleV3.stores.reflections.map(withSelectors).sort(byId),
      drafts: sampleV3.stores.drafts.map(withSelectors),
    });
    // Spelled out once, so the rule above cannot drift from what the issue asks.
    const [quoted] = after.reflections as { quote: unknown }[];
    expect(quoted?.quote).toEqual({
      exact: 'a partner state',
      prefix: 'relationship with the State: ',
      suffix: ' that enables civil society',
      position: null,
      source: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
    });
    const draft = (after.drafts as { key: string; quote: unknown }[]).find(
      (d) => d.key === 'seize-fse/civil-power-partner-state',
    );
    expect(draft?.quote).toMatchObject({ position: null, source: '' });
    db.close();
  });

  it('migrated quotes are whole: the quote schema takes them as they are, adding nothing', async () => {
    await writeSample(3, sampleV3);
    const db = await openCompanionDb();
    for (const r of await db.getAll('reflections'))
      if (r.quote) expect(v.parse(QUOTE, r.quote)).toStrictEqual(r.quote);
    db.close();
  });

  it('a quote that already has its selectors keeps them', async () => {
    const position = { start: 10, end: 25 };
    const source = 'https://example.org/elsewhere';
    const [first] = sampleV3.stores.reflections;
    const kept = { ...first!, quote: { ...first!.quote!, position, source } };
    await writeSample(3, { stores: { ...sampleV3.stores, reflections: [kept] } });
    const db = await openCompanionDb();
    expect(await db.get('reflections', kept.id)).toEqual(kept);
    db.close();
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
