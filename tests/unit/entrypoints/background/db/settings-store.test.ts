import { beforeEach, describe, expect, it } from 'vitest';
import { openCompanionDb } from '../../../../../entrypoints/background/db/database';
import { createStore } from '../../../../../entrypoints/background/db/store';
import { freshIndexedDb, testEnv } from '../../../helpers';

beforeEach(freshIndexedDb);
const newStore = async (env = testEnv()) => createStore(await openCompanionDb(), env);

describe('settings', () => {
  it('give defaults until set', async () => {
    const store = await newStore();
    expect(await store.getSetting('overlay')).toEqual({ side: 'right', expanded: false });
    await store.setSetting('overlay', { side: 'left', expanded: true });
    expect(await store.getSetting('overlay')).toEqual({ side: 'left', expanded: true });
    expect(await store.getSetting('lastExportAt')).toBeNull();
  });
});
