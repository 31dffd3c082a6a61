import { useEffect, useState } from 'preact/hooks';
import { localized, type Pack } from '../../content/pack-schema';
import type { StoredLinkCheck } from '../../utils/protocol/records';
import { formatDateTime, t, uiLanguage } from '../../utils/i18n';
import { send } from '../../utils/send';
import { type ReplyError } from '../../utils/protocol/messages';
import { useBackground } from '../../components/use-background';
import { errorText } from '../../components/status-text';
import type { LinkResult } from '../../utils/protocol/link-checks';
import { LinkCheckPanel } from './LinkCheckPanel';
import type { Notice } from './notice';
import { PackTools } from './PackTools';
import { PageDiffReview } from './PageDiffReview';
import { LearnedSessions } from './LearnedSessions';
import { SessionLinks } from './SessionLinks';
import { CompanionConsent } from '../../components/CompanionConsent';
import { useCurrentPack } from './use-current-pack';
import { useLinkCheckRun } from './use-link-check-run';

/**
 * The facilitator page (the extension's options page): every session and resource of the
 * current pack with its link and its last check; link checks with progress and Cancel; the
 * differences learned from the course's pages; and the pack itself (import, export, current
 * session, back to the built-in pack).
 */
export function FacilitatorPage({ fallback }: { fallback: Pack }) {
  const current = useCurrentPack(fallback);
  const [notice, setNotice] = useState<Notice | null>(null);
  const fail = (error: ReplyError) => {
    setNotice({ kind: 'error', text: errorText(t, error) });
  };
  const state = useBackground(
    () => send({ type: 'facilitator:state' }),
    (m) => m.type === 'pack:changed' || m.type === 'checks:changed',
    [],
  );
  useEffect(() => {
    if (state.error) fail(state.error);
  }, [state.error]);
  const check = useLinkCheckRun({
    pack: current?.pack,
    onNotice: setNotice,
    onError: fail,
    onSaved: (checks) => {
      state.update((r) => ({ ...r, checks }));
    },
  });
  const lang = uiLanguage();

  if (!current) return null;
  const { pack } = current;
  const learned = new Set(current.learned.map((l) => l.resourceId));
  const stored = new Map(state.reply?.checks.map((c) => [c.resourceId, c]));
  const resultOf = (id: string): LinkResult | StoredLinkCheck | undefined =>
    check.run?.results.get(id) ?? stored.get(id);

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

      <LinkCheckPanel
        run={check.run}
        running={check.running}
        timeoutS={check.timeoutS}
        onTimeout={check.setTimeoutS}
        onCheckAll={() => void check.start()}
        onCancel={check.cancel}
      />

      <CompanionConsent />

      {pack.sessions.map((session) => (
        <SessionLinks
          key={session.id}
          session={session}
          lang={lang}
          learned={learned}
          fromCoursePage={current.learnedSessions.includes(session.id)}
          resultOf={resultOf}
          disabled={check.running}
          onCheck={() => void check.start(session.id)}
        />
      ))}

      <PageDiffReview
        pack={pack}
        diffs={state.reply?.diffs ?? []}
        lang={lang}
        onResolve={async (sessionId, accept) => {
          const reply = await send({ type: 'diff:resolve', sessionId, accept });
          if (!reply.ok) {
            fail(reply.error);
            return;
          }
          setNotice({ kind: 'status', text: t(accept ? 'diffAccepted' : 'diffIgnored') });
          await state.reload();
        }}
      />

      <LearnedSessions
        sessions={state.reply?.learnedSessions ?? []}
        onResolve={async (sessionId, accept) => {
          const reply = await send({ type: 'learned:resolve', sessionId, accept });
          if (!reply.ok) {
            fail(reply.error);
            return;
          }
          const n = pack.sessions.find((s) => s.id === sessionId)?.number ?? '';
          setNotice({
            kind: 'status',
            text: t(accept ? 'learnedSessionAdded' : 'learnedSessionIgnored', n),
          });
          await state.reload();
        }}
      />

      <PackTools
        pack={pack}
        source={current.source}
        learnedSessions={current.learnedSessions}
        onNotice={setNotice}
      />
    </main>
  );
}
