import { useMemo, useState } from 'preact/hooks';
import { localized, type Session } from '../content/pack-schema';
import type { Reflection } from '../utils/db';
import { formatDateTime, t, tn } from '../utils/i18n';
import { outcomeTags } from './ReflectionList';

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

/** Does a reflection's text or quote contain the query (ignoring case)? */
export function matches(r: Reflection, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  return (
    !q ||
    r.text.toLocaleLowerCase().includes(q) ||
    (r.quote?.exact.toLocaleLowerCase().includes(q) ?? false)
  );
}

/** The session's reflections in one list, newest first, with a search box that highlights matches. */
export function ReflectionSearch({
  session,
  reflections,
  lang,
}: {
  session: Session;
  reflections: Reflection[];
  lang: string;
}) {
  const [query, setQuery] = useState('');
  // A course can hold thousands of reflections: render a page of them at a time.
  const [limit, setLimit] = useState(PAGE);
  const titles = useMemo(
    () => new Map(session.resources.map((r) => [r.id, localized(r, 'title', lang)])),
    [session, lang],
  );
  const found = query.trim() ? reflections.filter((r) => matches(r, query)) : reflections;
  const shown = found.slice(0, limit);
  if (reflections.length === 0) return <p class="muted">{t('noReflectionsYet')}</p>;
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
        {query.trim() ? tn('searchResults', found.length) : ''}
      </p>
      <ol class="popup-reflections" data-testid="popup-reflections">
        {shown.map((r) => {
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
      {found.length > shown.length && (
        <p class="show-more">
          <span class="muted small">{t('showingCount', [shown.length, found.length])}</span>{' '}
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
