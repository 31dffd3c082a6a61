import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../utils/i18n';
import { send } from '../utils/send';
import { errorText } from './status-text';
import { useBackground } from './use-background';

/** Props of {@link CompanionConsent}. */
export interface CompanionConsentProps {
  /** The session whose readings are in view; absent: the whole pack's. */
  sessionId?: string;
}

/**
 * "Show the companion on ‹hosts›": offered when some readings in view live on hosts the build's
 * reading script does not cover and the learner has not let it show on yet (the background
 * works out which: `hosts:state`). One click asks the browser for exactly those hosts (https
 * only) and, if it grants them, tells the background, which registers the reading script
 * there. Nothing when every host is covered.
 */
export function CompanionConsent({ sessionId }: CompanionConsentProps) {
  const { reply, reload } = useBackground(
    () => send({ type: 'hosts:state', ...(sessionId !== undefined && { sessionId }) }),
    (m) => m.type === 'hosts:changed' || m.type === 'pack:changed',
    [sessionId],
  );
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  if (!reply) return null;
  const { missing, missingHosts } = reply;
  if (missing.length === 0)
    return status ? (
      <p class="consent-status" role="status">
        {status.text}
      </p>
    ) : null;

  const ask = () => {
    setStatus(null);
    // Called at once in the click: the browser asks only during the learner's gesture.
    browser.permissions.request({ origins: missing }).then(
      async (granted) => {
        if (!granted) {
          setStatus({ text: t('consentRefused'), error: true });
          return;
        }
        const answer = await send({ type: 'hosts:enable', origins: missing });
        if (!answer.ok) {
          setStatus({ text: errorText(t, answer.error), error: true });
          return;
        }
        setStatus({ text: t('consentDone', missingHosts.join(', ')), error: false });
        await reload();
      },
      (e: unknown) => {
        setStatus({ text: `${t('consentRefused')} ${String(e)}`, error: true });
      },
    );
  };

  return (
    <section class="consent" aria-labelledby="consent-heading" data-testid="companion-consent">
      <h2 id="consent-heading" class="consent-heading">
        {t('consentHeading')}
      </h2>
      <p>{t('consentLead', missingHosts.join(', '))}</p>
      <button type="button" onClick={ask}>
        {t('consentButton', missingHosts.length)}
      </button>
      <p class="muted small">{t('consentWhy')}</p>
      {status && (
        <p role={status.error ? 'alert' : 'status'} class={status.error ? 'error' : undefined}>
          {status.text}
        </p>
      )}
    </section>
  );
}
