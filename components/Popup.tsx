import type { Pack } from '../content/pack-schema';
import { currentSession, localToday } from '../content/sessions';
import { uiLanguage } from '../utils/i18n';
import { SessionView } from './SessionView';
import { useActiveReading } from './use-active-reading';

/** The toolbar popup: the current session, and whether the active tab is one of its readings. */
export function Popup({ pack }: { pack: Pack }) {
  const reading = useActiveReading();
  const session = currentSession(pack, localToday());
  return (
    <main>
      <SessionView pack={pack} session={session} activeReading={reading} lang={uiLanguage()} />
    </main>
  );
}
