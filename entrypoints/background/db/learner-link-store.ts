/**
 * The pages the learner linked as a session's resources (`link:set`), one per resource. Each
 * write is one transaction: a link moved from one resource to another never exists twice.
 */
import type { LearnerLinkRecord } from '../../../utils/protocol/records';
import type { StoreContext } from './store-context';

/** The learner-link operations over a store's context. */
export function learnerLinkOperations({ db, guard }: StoreContext) {
  return {
    /** The course's learner links (every course's with no `courseId`). */
    learnerLinks(courseId?: string): Promise<LearnerLinkRecord[]> {
      return guard(async () => {
        const all = await db.getAll('learnerLinks');
        return courseId === undefined ? all : all.filter((l) => l.courseId === courseId);
      });
    },

    /**
     * Store `link` as the learner's link of its resource (replacing the one it had), and drop
     * the course's links of the resources in `moveFrom` (the same page was linked to them).
     */
    setLearnerLink(link: LearnerLinkRecord, moveFrom: readonly string[] = []): Promise<void> {
      return guard(async () => {
        const tx = db.transaction('learnerLinks', 'readwrite');
        await Promise.all([
          ...moveFrom.map((resourceId) => tx.store.delete([link.courseId, resourceId])),
          tx.store.put(link),
          tx.done,
        ]);
      });
    },

    /** Forget the learner's link of a resource; false when it had none. */
    removeLearnerLink(courseId: string, resourceId: string): Promise<boolean> {
      return guard(async () => {
        const tx = db.transaction('learnerLinks', 'readwrite');
        const found = (await tx.store.count([courseId, resourceId])) > 0;
        if (found) await tx.store.delete([courseId, resourceId]);
        await tx.done;
        return found;
      });
    },
  };
}
