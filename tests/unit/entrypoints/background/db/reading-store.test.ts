import { describe, expect, it, beforeEach } from 'vitest';
import { freshIndexedDb, testEnv } from '../../../helpers';
import { openCompanionDb } from '../../../../../entrypoints/background/db/database';
import { createStore } from '../../../../../entrypoints/background/db/store';
import type { ReflectionInput } from '../../../../../entrypoints/background/db/reflection-store';

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

describe('progress', () => {
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
});
