import type { Pack } from '../../content/pack-schema';
import type { CurrentPack } from '../../utils/protocol/course-messages';
import { send } from '../../utils/send';
import { useBackground } from '../../components/use-background';

/**
 * The current course pack as the background keeps it (imported or bundled, learned links
 * and sessions filled in), kept current while the page is open. `null` until the first answer; when the
 * background cannot answer, `fallback` (the bundled pack) serves, so the course always shows.
 */
export function useCurrentPack(fallback: Pack): CurrentPack | null {
  const { reply, loaded } = useBackground(
    () => send({ type: 'pack:current' }),
    (m) => m.type === 'pack:changed',
    [fallback],
  );
  return (
    reply ??
    (loaded
      ? { pack: fallback, source: 'bundled', importedAt: null, learned: [], learnedSessions: [] }
      : null)
  );
}
