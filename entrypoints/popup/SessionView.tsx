import { localized, type Pack, type Resource, type Session } from '../../content/pack-schema';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Progress } from '../../utils/protocol/records';
import { linkHost } from '../../content/address';
import { t, tn } from '../../utils/i18n';
import {
  countOf,
  type CourseProgress,
  type ReadingRef,
  type ReflectionCounts,
} from '../../utils/protocol/messages';
import { readingStatus } from '../../components/reading-status';
import { KindIcon } from '../../components/KindIcon';
import type { Status } from '../../components/status-text';
import { tWith } from './t-with';

/** Props of {@link SessionView}. */
export interface SessionViewProps {
  /** The course (its title and contact): the whole pack is not needed. */
  pack: Pick<Pack, 'course'>;
  session: Session;
  /** The reading the active tab shows, if any. */
  activeReading: ReadingRef | null;
  /** The learner's language, for texts the pack provides in several languages. */
  lang: string;
  /** The learner's progress on the session's resources (absent: not shown). */
  progress?: Progress[];
  /** How many reflections the learner wrote, per resource and per outcome (absent: not shown). */
  counts?: ReflectionCounts;
  /** The learner's progress over the whole course (absent or null: not shown). */
  courseProgress?: CourseProgress | null;
  /**
   * Ids of the resources whose link was learned from the course's own page rather than given
   * by the pack; each says so, with the link's host.
   */
  learned?: ReadonlySet<string>;
  /** Whether the session itself was learned from the course's page (the pack lacks it). */
  sessionLearned?: boolean;
  /**
   * The pages the learner linked, by resource id: each such resource says "Linked by you", with
   * the link's host and, given {@link SessionViewProps.onRemoveLink}, a button to remove it.
   */
  learnerLinks?: ReadonlyMap<string, string>;
  /** Remove the learner's link of a resource. */
  onRemoveLink?: (resource: Resource) => void;
  /** What the last removal did, said in the list's live region. */
  linkStatus?: Status | null;
  /** The learner's sections (reflections, journal), shown after the resources. */
  children?: ComponentChildren;
}

/**
 * A session as the course page gives it: title, intro, learning outcomes and resources in
 * the course's order, with the contact. All pack text is rendered as text, never as HTML.
 */
export function SessionView({
  pack,
  session,
  activeReading,
  lang,
  progress,
  counts,
  courseProgress,
  learned,
  sessionLearned = false,
  learnerLinks,
  onRemoveLink,
  linkStatus = null,
  children,
}: SessionViewProps) {
  const statusRef = useRef<HTMLParagraphElement>(null);
  // The Remove button goes with the link it removed: the keyboard focus goes to what happened.
  useEffect(() => {
    if (linkStatus) statusRef.current?.focus();
  }, [linkStatus]);
  const progressOf = new Map(progress?.map((p) => [p.resourceId, p]));
  const doneCount = session.resources.filter((r) => progressOf.get(r.id)?.doneAt).length;
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
        {sessionLearned && (
          <p class="muted small" data-testid="session-learned">
            {t('sessionFromCoursePage')}
          </p>
        )}
      </header>
      {progress && (
        <p class="progress-line">
          <progress
            max={session.resources.length}
            value={doneCount}
            aria-label={t('progressLabel')}
          />{' '}
          <span data-testid="progress-summary">
            {t('progressSummary', [doneCount, session.resources.length])}
          </span>
          {courseProgress && (
            <span class="muted course-progress" data-testid="course-progress">
              {' · '}
              {t('courseProgress', [courseProgress.done, courseProgress.resources])}
            </span>
          )}
        </p>
      )}
      <p class="intro">{localized(session, 'intro', lang)}</p>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('outcomesHeading')}</h2>
        <ol class="outcomes">
          {session.outcomes.map((o) => {
            const n = counts ? countOf(counts.byOutcome, o.id) : 0;
            return (
              <li key={o.id}>
                <span class="outcome-text">{localized(o, 'text', lang)}</span>
                {counts && (
                  <span class={`coverage${n ? '' : ' none'}`} data-testid="outcome-coverage">
                    {' '}
                    ({n ? tn('reflectionCount', n) : t('notYetReflected')})
                  </span>
                )}
              </li>
            );
          })}
        </ol>
        {counts && <p class="muted small">{t('coverageHint')}</p>}
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
              learned={learned?.has(r.id) === true}
              linkedByYou={learnerLinks?.get(r.id) ?? null}
              onRemoveLink={onRemoveLink}
              status={progress ? readingStatus(progressOf.get(r.id) ?? null) : null}
              reflectionCount={counts ? countOf(counts.byResource, r.id) : null}
            />
          ))}
        </ol>
        {onRemoveLink && (
          <p
            ref={statusRef}
            tabIndex={-1}
            class={`live${linkStatus?.kind === 'error' ? ' error' : ''}`}
            role="status"
            data-testid="learner-link-status"
          >
            {linkStatus?.text}
          </p>
        )}
      </section>

      {children}

      <footer class="contact">
        <h2>{t('contactHeading')}</h2>
        <p>
          {/* The address as text too: a learner without a mail program copies it. */}
          {tWith(
            'contactLine',
            <a href={`mailto:${pack.course.contact.email}`}>{pack.course.contact.name}</a>,
            <span class="contact-email" data-testid="contact-email">
              {pack.course.contact.email}
            </span>,
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
  learned = false,
  linkedByYou = null,
  onRemoveLink,
  status = null,
  reflectionCount = null,
}: {
  resource: Resource;
  lang: string;
  current: boolean;
  /** Whether its link was learned from the course page (said beside it, with the host). */
  learned?: boolean;
  /** The page the learner linked to it (said beside it, with the host), or null. */
  linkedByYou?: string | null;
  /** Remove the learner's link (a button beside "Linked by you"); absent: no button. */
  onRemoveLink?: (resource: Resource) => void;
  /** The learner's status for it, or null to show none. */
  status?: ReturnType<typeof readingStatus> | null;
  /** How many reflections the learner wrote on it, or null to show none. */
  reflectionCount?: number | null;
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
      {resource.link && learned && (
        <p class="learned-link muted small" data-testid="learned-link">
          {t('linkFromCoursePage', linkHost(resource.link))}
        </p>
      )}
      {linkedByYou && (
        <p class="learner-link muted small" data-testid="learner-link">
          <span>{t('linkedByYou', linkHost(linkedByYou))}</span>
          {onRemoveLink && (
            <>
              {' '}
              <button
                type="button"
                class="link-button"
                aria-label={t('linkedByYouRemoveLabel', title)}
                onClick={() => {
                  onRemoveLink(resource);
                }}
              >
                {t('linkedByYouRemove')}
              </button>
            </>
          )}
        </p>
      )}
      {!resource.link && (
        <p class="unknown-link" data-testid="unknown-link">
          {t('linkUnknown')}
        </p>
      )}
      <p class="summary">{localized(resource, 'summary', lang)}</p>
      {(status !== null || reflectionCount !== null) && (
        <p class="resource-meta">
          {status !== null && (
            <span class={`resource-status ${status}`}>{t(`status_${status}`)}</span>
          )}
          {reflectionCount !== null && reflectionCount > 0 && (
            <span class="resource-reflections">{tn('reflectionCount', reflectionCount)}</span>
          )}
        </p>
      )}
    </li>
  );
}
