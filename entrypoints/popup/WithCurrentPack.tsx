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
function usePackView(
  fallback: Pack,
  sessionId: string | undefined,
  initial: CurrentPackView | null,
) {
  const { reply, loaded, error, version } = useBackground(
    () => send(sessionId === undefined ? { type: 'pack:view' } : { type: 'pack:view', sessionId }),
    (m) => m.type === 'pack:changed',
    [fallback, sessionId],
    undefined,
    initial ? { ok: true as const, ...initial } : null,
  );
  const gone = sessionId !== undefined && error?.code === 'not_found';
  // The first version is the snapshot's when there is one: not yet the background's word.
  const fresh = version > (initial ? 1 : 0);
  if (reply || !loaded) return { view: reply, gone, fresh };
  const own = packView(fallback, localToday(), sessionId) ?? packView(fallback, localToday());
  const view: CurrentPackView | null = own && {
    ...own,
    source: 'bundled',
    importedAt: null,
    learned: [],
    learnedSessions: [],
    learnerLinks: [],
  };
  return { view, gone, fresh: false };
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
  initial = null,
  children,
}: {
  fallback: Pack;
  /** The view the popup showed last (its snapshot), drawn until the background answers. */
  initial?: CurrentPackView | null;
  /**
   * Gets the view, and what the background said of the pack (e.g. which links it learned);
   * `current` is true when the view is the background's current session, as it answered it
   * (not a snapshot, not a session the learner switched to).
   */
  children: (
    view: CurrentPackView,
    choose: (sessionId: string) => void,
    current: boolean,
  ) => ComponentChildren;
}) {
  const [chosen, choose] = useState<string | undefined>(undefined);
  const { view, gone, fresh } = usePackView(fallback, chosen, initial);
  // A new pack without the chosen session: back to the background's current session.
  useEffect(() => {
    if (gone) choose(undefined);
  }, [gone]);
  return view ? <>{children(view, choose, fresh && chosen === undefined)}</> : null;
}
