import { describe, expect, it, beforeEach } from 'vitest';
import { freshIndexedDb, testEnv } from '../../../helpers';
import { openCompanionDb } from '../../../../../entrypoints/background/db/database';
import { createStore } from '../../../../../entrypoints/background/db/store';
import { UNDO_GRACE_MS } from '../../../../../entrypoints/background/db/reflection-store';
import { input, newStore, place } from './store-fixtures';

beforeEach(freshIndexedDb);

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

describe('a delete or a restore', () => {
  it('changes updatedAt, so it wins when two copies meet (an import, a sync)', async () => {
    const store = await newStore();
    const { reflection } = await store.saveReflection(input('keep me'));
    const deleted = await store.deleteReflection(reflection.id);
    expect(deleted!.updatedAt > reflection.updatedAt).toBe(true);
    const restored = await store.restoreReflection(reflection.id);
    expect(restored!.updatedAt > deleted!.updatedAt).toBe(true);
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

describe('saving an edit of a reflection another tab deleted (issue 11, finding 20)', () => {
  it('keeps the words as a new reflection and leaves the deleted one deleted', async () => {
    freshIndexedDb();
    const store = createStore(await openCompanionDb(), testEnv());
    const place = {
      courseId: 'seize-fse',
      sessionId: 'session-6',
      resourceId: 'civil-power-partner-state',
      quote: null,
      mediaTime: null,
      outcomeIds: [],
      pageUrl: '',
      pageTitle: '',
    };
    const { reflection } = await store.saveReflection({ ...place, text: 'first words' });
    // The editor opens the reflection; meanwhile another tab deletes it.
    await store.deleteReflection(reflection.id);
    const saved = await store.saveReflection(
      { ...place, text: 'edited words' },
      { id: reflection.id, baseUpdatedAt: reflection.updatedAt },
    );
    expect(saved.conflict).toBe(true);
    expect(saved.reflection.id).not.toBe(reflection.id);
    expect(saved.reflection).toMatchObject({ text: 'edited words', deletedAt: null });
    expect(await store.getReflection(reflection.id)).toMatchObject({
      text: 'first words',
      deletedAt: expect.any(String) as unknown,
    });
  });
});
