import { useEffect, useState } from 'preact/hooks';
import type { Progress, Reflection } from '../../utils/protocol/records';
import {
  send,
  type BackupStatus,
  type ReflectionCounts,
  type ReplyError,
} from '../../utils/protocol/messages';
import { onBroadcast } from '../../components/ui-messages';

/** The learner's progress, reflection counts, newest reflections and backup status for a session, kept current while the view is open. */
export function useSessionState(courseId: string, sessionId: string) {
  const [progress, setProgress] = useState<Progress[]>([]);
  const [recent, setRecent] = useState<Reflection[]>([]);
  const [counts, setCounts] = useState<ReflectionCounts>({
    total: 0,
    byResource: {},
    byOutcome: {},
  });
  const [backup, setBackup] = useState<BackupStatus | null>(null);
  const [otherCourses, setOtherCourses] = useState(0);
  // Bumped on every change, so views holding search results fetch them again.
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<ReplyError | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await send({ type: 'session:state', courseId, sessionId });
      if (!alive) return;
      if (reply.ok) {
        setProgress(reply.progress);
        setRecent(reply.recent);
        setCounts(reply.counts);
        setBackup(reply.backup);
        setOtherCourses(reply.otherCourses);
        setVersion((n) => n + 1);
        setError(null);
      } else setError(reply.error);
      setLoaded(true);
    };
    void load();
    const stopListening = onBroadcast((m) => {
      if (
        (m.type === 'progress:changed' ||
          m.type === 'reflections:changed' ||
          m.type === 'journal:exported') &&
        m.courseId === courseId
      )
        void load();
    });
    return () => {
      alive = false;
      stopListening();
    };
  }, [courseId, sessionId]);
  return { progress, recent, counts, backup, otherCourses, error, loaded, version };
}
