import type { Session } from '../content/pack-schema';
import { t } from '../utils/i18n';

/**
 * The outcomes a reflection speaks to, as short tags ("Outcome 1, Outcome 2"): the overlay's
 * list and the popup's search show them alike.
 */
export function outcomeTags(session: Session, ids: readonly string[]): string {
  return session.outcomes
    .map((o, i) => (ids.includes(o.id) ? t('outcomeNumber', i + 1) : null))
    .filter((x): x is string => x !== null)
    .join(', ');
}
