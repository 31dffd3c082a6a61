import type { Session } from '../content/pack-schema';
import { t } from '../utils/i18n';

/**
 * The outcomes a reflection speaks to, as short tags ("Outcome 1, Outcome 2"): the overlay's
 * list and the popup's search show them alike.
 *
 * @param session the reflection's session, or its outcomes' ids in order
 */
export function outcomeTags(session: Session | readonly string[], ids: readonly string[]): string {
  const order = 'outcomes' in session ? session.outcomes.map((o) => o.id) : session;
  return order
    .map((id, i) => (ids.includes(id) ? t('outcomeNumber', i + 1) : null))
    .filter((x): x is string => x !== null)
    .join(', ');
}
