/**
 * The operations the background performs on the learner's database. Each one is a single
 * IndexedDB transaction: it either happens whole or not at all.
 */
import type { Backup } from '../../../utils/journal/backup-format';
import type { BackupData } from '../../../utils/journal/backup-build';
import { planImport, type ImportPlan } from '../../../utils/journal/backup-merge';
import { importBackup } from './backup-import';
import {
  resourceKey,
  toDatabaseError,
  type CompanionDatabase,
  type CourseData,
  type Draft,
  type Progress,
  type Quote,
  type Reflection,
  type Settings,
} from './database';

/** Where a reflection or draft belongs. */
export interface ResourcePlace {
  courseId: string;
  sessionId: string;
  resourceId: string;
}

/** What the learner writes; the store adds ids and times. */
export interface ReflectionInput extends ResourcePlace {
  text: string;
  quote: Quote | null;
  mediaTime: number | null;
  outcomeIds: string[];
  pageUrl: string;
  pageTitle: string;
}

/** The result of saving an edit that raced with another edit of the same reflection. */
export interface SaveResult {
  reflection: Reflection;
  /** True when the stored copy had changed since the editor loaded it: the edit was saved as a new reflection instead of overwriting. */
  conflict: boolean;
}

/** How long a deleted reflection can be brought back before it is purged. */
export const UNDO_GRACE_MS = 30 * 24 * 60 * 60 * 1000;

/** Default settings, used until the learner changes one. */
export const DEFAULT_SETTINGS: Settings = {
  overlay: { side: 'right', expanded: false },
  lastExportAt: null,
};

/** Course data before a facilitator changes anything. */
export const DEFAULT_COURSE_DATA: CourseData = {
  pack: null,
  currentSession: null,
  learnedLinks: [],
  linkChecks: [],
  pageDiffs: [],
};

/** Clock and id source, injectable for tests. */
export interface StoreEnv {
  now(): Date;
  newId(): string;
}

const defaultEnv: StoreEnv = { now: () => new Date(), newId: () => crypto.randomUUID() };

