import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import sampleV1 from '../fixtures/db/v1.json';
import sampleV2 from '../fixtures/db/v2.json';
import {
  DB_VERSION,
  DatabaseError,
  openCompanionDb,
  toDatabaseError,
  upgrade,
  type CompanionDB,
} from '../../entrypoints/background/db/database';
import {
  createStore,
  UNDO_GRACE_MS,
  type ReflectionInput,
} from '../../entrypoints/background/db/store';
import { freshIndexedDb, testEnv } from './helpers';

const place = {
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
};
const input = (text: string, over: Partial<ReflectionInput> = {}): ReflectionInput => ({
  ...place,
  text,
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power',
  ...over,
});

beforeEach(freshIndexedDb);
const newStore = async (env = testEnv()) => createStore(await openCompanionDb(), env);

describe('reflections', () => {
  it('are created with ids and times, and listed newest first per resource and session', async () => {
    const store = await newStore();
    await store.saveReflection(input('first'));
    await store.saveReflection(input('second'));
    await store.saveReflection(input('elsewhere', { resourceId: 'half-past-capitalism' }));
    const list = await store.listByResource('seize-fse', place.resourceId);
    expect(list.map((r) => r.text)).toEqual(['second', 'first']);
    expect(list[1]).toMatchObject({
      id: 'r1',
      createdAt: '2026-11-28T12:00:01.000Z',
      deletedAt: null,
    });
    expect((await store.listBySession('seize-fse', 'session-6')).map((r) => r.text)).toEqual([
      'elsewhere',
      'second',
      'first',
    ]);
    expect(await store.listBySession('seize-fse', 'session-2')).toEqual([]);
  });

  it('keep HTML and script as plain text', async () => {
    const store = await newStore();
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await store.saveReflection(input(text));
    expect((await store.listByResource('seize-fse', place.resourceId))[0]?.text).toBe(text);
  });

  it('are edited in place when nobody else changed them', async () => {
    const store = await newStore();
    const { reflection } = await store.saveReflection(input('draft one'));
    const edit = await store.saveReflection(input('draft two'), {
      id: reflection.id,
      baseUpdatedAt: reflection.updatedAt,
    });
    expect(edit.conflict).toBe(false);
    expect(edit.reflection).toMatchObject({
      id: reflection.id,
      text: 'draft two',
      createdAt: reflection.createdAt,
    });
    expect(await store.listByResource('seize-fse', place.resourceId)).toHaveLength(1);
  });

  it('keep both texts when two tabs edit the same reflection', async () => {
    const store = await newStore();
    const { reflection } = await store.saveReflection(input('original'));
    const a = await store.saveReflection(input('tab A'), {
      id: reflection.id,
      baseUpdatedAt: reflection.updatedAt,
    });
    const b = await store.saveReflection(input('tab B'), {
      id: reflection.id,
      baseUpdatedAt: reflection.updatedAt,
    });
    expect(a.conflict).toBe(false);
    expect(b.conflict).toBe(true);
    const texts = (await store.listByResource('seize-fse', place.resourceId))
      .map((r) => r.text)
      .sort();
    expect(texts).toEqual(['tab A', 'tab B']);
  });

  it('all land when saved at the same time', async () => {
    const store = await newStore({ now: () => new Date(), newId: () => crypto.randomUUID() });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.saveReflection(input(`note ${i}`))),
    );
    expect(await store.listByResource('seize-fse', place.resourceId)).toHaveLength(25);
  });

  it('are soft-deleted, restored by undo, and purged after the grace period', async () => {
    let now = Date.parse('2026-11-28T12:00:00Z');
    const store = await newStore({ now: () => new Date(now), newId: () => crypto.randomUUID() });
    const { reflection } = await store.saveReflection(input('keep me'));
    await store.deleteReflection(reflection.id);
    expect(await store.listByResource('seize-fse', place.resourceId)).toEqual([]);
    expect((await store.listByCourse('seize-fse'))[0]?.deletedAt).toBeTruthy();
    await store.restoreReflection(reflection.id);
    expect(await store.listByResource('seize-fse', place.resourceId)).toHaveLength(1);
    await store.deleteReflection(reflection.id);
    now += UNDO_GRACE_MS - 1000;
    expect(await store.purgeDeleted()).toBe(0);
    now += 2000;
    expect(await store.purgeDeleted()).toBe(1);
    expect(await store.listByCourse('seize-fse')).toEqual([]);
    expect(await store.deleteReflection('missing')).toBeNull();
  });
});

