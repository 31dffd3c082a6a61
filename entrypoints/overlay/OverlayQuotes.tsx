import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { QuotesOnPage } from '../../utils/protocol/messages';
import type { Reflection } from '../../utils/protocol/records';
import { formatDateTime, t, tn } from '../../utils/i18n';
import { send } from '../../utils/send';
import { useBackground } from '../../components/use-background';
import { onBroadcast } from '../../components/broadcasts';
import { errorText, type Status } from '../../components/status-text';

type QuotesReply = { ok: true } & QuotesOnPage & { looked: boolean };

/** How often, and how many times, the overlay asks whether the page has looked yet. */
const LOOK_ASK_MS = 700;
const LOOK_ASKS = 10;

/**
 * Which of the reading's quotes its page shows (the quote script says), kept current; and the
 * reflection the learner asked to see by clicking its highlight (`overlay:reveal`).
 */
export function useQuotes(token: string, tabId: number, listShown: boolean, quoted: boolean) {
  // The tab is known once the overlay's state came; the broadcast filter reads it then.
  const tab = useRef(tabId);
  tab.current = tabId;
  const { reply, update, reload } = useBackground<QuotesReply>(
    () => send({ type: 'quotes:state', token }),
    (m) =>
      (m.type === 'quotes:changed' && m.tabId === tab.current) || m.type === 'reflections:changed',
    [token],
  );
  // Firefox does not deliver broadcasts to an extension frame inside a web page: until the
  // page's quote script has looked, ask again now and then (a few times, then wait for news).
  const asked = useRef(0);
  const looked = reply?.looked ?? true;
  useEffect(() => {
    if (!quoted || looked || asked.current >= LOOK_ASKS) return;
    const timer = setTimeout(() => {
      asked.current++;
      void reload();
    }, LOOK_ASK_MS);
    return () => clearTimeout(timer);
  }, [quoted, looked, reply]);
  const [reveal, setReveal] = useState<{ id: string } | null>(null);
  useEffect(
    () =>
      onBroadcast((m) => {
        if (m.type === 'overlay:reveal' && m.tabId === tab.current) setReveal({ id: m.id });
      }),
    [],
  );
  // Show the clicked highlight's reflection: bring it into view and give it the focus.
  useEffect(() => {
    if (!reveal) return;
    const item = [...document.querySelectorAll<HTMLElement>('[data-reflection-id]')].find(
      (el) => el.dataset.reflectionId === reveal.id,
    );
    if (!item) return;
    item.tabIndex = -1;
    item.classList.add('revealed');
    item.scrollIntoView({ block: 'nearest' });
    item.focus();
  }, [reveal, listShown]);
  const setShow = (show: boolean) => update((r) => ({ ...r, show }));
  return { quotes: reply, setShow };
}

/** Props of {@link OverlayQuotes}. */
export interface OverlayQuotesProps {
  token: string;
  quotes: QuotesReply | null;
  reflections: Reflection[];
  setShow: (show: boolean) => void;
  onStatus: (status: Status) => void;
}

/** Scroll the page to a reflection's quote; say so when it is not there any more. */
export async function revealQuote(token: string, id: string, onStatus: (s: Status) => void) {
  const reply = await send({ type: 'quotes:reveal', token, id });
  if (!reply.ok) onStatus({ text: errorText(t, reply.error), kind: 'error' });
  else if (!reply.revealed) onStatus({ text: t('quoteGone'), kind: 'error' });
}

/**
 * What goes beside a reflection's quote in the overlay's list: _Show in the page_ when the
 * page's quote script found it, "Not found on this page" when it did not.
 */
export function quoteStatus(
  token: string,
  quotes: QuotesReply | null,
  onStatus: (s: Status) => void,
): (r: Reflection) => ComponentChildren {
  return (r) => {
    if (!r.quote || !quotes?.looked) return null;
    if (quotes.missing.includes(r.id))
      return <p class="quote-missing muted">{t('quoteNotFound')}</p>;
    if (!quotes.found.includes(r.id)) return null;
    return (
      <button
        type="button"
        class="link-button"
        aria-label={t('quoteShowNamed', formatDateTime(r.createdAt))}
        onClick={() => void revealQuote(token, r.id, onStatus)}
      >
        {t('quoteShow')}
      </button>
    );
  };
}

/**
 * The learner's quotes on this page: _Show my quotes_ (the highlights, on by default,
 * remembered) and the quotes the page no longer has, with their text, so none is lost from
 * sight.
 */
export function OverlayQuotes({
  token,
  quotes,
  reflections,
  setShow,
  onStatus,
}: OverlayQuotesProps) {
  const quoted = reflections.filter((r) => r.quote && r.deletedAt === null);
  if (quoted.length === 0) return null;
  const missing = quotes?.looked ? quoted.filter((r) => quotes.missing.includes(r.id)) : [];
  const toggle = async (show: boolean) => {
    setShow(show);
    const reply = await send({ type: 'quotes:show', token, show });
    if (!reply.ok) {
      setShow(!show);
      onStatus({ text: errorText(t, reply.error), kind: 'error' });
    }
  };
  return (
    <section aria-labelledby="ov-quotes" class="quotes-box" data-testid="quotes-box">
      <h2 id="ov-quotes">{t('quotesHeading')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={quotes?.show ?? true}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />{' '}
        {t('quotesShow')}
      </label>
      {missing.length > 0 && (
        <>
          <h3 id="ov-quotes-missing">{tn('quotesMissing', missing.length)}</h3>
          <p class="muted">{t('quotesMissingHint')}</p>
          <ul aria-labelledby="ov-quotes-missing" data-testid="quotes-missing">
            {missing.map((r) => (
              <li key={r.id}>
                <blockquote class="reflection-quote">{r.quote?.exact}</blockquote>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
