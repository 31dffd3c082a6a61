import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Pack } from '../../content/pack-schema';
import { localToday, packView } from '../../content/sessions';
import type { CurrentPackView } from '../../utils/protocol/course-messages';
import { send } from '../../utils/send';
import { useBackground } from '../../components/use-background';

/**
 * What the popup shows of the current pack (`pack:view`): the course, session summaries and
 * one session in full (`sessionId`, or the background's current session), kept current while
 * the popup is open. `view` is `null` until the first answer; when the background cannot
 * answer, the same view of `fallback` (the bundled pack). `gone`: the pack has no session
 * `sessionId` (any more).
 */
function usePackView(fallback: Pack, sessionId: string | undefined) {
  const { reply, loaded, error } = useBackground(
    () => send(sessionId === undefined ? { type: 'pack:view' } : { type: 'pack:view', sessionId }),
    (m) => m.type === 'pack:changed',
    [fallback, sessionId],
  );
  const gone = sessionId !== undefined && error?.code === 'not_found';
  if (reply || !loaded) return { view: reply, gone };
  const own = packView(fallback, localToday(), sessionId) ?? packView(fallback, localToday());
  const view: CurrentPackView | null = own && {
    ...own,
    source: 'bundled',
    importedAt: null,
    learned: [],
    learnedSessions: [],
    learnerLinks: [],
  };
  return { view, gone };
}

/**
 * Renders `children(view, choose)` once the background has said what the popup shows of the
 * current pack (the course and one session), so the popup never flashes the bundled course
 * before an imported one. `choose(id)` shows another session: the learner's choice holds for
 * this popup only (the background's current session stays), and until its answer comes the
 * session shown stays on screen.
 */
export function WithCurrentPack({
  fallback,
  children,
}: {
  fallback: Pack;
  /** Gets the view, and what the background said of the pack (e.g. which links it learned). */
  children: (view: CurrentPackView, choose: (sessionId: string) => void) => ComponentChildren;
}) {
  const [chosen, choose] = useState<string | undefined>(undefined);
  const { view, gone } = usePackView(fallback, chosen);
  // A new pack without the chosen session: back to the background's current session.
  useEffect(() => {
    if (gone) choose(undefined);
  }, [gone]);
  return view ? <>{children(view, choose)}</> : null;
}
