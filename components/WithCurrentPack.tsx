import type { ComponentChildren } from 'preact';
import type { Pack } from '../content/pack-schema';
import type { CurrentPack } from '../utils/facilitator-messages';
import { useCurrentPack } from './use-current-pack';

/**
 * Renders `children(pack)` once the background has said which pack is current, so the popup
 * and the overlay never flash the bundled course before an imported one.
 */
export function WithCurrentPack({
  fallback,
  children,
}: {
  fallback: Pack;
  /** Gets the pack, and what the background said of it (e.g. which links it learned). */
  children: (pack: Pack, current: CurrentPack) => ComponentChildren;
}) {
  const current = useCurrentPack(fallback);
  return current ? <>{children(current.pack, current)}</> : null;
}
