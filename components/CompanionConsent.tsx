import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { patternHost, uncoveredPatterns } from '../content/companion-hosts';
import { t } from '../utils/i18n';
import { send } from '../utils/send';
import { errorText } from './status-text';
import { useBackground } from './use-background';

/** Every match pattern of the build's content scripts: the hosts the companion has at install. */
function builtMatches(): string[] {
  return (browser.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []);
}

/** The hosts of `patterns` as a learner reads them: each once, without `www.`. */
function hostNames(patterns: readonly string[]): string[] {
  return [...new Set(patterns.map((p) => patternHost(p).replace(/^www\./, '')))];
}

/** Props of {@link CompanionConsent}. */
export interface CompanionConsentProps {
  /** The links of the readings in view (a session's): their hosts are the ones asked for. */
  links: readonly (string | null | undefined)[];
}

/**
 * "Show the companion on ‹hosts›": offered when some of the readings in view live on hosts the
 * build's reading script does not cover and the learner has not let it show on yet. One click
 * asks the browser for exactly those hosts (https only) and, if it grants them, tells the
 * background, which registers the reading script there. Nothing when every host is covered.
 */
export function CompanionConsent({ links }: CompanionConsentProps) {
  const { reply, update } = useBackground(
    () => send({ type: 'hosts:state' }),
    (m) => m.type === 'hosts:changed',
    [],
  );
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  if (!reply) return null;
  const missing = uncoveredPatterns(links, [...builtMatches(), ...reply.enabled]);
  if (missing.length === 0)
    return status ? (
      <p class="consent-status" role="status">
        {status.text}
      </p>
    ) : null;
  const hosts = hostNames(missing);

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
        update(() => ({ ok: true, enabled: answer.enabled }));
        setStatus({ text: t('consentDone', hostNames(missing).join(', ')), error: false });
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
      <p>{t('consentLead', hosts.join(', '))}</p>
      <button type="button" onClick={ask}>
        {t('consentButton', hosts.length)}
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
