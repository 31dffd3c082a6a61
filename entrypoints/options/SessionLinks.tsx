import { localized, type Resource, type Session } from '../../content/pack-schema';
import type { StoredLinkCheck } from '../../utils/protocol/records';
import { linkHost as hostOf } from '../../content/address';
import { formatDateTime, t } from '../../utils/i18n';
import type { LinkResult } from '../../utils/protocol/link-checks';
import type { LinkStatus } from './link-status';

/** A sign for each status, always beside its word: status is never told by colour alone. */
const ICONS: Record<LinkStatus, string> = {
  works: '✓',
  redirected: '✓',
  moved: '↷',
  not_found: '✗',
  refused: '⊘',
  server_error: '✗',
  redirect_loop: '↻',
  timed_out: '⧗',
  unreachable: '✗',
  missing: '?',
  cancelled: '–',
};

/** One session's resources with their links and last checks. */
export function SessionLinks({
  session,
  lang,
  learned,
  fromCoursePage = false,
  resultOf,
  disabled,
  onCheck,
}: {
  session: Session;
  lang: string;
  learned: Set<string>;
  /** The session was learned from the course's page; the pack does not have it. */
  fromCoursePage?: boolean;
  resultOf: (id: string) => LinkResult | StoredLinkCheck | undefined;
  disabled: boolean;
  onCheck: () => void;
}) {
  const headingId = `session-${session.id}`;
  return (
    <section aria-labelledby={headingId} data-testid={`session-${session.id}`}>
      <h2 id={headingId}>
        {t('sessionLabel', session.number)} · {localized(session, 'title', lang)}
        {fromCoursePage && <span class="muted small"> ({t('fromCoursePage')})</span>}
      </h2>
      <button type="button" class="secondary" disabled={disabled} onClick={onCheck}>
        {t('checkSession', session.number)}
      </button>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('colResource')}</th>
            <th scope="col">{t('colLink')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('colChecked')}</th>
          </tr>
        </thead>
        <tbody>
          {session.resources.map((r) => (
            <ResourceRow
              key={r.id}
              resource={r}
              lang={lang}
              learned={learned.has(r.id)}
              result={resultOf(r.id)}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One resource: its kind and title, its link (or “missing”), its last check and when. */
function ResourceRow({
  resource,
  lang,
  learned,
  result,
}: {
  resource: Resource;
  lang: string;
  learned: boolean;
  result: LinkResult | StoredLinkCheck | undefined;
}) {
  return (
    <tr data-resource-id={resource.id}>
      <th scope="row">
        <span class="muted small">{t(`kind_${resource.kind}`)}</span>{' '}
        {localized(resource, 'title', lang)}
      </th>
      <td>
        {resource.link ? (
          <>
            <a href={resource.link} target="_blank" rel="noopener noreferrer">
              {resource.link}
              <span class="sr-only"> {t('opensInNewTab')}</span>
            </a>
            {learned && (
              <span class="muted small" data-testid="learned-link">
                {' '}
                {t('linkFromCoursePage', hostOf(resource.link))}
              </span>
            )}
          </>
        ) : (
          <span class="missing">{t('linkMissing')}</span>
        )}
      </td>
      <td data-testid="link-status" data-status={result?.status ?? 'unchecked'}>
        {result ? <StatusText result={result} /> : <span class="muted">{t('notChecked')}</span>}
      </td>
      <td>{result ? formatDateTime(result.checkedAt) : t('never')}</td>
    </tr>
  );
}

/** A check's status in words with its sign, the HTTP status and, for a move, where to. */
function StatusText({ result }: { result: LinkResult | StoredLinkCheck }) {
  return (
    <>
      <span class="status-icon" aria-hidden="true">
        {ICONS[result.status]}
      </span>
      <span class="status-word">{t(`linkStatus_${result.status}`)}</span>
      {result.detail && <span class="small"> ({t(`linkDetail_${result.detail}`)})</span>}
      {result.httpStatus !== null && (
        <span class="muted small"> · {t('httpStatus', result.httpStatus)}</span>
      )}
      {result.status === 'moved' && result.finalUrl && (
        <span class="small"> · {t('linkNowAt', result.finalUrl)}</span>
      )}
    </>
  );
}
