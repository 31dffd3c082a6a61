import { describe, expect, it, beforeEach } from 'vitest';
import { freshIndexedDb } from '../../../helpers';
import { input, newStore, place } from './store-fixtures';

beforeEach(freshIndexedDb);

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
