/**
 * The store's operations on what the learner does at one reading besides reflecting: the
 * draft being written, and the reading's progress (opened, done).
 */
import type { Draft, Progress, ResourcePlace } from '../../../utils/protocol/records';
import { resourceKey } from './database';
import type { StoreContext } from './store-context';

/** The draft and progress operations over a store's context. */
export function readingOperations({ db, iso, guard }: StoreContext) {
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

  return {
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
  };
}
