import { useEffect, useMemo, useState } from 'preact/hooks';
import { localized, type Session } from '../../content/pack-schema';
import type { Reflection } from '../../utils/protocol/records';
import { formatDateTime, t, tn } from '../../utils/i18n';
import { send } from '../../utils/send';
import { outcomeTags } from '../../components/outcome-tags';

/** How many reflections the list shows at first, and adds with each "Show more". */
const PAGE = 50;

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
  /** The newest reflections, already at hand (the first page without a query). */
  recent: Reflection[];
  /** How many reflections the session has in all. */
  total: number;
  /** Changes whenever the learner's data changed, so results are fetched again. */
  version: number;
  lang: string;
}

/**
 * The session's reflections in one list, newest first, with a search box (text and quotes)
 * that highlights matches. The background searches, so thousands of reflections never cross
 * into the popup at once; the list shows a page at a time.
 */
export function ReflectionSearch({
  courseId,
  session,
  recent,
  total,
  version,
  lang,
}: ReflectionSearchProps) {
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [result, setResult] = useState<{ total: number; reflections: Reflection[] } | null>(null);
  const titles = useMemo(
    () => new Map(session.resources.map((r) => [r.id, localized(r, 'title', lang)])),
    [session, lang],
  );

  useEffect(() => {
    // The first page without a query came with the session state.
    if (!query.trim() && limit <= recent.length) {
      setResult(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void send({ type: 'reflections:search', courseId, sessionId: session.id, query, limit }).then(
        (reply) => {
          if (current && reply.ok)
            setResult({ total: reply.total, reflections: reply.reflections });
        },
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, limit, version, courseId, session.id, recent.length]);

  if (total === 0) return <p class="muted">{t('noReflectionsYet')}</p>;
  const found = result ?? { total, reflections: recent.slice(0, limit) };
  return (
    <div class="search">
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
          const tags = outcomeTags(session, r.outcomeIds);
          return (
            <li key={r.id} class="popup-reflection">
              <p class="muted small">
                <strong>{titles.get(r.resourceId) ?? r.resourceId}</strong> ·{' '}
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
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
