import type { ComponentChildren } from 'preact';
import type { Pack } from '../content/pack-schema';
import type { CurrentPackView } from '../utils/protocol/course-messages';
import { usePackView } from './use-current-pack';

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
