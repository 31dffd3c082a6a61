import type { ComponentChildren } from 'preact';
import type { Pack } from '../../content/pack-schema';
import { localToday, packView } from '../../content/sessions';
import type { CurrentPackView } from '../../utils/protocol/course-messages';
import { send } from '../../utils/send';
import { useBackground } from '../../components/use-background';

/**
 * What the popup shows of the current pack (`pack:view`): the course, session summaries and
 * the current session in full, kept current while the popup is open. `null` until the first
 * answer; when the background cannot answer, the same view of `fallback` (the bundled pack).
 */
function usePackView(fallback: Pack): CurrentPackView | null {
  const { reply, loaded } = useBackground(
    () => send({ type: 'pack:view' }),
    (m) => m.type === 'pack:changed',
    [fallback],
  );
  if (reply || !loaded) return reply;
  const own = packView(fallback, localToday());
  return (
    own && {
      ...own,
      source: 'bundled',
      importedAt: null,
      learned: [],
      learnedSessions: [],
      learnerLinks: [],
    }
  );
}

/**
 * Renders `children(view)` once the background has said what the popup shows of the current
 * pack (the course and one session), so the popup never flashes the bundled course before an
 * imported one.
 */
export function WithCurrentPack({
  fallback,
  children,
}: {
  fallback: Pack;
  /** Gets the view, and what the background said of the pack (e.g. which links it learned). */
  children: (view: CurrentPackView) => ComponentChildren;
}) {
  const view = usePackView(fallback);
  return view ? <>{children(view)}</> : null;
}
