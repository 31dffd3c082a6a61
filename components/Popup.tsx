import { useEffect } from 'preact/hooks';
import type { Pack } from '../content/pack-schema';
import { currentSession, localToday } from '../content/sessions';
import { t, uiLanguage } from '../utils/i18n';
import { errorText } from './use-overlay';
import { FacilitatorFooter, LinkSummaryLine } from './FacilitatorSummary';
import { SessionView } from './SessionView';
import { useActiveReading } from './use-active-reading';
import { useSessionState } from './use-session-state';

/** The toolbar popup: the current session, and whether the active tab is one of its readings. */
export function Popup({ pack }: { pack: Pack }) {
  const reading = useActiveReading();
  const session = currentSession(pack, localToday());
  const { progress, reflections, error, loaded } = useSessionState(pack.id, session.id);
  // A User Timing mark for the benchmark (npm run bench): the learner's data is on screen.
  useEffect(() => {
    if (loaded) performance.mark('companion:popup-ready');
  }, [loaded]);
  return (
    <main>
      <LinkSummaryLine pack={pack} session={session} />
      {error && (
        <p class="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      <SessionView
        pack={pack}
        session={session}
        activeReading={reading}
        lang={uiLanguage()}
        progress={progress}
        reflections={reflections}
      />
      <FacilitatorFooter />
    </main>
  );
}
