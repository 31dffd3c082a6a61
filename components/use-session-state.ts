import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Progress, Reflection } from '../utils/db';
import { send, type Broadcast, type ReplyError } from '../utils/messages';
import { isBroadcast } from './use-overlay';

/** The learner's progress and reflections for a session, kept current while the view is open. */
export function useSessionState(courseId: string, sessionId: string) {
  const [progress, setProgress] = useState<Progress[]>([]);
  const [reflections, setReflections] = useState<Reflection[]>([]);
  const [error, setError] = useState<ReplyError | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await send({ type: 'session:state', courseId, sessionId });
      if (!alive) return;
      if (reply.ok) {
        setProgress(reply.progress);
        setReflections(reply.reflections);
        setError(null);
      } else setError(reply.error);
      setLoaded(true);
    };
    void load();
    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (!isBroadcast(message, sender)) return undefined;
      const m = message as Broadcast;
      if (
        (m.type === 'progress:changed' || m.type === 'reflections:changed') &&
        m.courseId === courseId
      )
        void load();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      alive = false;
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, [courseId, sessionId]);
  return { progress, reflections, error, loaded };
}
