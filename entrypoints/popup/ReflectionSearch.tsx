import { useEffect, useMemo, useState } from 'preact/hooks';
import { LIMITS } from '../../utils/protocol/limits';
import { localized, type Session } from '../../content/pack-schema';
import type { SessionSummary } from '../../content/sessions';
import type { Reflection } from '../../utils/protocol/records';
import type { SessionLabels } from '../../utils/protocol/messages';
import { formatDateTime, t, tn } from '../../utils/i18n';
import { send } from '../../utils/send';
import { outcomeTags } from '../../components/outcome-tags';

/** How many reflections the list shows at first, and adds with each "Show more". */
/** One page of the list: the first comes with the session's state. */
const PAGE = LIMITS.reflectionsPage;

/** Split `text` around case-insensitive matches of `query`, marking the matches. */
export function highlight(text: string, query: string) {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [text];
  const lower = text.toLocaleLowerCase();
  const parts = [];
  let from = 0;
  for (let at = lower.indexOf(q); at !== -1; at = lower.indexOf(q, at + q.length)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + q.length)}</mark>);
    from = at + q.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** Props of {@link ReflectionSearch}. */
export interface ReflectionSearchProps {
  courseId: string;
  session: Session;
  /**
   * Every session of the course, to search them all: the learner chooses this session or the
   * whole course, and each reflection found names its session. Absent: this session only.
   */
  sessions?: readonly SessionSummary[];
  /** The newest reflections, already at hand (the first page without a query). */
  recent: Reflection[];
  /** How many reflections the session has in all. */
  total: number;
  /** How many reflections the whole course has (absent: the session's). */
  courseTotal?: number;
  /** Changes whenever the learner's data changed, so results are fetched again. */
  version: number;
  lang: string;
}

/** A search's answer: a page of reflections, how many in all, and their sessions' names. */
interface Found {
  total: number;
  reflections: Reflection[];
  sessions: SessionLabels[];
}

/**
 * The session's reflections in one list, newest first, with a search box (text and quotes)
 * that highlights matches; given the course's `sessions`, the learner may search the whole
 * course, each reflection then named with its session. The background searches, so thousands
 * of reflections never cross into the popup at once; the list shows a page at a time.
 */
export function ReflectionSearch({
  courseId,
  session,
  sessions,
  recent,
  total,
  courseTotal = total,
  version,
  lang,
}: ReflectionSearchProps) {
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState<number>(PAGE);
  const [wholeCourse, setWholeCourse] = useState(false);
  const [result, setResult] = useState<Found | null>(null);
  const course = wholeCourse && sessions !== undefined;
  // Titles and outcome ids by session: the shown session's from the pack, others' from the
  // search's answer.
  const labels = useMemo(() => {
    const own: SessionLabels = {
      id: session.id,
      outcomeIds: session.outcomes.map((o) => o.id),
      resources: session.resources,
    };
    return new Map([...(result?.sessions ?? []), own].map((s) => [s.id, s]));
  }, [session, result]);

  useEffect(() => {
    // The session's first page without a query comes with the session state (its newest
    // reflections, as many as a page): asking for it again would double the popup's first read.
    if (!course && !query.trim() && limit <= PAGE) {
      setResult(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void send({
        type: 'reflections:search',
        courseId,
        ...(course ? {} : { sessionId: session.id }),
        query,
        limit,
      }).then((reply) => {
        if (current && reply.ok) setResult(reply);
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, limit, version, courseId, session.id, recent.length, course]);

  const scopeTotal = course ? courseTotal : total;
  const found = result ?? { total: scopeTotal, reflections: course ? [] : recent.slice(0, limit) };
  const scope = sessions && courseTotal > 0 && (
    <fieldset class="scope">
      <legend>{t('searchScope')}</legend>
      {[false, true].map((value) => (
        <label key={String(value)}>
          <input
            type="radio"
            name="search-scope"
            checked={wholeCourse === value}
            onChange={() => {
              setWholeCourse(value);
              setResult(null);
              setLimit(PAGE);
            }}
          />{' '}
          {value ? t('scopeCourse') : t('scopeSession')}
        </label>
      ))}
    </fieldset>
  );
  if (scopeTotal === 0)
    return (
      <>
        {scope}
        <p class="muted">{t('noReflectionsYet')}</p>
      </>
    );
  return (
    <div class="search">
      {scope}
      <label for="reflection-search">{t('searchLabel')}</label>
      <input
        id="reflection-search"
        type="search"
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setLimit(PAGE);
        }}
      />
      <p class="muted search-count" role="status" data-testid="search-count">
        {query.trim() && result ? tn('searchResults', result.total) : ''}
      </p>
      <ol class="popup-reflections" data-testid="popup-reflections">
        {found.reflections.map((r) => {
          const of = labels.get(r.sessionId);
          const resource = of?.resources.find((x) => x.id === r.resourceId);
          const named = course ? sessions.find((s) => s.id === r.sessionId) : undefined;
          const tags = of ? outcomeTags(of.outcomeIds, r.outcomeIds) : '';
          return (
            <li key={r.id} class="popup-reflection">
              <p class="muted small">
                {named && <>{t('sessionLabel', named.number)} · </>}
                <strong>
                  {resource ? localized(resource, 'title', lang) : r.resourceId}
                </strong> · <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              </p>
              {r.quote && <blockquote>{highlight(r.quote.exact, query)}</blockquote>}
              <p class="popup-reflection-text">{highlight(r.text, query)}</p>
              {tags && <p class="muted small">{t('speaksTo', tags)}</p>}
            </li>
          );
        })}
      </ol>
      {found.total > found.reflections.length && (
        <p class="show-more">
          <span class="muted small">
            {t('showingCount', [found.reflections.length, found.total])}
          </span>{' '}
          <button
            type="button"
            onClick={() => {
              setLimit((n) => n + PAGE);
            }}
          >
            {t('showMore')}
          </button>
        </p>
      )}
    </div>
  );
}
