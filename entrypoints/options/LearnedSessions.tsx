import type { LearnedSessionRecord } from '../../utils/protocol/records';
import { formatDateTime, t, tn } from '../../utils/i18n';

/**
 * The sessions learned from the course's pages (sessions the pack lacks), with what each
 * holds and where it was read, to add to the pack or ignore (until its page changes).
 */
export function LearnedSessions({
  sessions,
  onResolve,
}: {
  sessions: LearnedSessionRecord[];
  onResolve: (sessionId: string, accept: boolean) => Promise<void>;
}) {
  return (
    <section aria-labelledby="learned-sessions-heading" data-testid="learned-sessions">
      <h2 id="learned-sessions-heading">{t('learnedSessionsHeading')}</h2>
      <p class="muted">{t('learnedSessionsIntro')}</p>
      {sessions.length === 0 && <p class="muted">{t('learnedSessionsNone')}</p>}
      {sessions.map(({ session, learnedAt }) => {
        const headingId = `learned-${session.id}`;
        return (
          <article
            key={session.id}
            aria-labelledby={headingId}
            data-testid={`learned-session-${session.id}`}
          >
            {/* The page's own words: a learned session has no translations. */}
            <h3 id={headingId}>
              {t('sessionLabel', session.number)} · {session.title}
            </h3>
            <p>
              {tn('learnedSessionOutcomes', session.outcomes.length)} ·{' '}
              {tn('learnedSessionResources', session.resources.length)}
            </p>
            <p class="muted small">
              {t('learnedSessionFrom', [session.pageUrl ?? '', formatDateTime(learnedAt)])}
            </p>
            <div class="row">
              <button type="button" onClick={() => void onResolve(session.id, true)}>
                {t('learnedSessionAdd', session.number)}
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => void onResolve(session.id, false)}
              >
                {t('learnedSessionIgnore', session.number)}
              </button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
