/**
 * The course data a facilitator keeps, one record each: the imported pack, the chosen
 * session, learned links, link checks and page differences.
 */
import type { CourseData } from '../../../utils/protocol/records';
import { COURSE_RECORD_KEYS } from './database';
import type { StoreContext } from './store-context';

/** Course data before a facilitator changes anything. */
export const DEFAULT_COURSE_DATA: CourseData = {
  pack: null,
  chosenSession: null,
  learnedLinks: [],
  linkChecks: [],
  pageDiffs: [],
  learnedSessions: [],
  ignoredSessions: [],
  openedSession: null,
};

/** The course-data operations over a store's context. */
export function courseDataOperations({ db, guard }: StoreContext) {
  return {
    /** A course record (see {@link CourseData}), or its default. */
    getCourseData<K extends keyof CourseData>(key: K): Promise<CourseData[K]> {
      return guard(async () => {
        const rec = await db.get('course', COURSE_RECORD_KEYS[key]);
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
          current[key] = ((await tx.store.get(COURSE_RECORD_KEYS[key]))?.value ??
            DEFAULT_COURSE_DATA[key]) as CourseData[K];
        const next = change(current);
        for (const key of Object.keys(next) as K[])
          await tx.store.put({ key: COURSE_RECORD_KEYS[key], value: next[key] as CourseData[K] });
        await tx.done;
        return { ...current, ...next };
      });
    },
  };
}
