import { useEffect, useState } from 'preact/hooks';
import type { Pack } from '../content/pack-schema';
import type { StoredLinkCheck } from '../utils/protocol/records';
import { localToday, packView } from '../content/sessions';
import type { CurrentPack, CurrentPackView } from '../utils/protocol/course-messages';
import { send } from '../utils/protocol/messages';
import { onBroadcast } from './ui-messages';

/**
 * The current course pack as the background keeps it (imported or bundled, learned links
 * filled in), kept current while the view is open. `null` until the first answer; when the
 * background cannot answer, `fallback` (the bundled pack) serves, so a learner always sees
 * the course.
 */
export function useCurrentPack(fallback: Pack): CurrentPack | null {
  const [current, setCurrent] = useState<CurrentPack | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await send({ type: 'pack:current' });
      if (!alive) return;
      setCurrent(
        reply.ok
          ? reply
          : (prev) => prev ?? { pack: fallback, source: 'bundled', importedAt: null, learned: [] },
      );
    };
    void load();
    const stopListening = onBroadcast((m) => {
      if (m.type === 'pack:changed') void load();
    });
    return () => {
      alive = false;
      stopListening();
    };
  }, [fallback]);
  return current;
}

/**
 * What the popup shows of the current pack (`pack:view`): the course, session summaries and
 * the current session in full, kept current while the popup is open. `null` until the first
 * answer; when the background cannot answer, the same view of `fallback` (the bundled pack).
 */
export function usePackView(fallback: Pack): CurrentPackView | null {
  const [view, setView] = useState<CurrentPackView | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await send({ type: 'pack:view' });
      if (!alive) return;
      const own = packView(fallback, localToday());
      setView(
        reply.ok
          ? reply
          : (prev) => prev ?? (own && { ...own, source: 'bundled', importedAt: null, learned: [] }),
      );
    };
    void load();
    const stopListening = onBroadcast((m) => {
      if (m.type === 'pack:changed') void load();
    });
    return () => {
      alive = false;
      stopListening();
    };
  }, [fallback]);
  return view;
}

/** The stored link checks of the current course, kept current; empty until known. */
export function useLinkChecks(): StoredLinkCheck[] {
  const [checks, setChecks] = useState<StoredLinkCheck[]>([]);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await send({ type: 'facilitator:state' });
      if (alive && reply.ok) setChecks(reply.checks);
    };
    void load();
    const stopListening = onBroadcast((m) => {
      if (m.type === 'checks:changed' || m.type === 'pack:changed') void load();
    });
    return () => {
      alive = false;
      stopListening();
    };
  }, []);
  return checks;
}
