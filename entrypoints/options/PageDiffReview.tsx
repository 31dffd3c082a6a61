import type { TextChange } from '../../content/session-diff';
import { localized, type Pack } from '../../content/pack-schema';
import type { PageDiffRecord } from '../../utils/protocol/records';
import { formatDateTime, t } from '../../utils/i18n';

/** The differences the course's session pages showed, to take into the pack or set aside. */
export function PageDiffReview({
  pack,
  diffs,
  lang,
  onResolve,
}: {
  pack: Pack;
  diffs: PageDiffRecord[];
  lang: string;
  onResolve: (sessionId: string, accept: boolean) => Promise<void>;
}) {
  const titleOf = (id: string) => {
    const r = pack.sessions.flatMap((s) => s.resources).find((x) => x.id === id);
    return r ? localized(r, 'title', lang) : id;
  };
  const textOf = (c: TextChange) => t('diffText', [c.from ?? '', c.to ?? '']);
  return (
    <section aria-labelledby="diffs-heading" data-testid="differences">
      <h2 id="diffs-heading">{t('diffsHeading')}</h2>
      {diffs.length === 0 && <p class="muted">{t('diffsNone')}</p>}
      {diffs.map((d) => {
        const session = pack.sessions.find((s) => s.id === d.sessionId);
        return (
          <article key={d.sessionId} aria-labelledby={`diff-${d.sessionId}`}>
            <h3 id={`diff-${d.sessionId}`}>
              {t('diffSeen', [session?.number ?? '', formatDateTime(d.seenAt)])}
            </h3>
            <ul class="diff-list">
              {d.diff.learnedLinks.map((l) => (
                <li key={`l-${l.resourceId}`}>
                  {t('diffLearnedLink', [titleOf(l.resourceId), l.link])}
                </li>
              ))}
              {d.diff.changedLinks.map((l) => (
                <li key={`c-${l.resourceId}`}>
                  {t('diffChangedLink', [titleOf(l.resourceId), l.to, l.from])}
                </li>
              ))}
              {d.diff.added.map((a) => (
                <li key={`a-${a.index}`}>{t('diffAdded', a.resource.title)}</li>
              ))}
              {d.diff.removed.map((r) => (
                <li key={`r-${r.resourceId}`}>{t('diffRemoved', r.title)}</li>
              ))}
              {d.diff.changedText.map((c, i) => (
                <li key={`t-${i}`}>{textOf(c)}</li>
              ))}
            </ul>
            <div class="row">
              <button type="button" onClick={() => void onResolve(d.sessionId, true)}>
                {t('diffAccept')}
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => void onResolve(d.sessionId, false)}
              >
                {t('diffIgnore')}
              </button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