/** The store operations over an open database. */
export function createStore(db: CompanionDatabase, env: StoreEnv = defaultEnv) {
  const iso = () => env.now().toISOString();
  // Every operation reports IndexedDB failures as DatabaseError, with a code the UI translates.
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (e) {
      throw toDatabaseError(e);
    }
  };

  // The background is the database's only writer, so it can keep each course's reflections in
  // memory between writes: opening the popup then costs no read of thousands of records.
  // Every write below drops the cache; a worker restart starts without one.
  const courseCache = new Map<string, Promise<Reflection[]>>();
  const changed = <T>(result: T): T => {
    courseCache.clear();
    return result;
  };

  return {
    /**
     * Create a reflection, or update one (`id` given). An update whose `baseUpdatedAt` is not
     * the stored copy's (another tab saved in between), or of a reflection deleted meanwhile
     * (another tab deleted it while this one edited), is kept as a new reflection: no save
     * overwrites another, none silently undoes a delete, and no word is lost. The resource's draft is cleared in the same transaction, if
     * `draftOwner` still owns it.
     */
    saveReflection(
      input: ReflectionInput,
      opts: { id?: string; baseUpdatedAt?: string; draftOwner?: string } = {},
    ): Promise<SaveResult> {
      return guard(async () => {
        const tx = db.transaction(['reflections', 'drafts'], 'readwrite');
        const store = tx.objectStore('reflections');
        const time = iso();
        const existing = opts.id ? await store.get(opts.id) : undefined;
        const conflict =
          existing !== undefined &&
          ((opts.baseUpdatedAt !== undefined && existing.updatedAt !== opts.baseUpdatedAt) ||
            existing.deletedAt !== null);
        const reflection: Reflection =
          existing && !conflict
            ? { ...existing, ...fields(input), updatedAt: time }
            : {
                id: env.newId(),
                ...fields(input),
                createdAt: time,
                updatedAt: time,
                deletedAt: null,
              };
        await store.put(reflection);
        const key = resourceKey(input.courseId, input.resourceId);
        const draft = await tx.objectStore('drafts').get(key);
        if (draft && (opts.draftOwner === undefined || draft.owner === opts.draftOwner))
          await tx.objectStore('drafts').delete(key);
        await tx.done;
        return changed({ reflection, conflict });
      });
    },

    /** Mark a reflection deleted (it can be restored with {@link restoreReflection}). */
    deleteReflection(id: string): Promise<Reflection | null> {
      return setDeleted(id, () => iso());
    },

    /** Undo a delete. */
    restoreReflection(id: string): Promise<Reflection | null> {
      return setDeleted(id, () => null);
    },

    /** One reflection by id, deleted or not. */
    getReflection(id: string): Promise<Reflection | null> {
      return guard(async () => (await db.get('reflections', id)) ?? null);
    },

    /** A reading's reflections, newest first, without deleted ones. */
    listByResource(courseId: string, resourceId: string): Promise<Reflection[]> {
      return guard(async () =>
        live(await db.getAllFromIndex('reflections', 'by-resource', [courseId, resourceId])),
      );
    },

    /** A session's reflections, newest first, without deleted ones. */
    listBySession(courseId: string, sessionId: string): Promise<Reflection[]> {
      return guard(async () =>
        live(await db.getAllFromIndex('reflections', 'by-session', [courseId, sessionId])),
      );
    },

    /**
     * Every reflection of a course, deleted ones included, newest first, from memory when no
     * write happened since the last read. Callers must not modify the list.
     */
    courseReflections(courseId: string): Promise<readonly Reflection[]> {
      let list = courseCache.get(courseId);
      if (!list) {
        list = guard(async () =>
          (await db.getAllFromIndex('reflections', 'by-course', courseId)).sort(newestFirst),
        );
        courseCache.set(courseId, list);
        // A failed read is not kept: the next call tries again.
        list.catch(() => courseCache.delete(courseId));
      }
      return list;
    },

    /**
     * Every reflection of every course, deleted ones included, newest first (cached as
     * {@link courseReflections} is). A pack of another course must not hide the learner's
     * words: the reminder and the popup count them all.
     */
    allReflections(): Promise<readonly Reflection[]> {
      let list = courseCache.get(ALL);
      if (!list) {
        list = guard(async () => (await db.getAll('reflections')).sort(newestFirst));
        courseCache.set(ALL, list);
        list.catch(() => courseCache.delete(ALL));
      }
      return list;
    },

    /**
     * Move every live reflection of other courses into `courseId`, word for word (only the
     * course changes, and `updatedAt`, so a merge sees the change). For a learner whose
     * facilitator imported a pack of another course. Returns how many moved.
     */
    adoptReflections(courseId: string): Promise<number> {
      return guard(async () => {
        const tx = db.transaction('reflections', 'readwrite');
        const time = iso();
        let moved = 0;
        for await (const cursor of tx.store) {
          const r = cursor.value;
          if (r.courseId === courseId || r.deletedAt !== null) continue;
          await cursor.update({ ...r, courseId, updatedAt: time });
          moved++;
        }
        await tx.done;
        return changed(moved);
      });
    },

    /** Every reflection of a course, deleted ones included (for backups). */
    listByCourse(courseId: string): Promise<Reflection[]> {
      return guard(() => db.getAllFromIndex('reflections', 'by-course', courseId));
    },

    /** The draft of a resource, if any. */
    getDraft(courseId: string, resourceId: string): Promise<Draft | null> {
      return guard(async () => (await db.get('drafts', resourceKey(courseId, resourceId))) ?? null);
    },

    /** Save what is being written (called while typing and when the page is hidden). */
    saveDraft(draft: Omit<Draft, 'key' | 'updatedAt'>): Promise<Draft> {
      return guard(async () => {
        const full: Draft = {
          ...draft,
          key: resourceKey(draft.courseId, draft.resourceId),
          updatedAt: iso(),
        };
        await db.put('drafts', full);
        return full;
      });
    },

    /** Drop a resource's draft, if `owner` still owns it (another tab may have taken it over). */
    clearDraft(courseId: string, resourceId: string, owner: string): Promise<void> {
      return guard(async () => {
        const tx = db.transaction('drafts', 'readwrite');
        const key = resourceKey(courseId, resourceId);
        const draft = await tx.store.get(key);
        if (draft?.owner === owner) await tx.store.delete(key);
        await tx.done;
      });
    },

    /** Record that the learner opened a resource. */
    markOpened(place: ResourcePlace): Promise<Progress> {
      return updateProgress(place, (p, time) => ({
        ...p,
        firstOpenedAt: p.firstOpenedAt ?? time,
        lastOpenedAt: time,
      }));
    },

    /** Mark a resource done, or not done. */
    setDone(place: ResourcePlace, done: boolean): Promise<Progress> {
      return updateProgress(place, (p, time) => ({
        ...p,
        firstOpenedAt: p.firstOpenedAt ?? time,
        doneAt: done ? (p.doneAt ?? time) : null,
      }));
    },

    /** Progress of one resource, if the learner has opened it. */
    getProgress(courseId: string, resourceId: string): Promise<Progress | null> {
      return guard(
        async () => (await db.get('progress', resourceKey(courseId, resourceId))) ?? null,
      );
    },

    /** Progress of every resource of a session that has any. */
    progressBySession(courseId: string, sessionId: string): Promise<Progress[]> {
      return guard(() => db.getAllFromIndex('progress', 'by-session', [courseId, sessionId]));
    },

    /** A setting, or its default. */
    getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
      return guard(async () => {
        const rec = await db.get('settings', key);
        return (rec?.value as Settings[K] | undefined) ?? DEFAULT_SETTINGS[key];
      });
    },

    /** Change a setting. */
    setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
      return guard(async () => {
        await db.put('settings', { key, value });
      });
    },

    /**
     * What a backup is made from: reflections (deleted ones too), drafts, progress, settings,
     * of one course, or of every course (`null`).
     */
    exportData(courseId: string | null): Promise<BackupData> {
      const mine = (r: { courseId: string }) => courseId === null || r.courseId === courseId;
      return guard(async () => {
        const tx = db.transaction(['drafts', 'progress', 'settings'], 'readonly');
        const [reflections, drafts, progress, settings] = await Promise.all([
          courseId === null ? this.allReflections() : this.courseReflections(courseId),
          tx.objectStore('drafts').getAll(),
          tx.objectStore('progress').getAll(),
          tx.objectStore('settings').getAll(),
        ]);
        await tx.done;
        return {
          reflections: [...reflections],
          drafts: drafts.filter(mine),
          progress: progress.filter(mine),
          settings: Object.fromEntries(settings.map((s) => [s.key, s.value])),
        };
      });
    },

    /**
     * What importing `backup` would do now (nothing is written). It plans over every course's
     * records, as the import itself does, so both count an id another course holds alike.
     */
    previewImport(backup: Backup): Promise<ImportPlan> {
      return guard(async () => planImport(await this.exportData(null), backup));
    },

    /** Import `backup`: read, merge and write in one transaction (all or nothing). */
    applyImport(backup: Backup): Promise<ImportPlan> {
      return guard(async () => changed(await importBackup(db, backup)));
    },

    /** A course record (see {@link CourseData}), or its default. */
    getCourseData<K extends keyof CourseData>(key: K): Promise<CourseData[K]> {
      return guard(async () => {
        const rec = await db.get('course', key);
        return (rec?.value as CourseData[K] | undefined) ?? DEFAULT_COURSE_DATA[key];
      });
    },

    /**
     * Change course records in one transaction: `change` gets the current values of `keys`
     * and returns the new values of those it changes.
     */
    updateCourseData<K extends keyof CourseData>(
      keys: readonly K[],
      change: (current: Pick<CourseData, K>) => Partial<Pick<CourseData, K>>,
    ): Promise<Pick<CourseData, K>> {
      return guard(async () => {
        const tx = db.transaction('course', 'readwrite');
        const current = {} as Pick<CourseData, K>;
        for (const key of keys)
          current[key] = ((await tx.store.get(key))?.value ??
            DEFAULT_COURSE_DATA[key]) as CourseData[K];
        const next = change(current);
        for (const key of Object.keys(next) as K[])
          await tx.store.put({ key, value: next[key] as CourseData[K] });
        await tx.done;
        return { ...current, ...next };
      });
    },

    /** Remove reflections deleted longer ago than {@link UNDO_GRACE_MS} before `now`. */
    purgeDeleted(now: Date = env.now()): Promise<number> {
      return guard(async () => {
        const cutoff = new Date(now.getTime() - UNDO_GRACE_MS).toISOString();
        const tx = db.transaction('reflections', 'readwrite');
        let purged = 0;
        for await (const cursor of tx.store) {
          const { deletedAt } = cursor.value;
          if (deletedAt !== null && deletedAt < cutoff) {
            await cursor.delete();
            purged++;
          }
        }
        await tx.done;
        return changed(purged);
      });
    },
  };

  function setDeleted(id: string, mark: () => string | null): Promise<Reflection | null> {
    return guard(async () => {
      const tx = db.transaction('reflections', 'readwrite');
      const existing = await tx.store.get(id);
      if (!existing) {
        await tx.done;
        return null;
      }
      const next = { ...existing, deletedAt: mark() };
      await tx.store.put(next);
      await tx.done;
      return changed(next);
    });
  }

  function updateProgress(
    place: ResourcePlace,
    change: (p: Progress, time: string) => Progress,
  ): Promise<Progress> {
    return guard(async () => {
      const tx = db.transaction('progress', 'readwrite');
      const key = resourceKey(place.courseId, place.resourceId);
      const current: Progress = (await tx.store.get(key)) ?? {
        key,
        ...place,
        firstOpenedAt: null,
        lastOpenedAt: null,
        doneAt: null,
      };
      const next = change(current, iso());
      await tx.store.put(next);
      await tx.done;
      return next;
    });
  }
}

