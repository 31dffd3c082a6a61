import { localized, type Pack, type Resource, type Session } from '../content/pack-schema';
import { t } from '../utils/i18n';
import type { ReadingRef } from '../utils/messages';
import { KindIcon } from './KindIcon';
import { tWith } from './t-with';

/** Props of {@link SessionView}. */
export interface SessionViewProps {
  pack: Pack;
  session: Session;
  /** The reading the active tab shows, if any. */
  activeReading: ReadingRef | null;
  /** The learner's language, for texts the pack provides in several languages. */
  lang: string;
}

/**
 * A session as the course page gives it: title, intro, learning outcomes and resources in
 * the course's order, with the contact. All pack text is rendered as text, never as HTML.
 */
export function SessionView({ pack, session, activeReading, lang }: SessionViewProps) {
  const active =
    activeReading?.sessionId === session.id
      ? session.resources.findIndex((r) => r.id === activeReading.resourceId)
      : -1;
  const activeResource = active >= 0 ? session.resources[active] : undefined;
  return (
    <div class="session">
      {activeResource && (
        <section
          class="notice"
          aria-labelledby="current-reading-heading"
          data-testid="current-reading"
        >
          <h2 id="current-reading-heading">{t('currentReading')}</h2>
          <p class="notice-title">{localized(activeResource, 'title', lang)}</p>
          <p class="muted">
            {t('currentReadingDetail', [
              t(`kind_${activeResource.kind}`),
              active + 1,
              session.resources.length,
            ])}
          </p>
        </section>
      )}
      <header>
        <p class="eyebrow">{localized(pack.course, 'title', lang)}</p>
        <h1>
          <span class="session-number">{t('sessionLabel', session.number)}</span>{' '}
          <span>{localized(session, 'title', lang)}</span>
        </h1>
      </header>
      <p class="intro">{localized(session, 'intro', lang)}</p>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('outcomesHeading')}</h2>
        <ol class="outcomes">
          {session.outcomes.map((o) => (
            <li key={o.id}>{localized(o, 'text', lang)}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">{t('resourcesHeading')}</h2>
        {session.resources.some((r) => !r.link) && <p class="muted hint">{t('linkUnknownHint')}</p>}
        <ol class="resources">
          {session.resources.map((r) => (
            <ResourceItem
              key={r.id}
              resource={r}
              lang={lang}
              current={r.id === activeResource?.id}
            />
          ))}
        </ol>
      </section>

      <footer class="contact">
        <h2>{t('contactHeading')}</h2>
        <p>
          {tWith(
            'contactLine',
            <a href={`mailto:${pack.course.contact.email}`}>{pack.course.contact.name}</a>,
          )}
        </p>
        {session.pageUrl && (
          <p>
            <a href={session.pageUrl} target="_blank" rel="noopener noreferrer">
              {t('sessionPage')}
              <span class="sr-only"> {t('opensInNewTab')}</span>
            </a>
          </p>
        )}
      </footer>
    </div>
  );
}

/** One resource: kind (icon and word), title (a link, or "not known yet"), summary. */
export function ResourceItem({
  resource,
  lang,
  current,
}: {
  resource: Resource;
  lang: string;
  current: boolean;
}) {
  const title = localized(resource, 'title', lang);
  return (
    <li
      class={`resource${current ? ' current' : ''}`}
      data-resource-id={resource.id}
      aria-current={current ? 'page' : undefined}
    >
      <p class={`kind kind-${resource.kind}`}>
        <KindIcon kind={resource.kind} />
        <span>{t(`kind_${resource.kind}`)}</span>
      </p>
      <h3 class="resource-title">
        {resource.link ? (
          <a href={resource.link} target="_blank" rel="noopener noreferrer">
            {title}
            <span class="sr-only"> {t('opensInNewTab')}</span>
          </a>
        ) : (
          <span>{title}</span>
        )}
      </h3>
      {!resource.link && (
        <p class="unknown-link" data-testid="unknown-link">
          {t('linkUnknown')}
        </p>
      )}
      <p class="summary">{localized(resource, 'summary', lang)}</p>
    </li>
  );
}
