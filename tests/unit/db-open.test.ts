import { describe, expect, it } from 'vitest';
import { DatabaseError, openCompanionDb } from '../../entrypoints/background/db/database';
import { createStore } from '../../entrypoints/background/db/store';
import { freshIndexedDb, testEnv } from './helpers';

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
    const newer = await openRaw('versionchange-test', 3); // not blocked: the old copy closed
    expect(newer.version).toBe(3);
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