describe('drafts', () => {
  const draft = (owner: string, text: string) => ({
    ...place,
    owner,
    text,
    quote: null,
    mediaTime: null,
    outcomeIds: [],
    editingId: null,
    baseUpdatedAt: null,
  });

  it('are saved per resource and cleared by a save from their owner', async () => {
    const store = await newStore();
    await store.saveDraft(draft('tab-a', 'half a sentence'));
    expect(await store.getDraft('seize-fse', place.resourceId)).toMatchObject({
      text: 'half a sentence',
    });
    await store.saveReflection(input('half a sentence, finished'), { draftOwner: 'tab-a' });
    expect(await store.getDraft('seize-fse', place.resourceId)).toBeNull();
  });

  it('written by another tab survive this tab’s save and clear', async () => {
    const store = await newStore();
    await store.saveDraft(draft('tab-a', 'from A'));
    await store.saveDraft(draft('tab-b', 'from B'));
    await store.saveReflection(input('A saved'), { draftOwner: 'tab-a' });
    await store.clearDraft('seize-fse', place.resourceId, 'tab-a');
    expect(await store.getDraft('seize-fse', place.resourceId)).toMatchObject({
      text: 'from B',
      owner: 'tab-b',
    });
  });
});

describe('progress and settings', () => {
  it('record first and last opening and done, per session', async () => {
    const store = await newStore();
    const first = await store.markOpened(place);
    const again = await store.markOpened(place);
    expect(again.firstOpenedAt).toBe(first.firstOpenedAt);
    expect(again.lastOpenedAt).not.toBe(first.lastOpenedAt);
    const done = await store.setDone(place, true);
    expect(done.doneAt).toBeTruthy();
    expect((await store.setDone(place, true)).doneAt).toBe(done.doneAt);
    expect((await store.setDone(place, false)).doneAt).toBeNull();
    expect(await store.progressBySession('seize-fse', 'session-6')).toHaveLength(1);
  });

  it('give defaults until set', async () => {
    const store = await newStore();
    expect(await store.getSetting('overlay')).toEqual({ side: 'right', expanded: false });
    await store.setSetting('overlay', { side: 'left', expanded: true });
    expect(await store.getSetting('overlay')).toEqual({ side: 'left', expanded: true });
    expect(await store.getSetting('lastExportAt')).toBeNull();
  });
});

describe('schema upgrades', () => {
  it('lay down every store and index from nothing', async () => {
    const db = await openCompanionDb();
    expect([...db.objectStoreNames].sort()).toEqual([
      'course',
      'drafts',
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
    for (const { key, value } of course)
      expect(await store.getCourseData(key as 'learnedLinks')).toEqual(value);
    // A version 1 database gains the course store, empty.
    if (version === 1) expect(await store.getCourseData('learnedLinks')).toEqual([]);
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

describe('the course cache', () => {
  it('answers from memory between writes and never serves stale data after one', async () => {
    const store = await newStore();
    const first = await store.courseReflections('seize-fse');
    expect(first).toEqual([]);
    expect(await store.courseReflections('seize-fse')).toBe(first); // the same list, not re-read
    const { reflection } = await store.saveReflection(input('one'));
    expect((await store.courseReflections('seize-fse')).map((r) => r.text)).toEqual(['one']);
    await store.saveReflection(input('two'));
    expect((await store.courseReflections('seize-fse')).map((r) => r.text)).toEqual(['two', 'one']);
    await store.deleteReflection(reflection.id);
    expect(
      (await store.courseReflections('seize-fse')).find((r) => r.id === reflection.id)?.deletedAt,
    ).toBeTruthy();
    await store.restoreReflection(reflection.id);
    expect(
      (await store.courseReflections('seize-fse')).find((r) => r.id === reflection.id)?.deletedAt,
    ).toBeNull();
  });
});
