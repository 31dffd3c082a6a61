/**
 * The store's reflection operations: save, delete and restore, the lists the pages read, and
 * the purge of reflections deleted past their grace period.
 */
import type { Reflection, ResourcePlace, Writing } from '../../../utils/protocol/records';
import { resourceKey } from './database';
import { ALL_COURSES, type StoreContext } from './store-context';

/** What the learner writes, and where; the store adds ids and times. */
export type ReflectionInput = ResourcePlace & Writing & Pick<Reflection, 'pageUrl' | 'pageTitle'>;

/** The result of saving an edit that raced with another edit of the same reflection. */
export interface SaveResult {
  reflection: Reflection;
  /** True when the stored copy had changed since the editor loaded it: the edit was saved as a new reflection instead of overwriting. */
  conflict: boolean;
}

/** How long a deleted reflection can be brought back before it is purged. */
export const UNDO_GRACE_MS = 30 * 24 * 60 * 60 * 1000;

/** The reflection operations over a store's context. */
export function reflectionOperations({
  db,
  env,
  iso,
  guard,
  reflectionCache,
  changed,
}: StoreContext) {
  function setDeleted(id: string, mark: () => string | null): Promise<Reflection | null> {
    return guard(async () => {
      const tx = db.transaction('reflections', 'readwrite');
      const existing = await tx.store.get(id);
      if (!existing) {
        await tx.done;
        return null;
      }
      // A delete or a restore is a change like an edit: the later one wins when two copies
      // meet (an import, a sync), so a deletion reaches the other devices and a restore too.
      const next = { ...existing, deletedAt: mark(), updatedAt: iso() };
      await tx.store.put(next);
      await tx.done;
      return changed(next);
    });
  }

  /** The cached list under `key`, read by `read` when there is none. */
  function cached(key: string, read: () => Promise<Reflection[]>): Promise<readonly Reflection[]> {
    let list = reflectionCache.get(key);
    if (!list) {
      list = guard(read);
      reflectionCache.set(key, list);
      // A failed read is not kept: the next call tries again.
      list.catch(() => reflectionCache.delete(key));
    }
    return list;
  }

  /** Every reflection of every course, deleted ones included, newest first (cached). */
  const every = () =>
    cached(ALL_COURSES, async () => (await db.getAll('reflections')).sort(newestFirst));

  return {
    /**
     * Create a reflection, or update one (`id` given). An update whose `baseUpdatedAt` is not
     * the stored copy's (another tab saved in between), or of a reflection deleted meanwhile
     * (another tab deleted it while this one edited), is kept as a new reflection: no save
     * overwrites another, none silently undoes a delete, and no word is lost. The resource's
     * draft is cleared in the same transaction, if `draftOwner` still owns it.
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

    /** Mark a reflection deleted (it can be restored with `restoreReflection`). */
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

    /**
     * A session's reflections, newest first, without deleted ones: filtered from the course's
     * list when it is in memory (a warm worker), else read through the session's index (a
     * worker just started need not read every session's reflections first).
     */
    listBySession(courseId: string, sessionId: string): Promise<Reflection[]> {
      const course = reflectionCache.get(courseId);
      if (course)
        return guard(async () =>
          (await course).filter((r) => r.sessionId === sessionId && r.deletedAt === null),
        );
      return guard(async () =>
        live(await db.getAllFromIndex('reflections', 'by-session', [courseId, sessionId])),
      );
    },

    /**
     * Every reflection of a course, deleted ones included, newest first, from memory when no
     * write happened since the last read. Callers must not modify the list.
     */
    courseReflections(courseId: string): Promise<readonly Reflection[]> {
      // From the list of every course: the popup's first request needs both, and one read of
      // the store costs half of two when the worker starts cold (npm run bench, popup-cold).
      return cached(courseId, async () => (await every()).filter((r) => r.courseId === courseId));
    },

    /**
     * Every reflection of every course, deleted ones included, newest first (cached as
     * `courseReflections` is). A pack of another course must not hide the learner's
     * words: the reminder and the popup count them all.
     */
    allReflections(): Promise<readonly Reflection[]> {
      return every();
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
}

/** Only the fields a learner writes: an input carrying more (a whole record, say) adds nothing. */
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
