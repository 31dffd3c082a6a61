import type { Progress, Reflection } from '../../utils/protocol/records';
import { send } from '../../utils/send';
import { type ReflectionCounts } from '../../utils/protocol/messages';
import { useBackground } from '../../components/use-background';

const NO_PROGRESS: Progress[] = [];
const NO_REFLECTIONS: Reflection[] = [];
const NO_COUNTS: ReflectionCounts = { total: 0, byResource: {}, byOutcome: {} };

/**
 * The learner's progress, reflection counts, newest reflections and backup status for a
 * session (and their progress over the course), kept current while the view is open. `version` changes on every change, so views
 * holding search results fetch them again.
 */
export function useSessionState(courseId: string, sessionId: string) {
  const { reply, error, loaded, version } = useBackground(
    () => send({ type: 'session:state', courseId, sessionId }),
    (m) =>
      (m.type === 'progress:changed' ||
        m.type === 'reflections:changed' ||
        m.type === 'journal:exported') &&
      m.courseId === courseId,
    [courseId, sessionId],
  );
  return {
    progress: reply?.progress ?? NO_PROGRESS,
    recent: reply?.recent ?? NO_REFLECTIONS,
    counts: reply?.counts ?? NO_COUNTS,
    /** The course's progress over every known session; null until the first answer. */
    course: reply?.course ?? null,
    backup: reply?.backup ?? null,
    otherCourses: reply?.otherCourses ?? 0,
    error,
    loaded,
    version,
  };
}
