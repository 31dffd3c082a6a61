import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TextChange } from '../../content/session-diff';
import { isPublicUrl, loopbackGranted, type HostOptions } from '../../content/hosts';
import {
  localized,
  PACK_LIMITS,
  type Pack,
  type Resource,
  type Session,
} from '../../content/pack-schema';
import type { PageDiffRecord, StoredLinkCheck } from '../background/db/database';
import { checkItems, originsOf } from '../../content/pack-links';
import { linkHost as hostOf } from '../../content/url';
import { formatDateTime, t, tn, uiLanguage } from '../../utils/i18n';
import type { LinkResult, LinkStatus } from '../../utils/protocol/link-checks';
import { checkAll } from './link-check';
import type { PackImportQuestion } from '../../utils/protocol/course-messages';
import { send, type ReplyError } from '../../utils/protocol/messages';
import { useCurrentPack } from '../../components/use-current-pack';
import { errorText, onBroadcast } from '../../components/ui-messages';

/** How many links are checked at the same time. */
const CONCURRENCY = 4;
/** The default time a link may take to answer, in seconds. */
const DEFAULT_TIMEOUT_S = 10;
/**
 * Loopback is checked only in the end-to-end test build, whose manifest grants its local test
 * server at install; the shipped manifest grants no host, so private hosts are never checked.
 */
function hostOptions(): HostOptions {
  try {
    return { allowLoopback: loopbackGranted(browser.runtime.getManifest().host_permissions) };
  } catch {
    // No manifest to read (unit tests' fake browser): public hosts only.
    return {};
  }
}

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

/** What the page tells the facilitator after an action: a status, or an error (an alert). */
type Notice = { kind: 'status' | 'error'; text: string };

/** A check in progress: how far it got, and the results so far. */
interface Run {
  done: number;
  total: number;
  running: boolean;
  results: Map<string, LinkResult>;
}

/**
 * The facilitator page (the extension's options page): every session and resource of the
 * current pack with its link and its last check; link checks with progress and Cancel; the
 * differences learned from the course's pages; and the pack itself (import, export, current
 * session, back to the built-in pack).
 */
