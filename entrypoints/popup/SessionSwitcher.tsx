import { useEffect, useRef } from 'preact/hooks';
import type { SessionSummary } from '../../content/sessions';
import { t } from '../../utils/i18n';

/** Props of {@link SessionSwitcher}. */
export interface SessionSwitcherProps {
  /** Every session the pack knows, in any order (shown in course order: by number). */
  sessions: readonly SessionSummary[];
  /** The id of the session the popup shows. */
  shown: string;
  /** Show this session instead (for this popup only: the background's choice stays). */
  onChoose: (sessionId: string) => void;
}

/**
 * The popup's compact session switcher: "Session 6 of 8" between Previous and Next buttons,
 * each named with the session it goes to. "Of 8" is the highest session number the pack knows
 * (sessions are numbered by week, so the course has at least that many; counting the known
 * sessions would say "Session 6 of 2"). Shown only when there is another session to go to.
 * Plain buttons, so the keyboard works as everywhere; when the one pressed becomes disabled (an
 * end of the course), the keyboard focus moves to the other rather than being lost.
 */
export function SessionSwitcher({ sessions, shown, onChoose }: SessionSwitcherProps) {
  const previousButton = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const pressed = useRef<'previous' | 'next' | null>(null);
  const ordered = [...sessions].sort((a, b) => a.number - b.number);
  const at = ordered.findIndex((s) => s.id === shown);
  const previous = at > 0 ? ordered[at - 1] : undefined;
  const next = at >= 0 ? ordered[at + 1] : undefined;

  useEffect(() => {
    const [from, to] =
      pressed.current === 'previous'
        ? [previousButton.current, nextButton.current]
        : [nextButton.current, previousButton.current];
    if (pressed.current && from?.disabled) to?.focus();
    pressed.current = null;
  }, [shown]);

  const current = ordered[at];
  if (!current || ordered.length < 2) return null;
  const of = Math.max(...ordered.map((s) => s.number));
  const button = (which: 'previous' | 'next', to: SessionSummary | undefined) => (
    <button
      type="button"
      ref={which === 'previous' ? previousButton : nextButton}
      class={`switch-${which}`}
      disabled={!to}
      // Named with where it goes; the visible word starts the name (what voice control hears).
      aria-label={
        to
          ? t(which === 'previous' ? 'sessionPreviousLabel' : 'sessionNextLabel', [
              t('sessionLabel', to.number),
              to.title,
            ])
          : t(which === 'previous' ? 'sessionPreviousNone' : 'sessionNextNone')
      }
      onClick={() => {
        if (!to) return;
        pressed.current = which;
        onChoose(to.id);
      }}
    >
      {which === 'previous' && <span aria-hidden="true">‹ </span>}
      {t(which === 'previous' ? 'sessionPrevious' : 'sessionNext')}
      {which === 'next' && <span aria-hidden="true"> ›</span>}
    </button>
  );
  return (
    <nav class="switcher" aria-label={t('sessionSwitcherLabel')}>
      {button('previous', previous)}
      <p class="switcher-position" aria-live="polite" data-testid="session-position">
        {t('sessionOf', [current.number, of])}
      </p>
      {button('next', next)}
    </nav>
  );
}
