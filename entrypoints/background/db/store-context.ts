/**
 * What every part of the store shares: the open database, the clock and id source, the guard
 * that turns IndexedDB failures into {@link DatabaseError}s, and the in-memory copy of each
 * course's reflections that every write drops.
 */
import type { Reflection } from '../../../utils/protocol/records';
import { toDatabaseError, type CompanionDatabase } from './database';

/** Clock and id source, injectable for tests. */
export interface StoreEnv {
  now(): Date;
  newId(): string;
}

/** The default {@link StoreEnv}: the real clock and random UUIDs. */
export const defaultEnv: StoreEnv = { now: () => new Date(), newId: () => crypto.randomUUID() };

/** The shared state of one store (see {@link createStoreContext}). */
export interface StoreContext {
  db: CompanionDatabase;
  env: StoreEnv;
  /** The clock's time as an ISO string. */
  iso: () => string;
  /** Run `op`, reporting an IndexedDB failure as a DatabaseError with a code the UI translates. */
  guard: <T>(op: () => Promise<T>) => Promise<T>;
  /** Each course's reflections (and every course's, under {@link ALL_COURSES}), newest first. */
  reflectionCache: Map<string, Promise<Reflection[]>>;
  /** Drop the reflection cache after a write of reflections; returns `result`. */
  changed: <T>(result: T) => T;
}

/** The cache key of every course's reflections (course ids never contain `*`). */
export const ALL_COURSES = '*';

/** The shared state of a store over `db`. */
export function createStoreContext(db: CompanionDatabase, env: StoreEnv): StoreContext {
  // The background is the database's only writer, so it can keep each course's reflections in
  // memory between writes: opening the popup then costs no read of thousands of records.
  // Every write of reflections drops the cache; a worker restart starts without one.
  const reflectionCache = new Map<string, Promise<Reflection[]>>();
  return {
    db,
    env,
    iso: () => env.now().toISOString(),
    guard: async <T>(op: () => Promise<T>): Promise<T> => {
      try {
        return await op();
      } catch (e) {
        throw toDatabaseError(e);
      }
    },
    reflectionCache,
    changed: <T>(result: T): T => {
      reflectionCache.clear();
      return result;
    },
  };
}
