import type { Progress, Reflection } from '../../utils/protocol/records';
import { send } from '../../utils/send';
import type { Broadcast, ReflectionCounts, Replies } from '../../utils/protocol/messages';
import { useBackground } from '../../components/use-background';

const NO_PROGRESS: Progress[] = [];
const NO_REFLECTIONS: Reflection[] = [];
const NO_COUNTS: ReflectionCounts = { total: 0, byResource: {}, byOutcome: {} };

/**
 * The learner's progress, reflection counts, newest reflections and backup status for a
 * session (and their progress over the course), kept current while the view is open. `version` changes on every change, so views
 * holding search results fetch them again.
 */
export function useSessionState(
  courseId: string,
  sessionId: string,
  /** The session's state as the popup showed it last (its snapshot), drawn until answered. */
  initial: Replies['session:state'] | null = null,
) {
  const changed = (m: Broadcast) =>
    (m.type === 'progress:changed' ||
      m.type === 'reflections:changed' ||
      m.type === 'journal:exported') &&
    m.courseId === courseId;
  const { reply, error, loaded, version } = useBackground(
    () => send({ type: 'session:state', courseId, sessionId }),
    changed,
    [courseId, sessionId],
    undefined,
    initial ? { ok: true, ...initial } : null,
  );
  // The whole journal's figures come a moment after the session's: they read every reflection,
  // and the session is what the learner came for.
  const status = useBackground(
    () => send({ type: 'journal:status', courseId }),
    (m) => changed(m) || m.type === 'pack:changed',
    [courseId],
  );
  return {
    progress: reply?.progress ?? NO_PROGRESS,
    recent: reply?.recent ?? NO_REFLECTIONS,
    counts: reply?.counts ?? NO_COUNTS,
    /** The course's progress over every known session; null until the first answer. */
    course: status.reply?.course ?? null,
    backup: status.reply?.backup ?? null,
    otherCourses: status.reply?.otherCourses ?? 0,
    error: error ?? status.error,
    /** Whether the session's own state came (what the popup shows first). */
    loaded,
    version,
    /** The session's state as the background answered it (not the snapshot): may be kept. */
    answered: reply !== null && version > (initial ? 1 : 0) ? reply : null,
  };
}
