import { useRef, useState } from 'preact/hooks';
import { localized, type Resource, type Session } from '../../content/pack-schema';
import { linkHost } from '../../content/address';
import { t } from '../../utils/i18n';
import type { ReplyError } from '../../utils/protocol/messages';
import { send } from '../../utils/send';
import { KindIcon } from '../../components/KindIcon';
import { errorText, type Status } from '../../components/status-text';
import type { ActiveTab } from './use-active-reading';

/** The words of a refused `link:set` or `link:remove`. */
const linkErrorText = (error: ReplyError): string =>
  // The pack changed under the popup: the resource it offered is gone.
  error.code === 'not_found' ? t('linkResourceGone') : errorText(t, error);

/**
 * Whether the popup offers to link the active tab's page: an https page (the browser showed
 * its address: `activeTab`) that the companion does not recognise, by its address or by its
 * content script.
 */
export function offersLink(tab: ActiveTab | null): boolean {
  const page = tab?.page;
  return (
    !!tab &&
    !!page &&
    tab.reading === null &&
    page.reading === null &&
    page.url.startsWith('https://')
  );
}

/**
 * "This page is one of this session's resources": on a page the companion does not recognise,
 * the learner says which resource it is, and the background links the tab's address to it (the
 * learner's own link, recognised from then on). A disclosure button opens a radio group of the
 * session's resources; the outcome is said in a live region, which stays after the offer goes
 * (the page is then recognised).
 */
export function LinkThisPage({
  tab,
  session,
  lang,
}: {
  /** The active tab, as the popup knows it. */
  tab: ActiveTab | null;
  session: Session;
  lang: string;
}) {
  // Another page (a tab switch, a navigation) starts afresh: what was said of the last one
  // no longer holds.
  return <LinkOffer key={tab?.page?.url ?? ''} tab={tab} session={session} lang={lang} />;
}

function LinkOffer({
  tab,
  session,
  lang,
}: {
  tab: ActiveTab | null;
  session: Session;
  lang: string;
}) {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const url = tab?.page?.url ?? null;
  const offered = offersLink(tab);
  if (!offered && !status) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!tab || busy) return;
    const resource = session.resources.find((r) => r.id === choice);
    if (!resource) {
      setStatus({ text: t('linkPageChoose'), kind: 'error' });
      return;
    }
    setBusy(true);
    const reply = await send({
      type: 'link:set',
      tabId: tab.tabId,
      sessionId: session.id,
      resourceId: resource.id,
    });
    setBusy(false);
    setStatus(
      reply.ok
        ? { text: t('linkPageDone', localized(resource, 'title', lang)), kind: 'info' }
        : { text: linkErrorText(reply.error), kind: 'error' },
    );
    if (reply.ok) setOpen(false);
    // The form goes once the page is recognised: keep the keyboard focus on what happened.
    statusRef.current?.focus();
  };

  return (
    <section class="link-page" aria-label={t('linkPageOffer')} data-testid="link-this-page">
      {offered && (
        <>
          <button
            type="button"
            class="link-page-toggle"
            aria-expanded={open}
            aria-controls="link-page-form"
            onClick={() => {
              setOpen(!open);
            }}
          >
            {t('linkPageOffer')}
          </button>
          {open && (
            <form id="link-page-form" onSubmit={(e) => void submit(e)}>
              <p class="muted small">{t('linkPageIntro', linkHost(url ?? ''))}</p>
              <fieldset>
                <legend>{t('linkPageLegend')}</legend>
                {session.resources.map((r) => (
                  <ResourceChoice
                    key={r.id}
                    resource={r}
                    lang={lang}
                    checked={choice === r.id}
                    onChoose={() => {
                      setChoice(r.id);
                    }}
                  />
                ))}
              </fieldset>
              <p class="muted small">{t('linkPageReplaces')}</p>
              <button type="submit" class="primary" disabled={busy}>
                {t('linkPageSubmit')}
              </button>
            </form>
          )}
        </>
      )}
      <p
        ref={statusRef}
        tabIndex={-1}
        class={`live${status?.kind === 'error' ? ' error' : ''}`}
        role="status"
      >
        {status?.text}
      </p>
    </section>
  );
}

/** One resource to choose: its kind (icon and word) and title. */
function ResourceChoice({
  resource,
  lang,
  checked,
  onChoose,
}: {
  resource: Resource;
  lang: string;
  checked: boolean;
  onChoose: () => void;
}) {
  const id = `link-choice-${resource.id}`;
  return (
    <div class="link-choice">
      <input
        type="radio"
        id={id}
        name="link-resource"
        value={resource.id}
        checked={checked}
        onChange={onChoose}
      />
      <label for={id}>
        <KindIcon kind={resource.kind} />
        <span class="kind-word">{t(`kind_${resource.kind}`)}</span>
        {' · '}
        {localized(resource, 'title', lang)}
      </label>
    </div>
  );
}

/**
 * Removing the learner's link of a resource, with what happened in words for a live region
 * (the "Remove" button goes with the link, so the words stay where the list is).
 */
export function useLinkRemoval(sessionId: string, lang: string) {
  const [status, setStatus] = useState<Status | null>(null);
  const remove = async (resource: Resource) => {
    const reply = await send({ type: 'link:remove', sessionId, resourceId: resource.id });
    setStatus(
      reply.ok
        ? { text: t('linkedByYouRemoved', localized(resource, 'title', lang)), kind: 'info' }
        : { text: linkErrorText(reply.error), kind: 'error' },
    );
  };
  return { remove, status };
}
