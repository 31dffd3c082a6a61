import type { ComponentChildren } from 'preact';
import type { Pack } from '../content/pack-schema';
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
  children: (pack: Pack) => ComponentChildren;
}) {
  const current = useCurrentPack(fallback);
  return current ? <>{children(current.pack)}</> : null;
}