export function Facilitator({ fallback }: { fallback: Pack }) {
  const current = useCurrentPack(fallback);
  const [checks, setChecks] = useState<StoredLinkCheck[]>([]);
  const [diffs, setDiffs] = useState<PageDiffRecord[]>([]);
  const [run, setRun] = useState<Run | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [timeoutS, setTimeoutS] = useState(DEFAULT_TIMEOUT_S);
  const controller = useRef<AbortController | null>(null);
  const lang = uiLanguage();

  const loadState = async () => {
    const reply = await send({ type: 'facilitator:state' });
    if (reply.ok) {
      setChecks(reply.checks);
      setDiffs(reply.diffs);
    } else setNotice({ kind: 'error', text: errorText(t, reply.error) });
  };
  useEffect(() => {
    void loadState();
    const stopListening = onBroadcast((m) => {
      if (m.type === 'pack:changed' || m.type === 'checks:changed') void loadState();
    });
    return () => {
      stopListening();
      controller.current?.abort();
    };
  }, []);

  if (!current) return null;
  const { pack } = current;
  const learned = new Set(current.learned.map((l) => l.resourceId));
  const stored = new Map(checks.map((c) => [c.resourceId, c]));
  const fail = (error: ReplyError) => setNotice({ kind: 'error', text: errorText(t, error) });

  /** Check every link of the pack, or of one session. Called from a click: a user gesture. */
  const startCheck = async (sessionId?: string) => {
    const items = checkItems(pack, sessionId);
    if (items.length === 0) {
      setNotice({ kind: 'status', text: t('checkNothing') });
      return;
    }
    const hosts = hostOptions();
    const origins = originsOf(
      items.map((i) => i.url),
      hosts,
    );
    // Which of them this check will add: only those are given back when it ends, so a host
    // the facilitator granted before stays granted.
    const added: string[] = [];
    let granted = origins.length === 0;
    if (!granted) {
      try {
        for (const origin of origins)
          if (!(await browser.permissions.contains({ origins: [origin] }))) added.push(origin);
        // Asked now, while the click still counts as a user gesture, for exactly these hosts.
        // Already granted hosts are answered at once, without a prompt.
        granted = await browser.permissions.request({ origins });
      } catch {
        granted = false;
      }
    }
    if (!granted) {
      setNotice({ kind: 'error', text: t('checkDenied') });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    const results = new Map<string, LinkResult>();
    setNotice(null);
    setRun({ done: 0, total: items.length, running: true, results });
    let all: LinkResult[];
    try {
      all = await checkAll(items, {
        concurrency: CONCURRENCY,
        timeoutMs: timeoutS * 1000,
        signal: abort.signal,
        allowUrl: (url) => isPublicUrl(url, hosts),
        onProgress: (done, total, result) => {
          results.set(result.resourceId, result);
          setRun({ done, total, running: true, results: new Map(results) });
        },
      });
    } finally {
      // Finished, cancelled or failed: the extension keeps no host access it no longer needs.
      if (added.length > 0) await browser.permissions.remove({ origins: added }).catch(() => false);
    }
    controller.current = null;
    setRun({ done: all.length, total: all.length, running: false, results: new Map(results) });
    const finished = all.filter((r) => r.status !== 'cancelled');
    const working = all.filter((r) => r.status === 'works' || r.status === 'redirected').length;
    setNotice({
      kind: 'status',
      text: abort.signal.aborted
        ? t('checkCancelled', [finished.length, all.length])
        : t('checkDone', [working, all.length]),
    });
    const reply = await send({ type: 'checks:save', results: finished });
    if (reply.ok) setChecks(reply.checks);
    else fail(reply.error);
  };

  const running = run?.running === true;
  const resultOf = (id: string): LinkResult | StoredLinkCheck | undefined =>
    run?.results.get(id) ?? stored.get(id);

  return (
    <main>
      <header>
        <p class="muted">{localized(pack.course, 'title', lang)}</p>
        <h1>{t('facilitatorTools')}</h1>
        <p>{t('facilitatorIntro')}</p>
        <p class="muted" data-testid="pack-source">
          {current.source === 'imported' && current.importedAt
            ? t('packSourceImported', [pack.version, formatDateTime(current.importedAt)])
            : t('packSourceBundled', pack.version)}
        </p>
      </header>

      <div aria-live="polite" role="status" data-testid="facilitator-status">
        {notice?.kind === 'status' && <p class="notice">{notice.text}</p>}
      </div>
      <div role="alert" data-testid="facilitator-alert">
        {notice?.kind === 'error' && <p class="error">{notice.text}</p>}
      </div>

      <section aria-labelledby="check-heading">
        <h2 id="check-heading">{t('checkHeading')}</h2>
        <p class="muted small">{t('checkHint')}</p>
        <div class="row">
          <label class="timeout">
            {t('checkTimeoutLabel')}{' '}
            <input
              type="number"
              min={1}
              max={60}
              value={timeoutS}
              disabled={running}
              onInput={(e) => {
                const n = Number((e.target as HTMLInputElement).value);
                if (Number.isFinite(n) && n >= 1 && n <= 60) setTimeoutS(n);
              }}
            />
          </label>
          <button type="button" disabled={running} onClick={() => void startCheck()}>
            {t('checkAll')}
          </button>
        </div>
        {run && (
          <div class="row">
            <progress
              max={run.total}
              value={run.done}
              aria-label={t('checkProgressLabel')}
              data-testid="check-progress"
            />
            <span data-testid="check-count">{t('checkProgress', [run.done, run.total])}</span>
            {running && (
              <button type="button" class="secondary" onClick={() => controller.current?.abort()}>
                {t('checkCancel')}
              </button>
            )}
          </div>
        )}
      </section>

      {pack.sessions.map((session) => (
        <SessionLinks
          key={session.id}
          session={session}
          lang={lang}
          learned={learned}
          resultOf={resultOf}
          disabled={running}
          onCheck={() => void startCheck(session.id)}
        />
      ))}

      <Differences
        pack={pack}
        diffs={diffs}
        lang={lang}
        onResolve={async (sessionId, accept) => {
          const reply = await send({ type: 'diff:resolve', sessionId, accept });
          if (!reply.ok) {
            fail(reply.error);
            return;
          }
          setNotice({ kind: 'status', text: t(accept ? 'diffAccepted' : 'diffIgnored') });
          await loadState();
        }}
      />

      <PackTools pack={pack} source={current.source} onNotice={setNotice} />
    </main>
  );
}

/** One session's resources with their links and last checks. */
function SessionLinks({
  session,
  lang,
  learned,
  resultOf,
  disabled,
  onCheck,
}: {
  session: Session;
  lang: string;
  learned: Set<string>;
  resultOf: (id: string) => LinkResult | StoredLinkCheck | undefined;
  disabled: boolean;
  onCheck: () => void;
}) {
  const headingId = `session-${session.id}`;
  return (
    <section aria-labelledby={headingId} data-testid={`session-${session.id}`}>
      <h2 id={headingId}>
        {t('sessionLabel', session.number)} · {localized(session, 'title', lang)}
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

/** The differences the course's session pages showed, to take into the pack or set aside. */
function Differences({
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

/** Import, export, current session and reset of the course pack. */
function PackTools({
  pack,
  source,
  onNotice,
}: {
  pack: Pack;
  source: 'bundled' | 'imported';
  onNotice: (notice: Notice) => void;
}) {
  const lang = uiLanguage();
  const reply = (r: Awaited<ReturnType<typeof send<'pack:reset'>>>, ok: string) =>
    onNotice(r.ok ? { kind: 'status', text: ok } : { kind: 'error', text: errorText(t, r.error) });
  // A pack of another course waits here until the facilitator says yes (see sendPack).
  const [question, setQuestion] = useState<{
    data: unknown;
    confirm: PackImportQuestion['confirm'];
  } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setQuestion(null);
    if (!file) return;
    // Refused before it is read: a huge pack is costly everywhere it goes.
    if (file.size > PACK_LIMITS.fileBytes) {
      onNotice({
        kind: 'error',
        text: t('packImportError', t('packTooLarge', Math.round(PACK_LIMITS.fileBytes / 1024))),
      });
      input.value = '';
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      onNotice({ kind: 'error', text: t('packImportError', t('packNotJson')) });
      input.value = '';
      return;
    }
    input.value = '';
    await sendPack(data, false);
  };

  const sendPack = async (data: unknown, confirmOtherCourse: boolean) => {
    const r = await send({
      type: 'pack:import',
      pack: data,
      ...(confirmOtherCourse && { confirmOtherCourse }),
    });
    if (r.ok && 'confirm' in r) {
      // Another course, while the current one has reflections: nothing changed yet; ask.
      setQuestion({ data, confirm: r.confirm });
      requestAnimationFrame(() => confirmButton.current?.focus());
      return;
    }
    setQuestion(null);
    if (r.ok)
      onNotice({
        kind: 'status',
        text: t('packImported', [localized(r.pack.course, 'title', lang), r.pack.version]),
      });
    else
      onNotice({
        kind: 'error',
        // The path of the bad field is what a facilitator needs to fix the file.
        text: t(
          'packImportError',
          r.error.code === 'invalid_pack' ? (r.error.detail ?? '') : errorText(t, r.error),
        ),
      });
  };

  const exportPack = () => {
    const blob = new Blob([`${JSON.stringify(pack, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${pack.id}-${pack.version}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section aria-labelledby="pack-heading">
      <h2 id="pack-heading">{t('packHeading')}</h2>
      <div class="row">
        <label>
          {t('packSessionLabel')}{' '}
          <select
            value={pack.currentSession ?? pack.sessions[0]?.id}
            onChange={(e) => {
              const sessionId = (e.target as HTMLSelectElement).value;
              const n = pack.sessions.find((s) => s.id === sessionId)?.number ?? '';
              void send({ type: 'pack:session', sessionId }).then((r) => {
                reply(r, t('packSessionSaved', n));
              });
            }}
          >
            {pack.sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('sessionLabel', s.number)} · {localized(s, 'title', lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="row">
        <label>
          {t('packImportLabel')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="pack-file"
            onChange={(e) => void importFile(e.target as HTMLInputElement)}
          />
        </label>
      </div>
      {question && (
        <div
          class="confirm"
          role="group"
          aria-labelledby="pack-question"
          data-testid="pack-other-course"
        >
          <p id="pack-question">
            <strong>
              {t('packOtherCourseQuestion', [
                question.confirm.toCourse,
                question.confirm.fromCourse,
              ])}
            </strong>{' '}
            {tn('packOtherCourseCount', question.confirm.reflections)} {t('packOtherCourseSafe')}
          </p>
          <div class="row">
            <button
              type="button"
              ref={confirmButton}
              onClick={() => void sendPack(question.data, true)}
            >
              {t('packOtherCourseConfirm')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setQuestion(null);
              }}
            >
              {t('packOtherCourseCancel')}
            </button>
          </div>
        </div>
      )}
      <div class="row">
        <button type="button" class="secondary" onClick={exportPack}>
          {t('packExport')}
        </button>
        {source === 'imported' && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              void send({ type: 'pack:reset' }).then((r) => {
                reply(r, t('packResetDone'));
              });
            }}
          >
            {t('packReset')}
          </button>
        )}
      </div>
    </section>
  );
}
