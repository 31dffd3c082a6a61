import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { localized } from '../../content/pack-schema';
import { readingStatus } from '../../components/reading-status';
import { t, uiLanguage } from '../../utils/i18n';
import { send } from '../../utils/send';
import { KindIcon } from '../../components/KindIcon';
import { ReflectionWriting } from '../../components/ReflectionWriting';
import { errorText, type Status } from '../../components/status-text';
import { OverlayQuotes, quoteStatus, useQuotes } from './OverlayQuotes';
import { useFocusGuard } from './use-focus-guard';
import { overlayToken, overlayTransport, useOverlayState } from './use-overlay';

/**
 * The overlay shown on a course reading, inside its own extension frame: a small tab at the
 * page edge that opens into a panel with the session, the reading's learning outcomes, the
 * learner's progress and reflections. Of the course pack it knows only its reading's session,
 * which comes with its state from the background.
 */
export function Overlay() {
  const { state, setState, error, setReflections, focusRequest } = useOverlayState();
  const [status, setStatus] = useState<Status | null>(null);
  const transport = useMemo(() => overlayTransport(overlayToken()), []);
  const panel = useRef<HTMLElement>(null);
  const lang = uiLanguage();

  // A User Timing mark for the benchmark (npm run bench): the overlay is on screen.
  const ready = state !== null;
  useEffect(() => {
    if (ready) performance.mark('companion:overlay-ready');
  }, [ready]);

  // Opened by the keyboard shortcut or the tab: take focus, so the learner can go on with the keyboard.
  const focusOnOpen = useRef(false);
  const expanded = state?.layout.expanded ?? false;
  const focusGuard = useFocusGuard(overlayToken(), state !== null && expanded);
  const quoted = state?.reflections.some((r) => r.quote !== null) ?? false;
  const { quotes, setShow } = useQuotes(overlayToken(), state?.tabId ?? -1, expanded, quoted);
  useEffect(() => {
    if (focusRequest > 0) panel.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [focusRequest]);
  useEffect(() => {
    if (expanded && focusOnOpen.current) {
      focusOnOpen.current = false;
      panel.current?.querySelector<HTMLElement>('h1')?.focus();
    }
  }, [expanded]);

  if (error) {
    return (
      <p class="unavailable" role="status">
        {error.code === 'forbidden_sender' || error.code === 'not_a_reading'
          ? t('overlayUnavailable')
          : errorText(t, error)}
      </p>
    );
  }
  if (!state) return null;
  const { session } = state;
  const resource = session.resources.find((r) => r.id === state.reading.resourceId);
  if (!resource) return <p role="status">{t('overlayUnavailable')}</p>;
  const { layout } = state;
  const token = overlayToken();

  const setLayout = async (expanded: boolean, side = layout.side, returnFocus = false) => {
    setState({ ...state, layout: { expanded, side } });
    const reply = await send({ type: 'overlay:layout', token, expanded, side, returnFocus });
    if (!reply.ok) setStatus({ text: errorText(t, reply.error), kind: 'error' });
  };

  if (!layout.expanded) {
    return (
      <button
        type="button"
        class={`tab tab-${layout.side}`}
        aria-expanded="false"
        aria-label={t('overlayOpen')}
        title={t('overlayOpen')}
        onClick={() => {
          // Opened from the tab (mouse or keyboard): move focus into the panel, as the shortcut does.
          focusOnOpen.current = true;
          void setLayout(true);
        }}
      >
        <KindIcon kind={resource.kind} />
        <span aria-hidden="true">{t('badgeText', session.number)}</span>
      </button>
    );
  }

  const index = session.resources.findIndex((r) => r.id === resource.id);
  const prev = session.resources[index - 1];
  const next = session.resources[index + 1];
  const serves = new Set(resource.outcomes ?? []);
  const readingState = readingStatus(state.progress);
  const done = readingState === 'done';

  const toggleDone = async () => {
    const reply = await send({ type: 'progress:done', token, done: !done });
    if (reply.ok) {
      setState({ ...state, progress: reply.progress });
      setStatus({ text: t(`status_${readingStatus(reply.progress)}`), kind: 'info' });
    } else setStatus({ text: errorText(t, reply.error), kind: 'error' });
  };

  return (
    <main
      ref={panel}
      class={`panel panel-${layout.side}`}
      data-focus-left={focusGuard.left}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          void setLayout(false, layout.side, true);
        }
      }}
    >
      <div class="toolbar">
        <button
          type="button"
          aria-expanded="true"
          onClick={() => void setLayout(false, layout.side, true)}
        >
          {t('overlayCollapse')}
        </button>
        <button
          type="button"
          onClick={() => void setLayout(true, layout.side === 'right' ? 'left' : 'right')}
        >
          {layout.side === 'right' ? t('overlayMoveLeft') : t('overlayMoveRight')}
        </button>
      </div>

      <header>
        <p class="kicker">
          <KindIcon kind={resource.kind} />
          <span>{t('overlayKicker', [session.number, t(`kind_${resource.kind}`)])}</span>
        </p>
        <h1 tabIndex={-1}>{localized(resource, 'title', lang)}</h1>
        <p class="muted session-title">{localized(session, 'title', lang)}</p>
      </header>

      <section aria-labelledby="ov-outcomes">
        <h2 id="ov-outcomes">{t('outcomesHeading')}</h2>
        <ol class="outcomes">
          {session.outcomes.map((o) => (
            <li key={o.id} class={serves.has(o.id) ? 'serves' : undefined}>
              {localized(o, 'text', lang)}
              {serves.has(o.id) && <strong class="serves-mark"> ({t('overlayServes')})</strong>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="ov-status" class="status-box">
        <h2 id="ov-status">{t('statusHeading')}</h2>
        <p data-testid="reading-status" class={`reading-status ${readingState}`}>
          {t(`status_${readingState}`)}
        </p>
        <button type="button" aria-pressed={done} onClick={() => void toggleDone()}>
          {done ? t('markNotDone') : t('markDone')}
        </button>
      </section>

      <section aria-labelledby="ov-reflections" class="reflections" data-testid="reflections-slot">
        <h2 id="ov-reflections">{t('reflectionsHeading')}</h2>
        {/* Always in the page, so that screen readers announce the alert when it fills. */}
        <p class="focus-alert" role="alert" data-testid="focus-alert">
          {focusGuard.taken ? t('overlayFocusTaken') : ''}
        </p>
        <ReflectionWriting
          transport={transport}
          session={session}
          resource={resource}
          draft={state.draft}
          reflections={state.reflections}
          lang={lang}
          onReflections={setReflections}
          onStatus={setStatus}
          quoteStatus={quoteStatus(token, quotes, setStatus)}
        />
      </section>

      <OverlayQuotes
        token={token}
        quotes={quotes}
        reflections={state.reflections}
        setShow={setShow}
        onStatus={setStatus}
      />

      <nav aria-label={t('sessionNav')} class="prev-next">
        {[prev && (['prevResource', prev] as const), next && (['nextResource', next] as const)].map(
          (entry) => {
            if (!entry) return null;
            const [key, r] = entry;
            const title = localized(r, 'title', lang);
            return r.link ? (
              <a key={key} href={r.link} target="_top" rel="noopener">
                {t(key, title)}
              </a>
            ) : (
              <span key={key} class="muted">
                {t(key, title)} {t('noLinkYet')}
              </span>
            );
          },
        )}
      </nav>

      {/* Two fixed live regions: screen readers announce changes to regions that already exist. */}
      <p class="live" role="status" data-testid="overlay-status">
        {status?.kind === 'info' ? status.text : ''}
      </p>
      <p class="live error" role="alert" data-testid="overlay-error">
        {status?.kind === 'error' ? status.text : ''}
      </p>
    </main>
  );
}
