import { browser } from 'wxt/browser';
import type { Session } from '../../content/pack-schema';
import { linkSummary } from '../../content/pack-links';
import type { StoredLinkCheck } from '../../utils/protocol/records';
import { t } from '../../utils/i18n';
import { send } from '../../utils/send';
import { useBackground } from '../../components/use-background';

const NO_CHECKS: StoredLinkCheck[] = [];

/** The stored link checks of the current course, kept current; empty until known. */
function useLinkChecks(): StoredLinkCheck[] {
  const { reply } = useBackground(
    () => send({ type: 'facilitator:state' }),
    (m) => m.type === 'checks:changed' || m.type === 'pack:changed',
    [],
  );
  return reply?.checks ?? NO_CHECKS;
}

/**
 * The popup's line for facilitators: how many of the session's links worked when last
 * checked ("Links that work: 7 of 8 · missing: 1"). Nothing when they were never checked.
 */
export function LinkSummaryLine({ courseId, session }: { courseId: string; session: Session }) {
  const summary = linkSummary({ id: courseId, sessions: [session] }, useLinkChecks(), session.id);
  if (!summary) return null;
  return (
    <p class="link-summary muted" data-testid="link-summary">
      {t('linkSummary', [summary.working, summary.checked])}
      {summary.missing > 0 && ` · ${t('linkSummaryMissing', summary.missing)}`}
    </p>
  );
}

/** The popup's footer: the way into the facilitator page (the extension's options page). */
export function FacilitatorFooter() {
  return (
    <footer class="facilitator-footer">
      <button
        type="button"
        class="link-button"
        onClick={() => void browser.runtime.openOptionsPage()}
      >
        {t('facilitatorTools')}
      </button>
    </footer>
  );
}
