/**
 * What the store's tests share: one place on a reading, a learner's input there, and a store
 * over a fresh database.
 */
import { testEnv } from '../../../helpers';
import { openCompanionDb } from '../../../../../entrypoints/background/db/database';
import { createStore } from '../../../../../entrypoints/background/db/store';
import type { ReflectionInput } from '../../../../../entrypoints/background/db/reflection-store';

export const place = {
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
};

/** A reflection as the learner writes it on the reading. */
export const input = (text: string, over: Partial<ReflectionInput> = {}): ReflectionInput => ({
  ...place,
  text,
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power',
  ...over,
});

/** A store over the (fresh) test database. */
export const newStore = async (env = testEnv()) => createStore(await openCompanionDb(), env);