/** The store's operations. */
export type Store = ReturnType<typeof createStore>;

/** The cache key of every course's reflections (course ids never contain `*`). */
const ALL = '*';

/** The name of the daily alarm that purges deleted reflections past their grace period. */
export const PURGE_ALARM = 'purge-deleted';

/**
 * Purge reflections deleted longer ago than the grace period: run when the background starts
 * and on the daily {@link PURGE_ALARM}. Never throws (a database that cannot open now is
 * purged next time); returns how many were removed.
 */
export async function purgeOnStart(
  store: () => Promise<Store>,
  now: () => Date = () => new Date(),
): Promise<number> {
  try {
    return await (await store()).purgeDeleted(now());
  } catch {
    return 0;
  }
}

function fields(input: ReflectionInput) {
  const {
    courseId,
    sessionId,
    resourceId,
    text,
    quote,
    mediaTime,
    outcomeIds,
    pageUrl,
    pageTitle,
  } = input;
  return {
    courseId,
    sessionId,
    resourceId,
    text,
    quote,
    mediaTime,
    outcomeIds,
    pageUrl,
    pageTitle,
  };
}

function newestFirst(a: Reflection, b: Reflection): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}

function live(list: Reflection[]): Reflection[] {
  return list.filter((r) => r.deletedAt === null).sort(newestFirst);
}
