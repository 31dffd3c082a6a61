import { useEffect } from 'preact/hooks';
import type { PackView } from '../../content/sessions';
import { t, uiLanguage } from '../../utils/i18n';
import { errorText } from '../../components/status-text';
import { CompanionConsent } from '../../components/CompanionConsent';
import { JournalPanel } from './JournalPanel';
import { ReflectionSearch } from './ReflectionSearch';
import { FacilitatorFooter, LinkSummaryLine } from './FacilitatorSummary';
import { LinkThisPage, useLinkRemoval } from './LinkThisPage';
import type { LearnerLinkRecord } from '../../utils/protocol/records';
import { SessionSwitcher } from './SessionSwitcher';
import { SessionView } from './SessionView';
import { readingOf, useActiveTab } from './use-active-reading';
import { useSessionState } from './use-session-state';
import { WriterSlot } from './WriterSlot';
import type { PopupSnapshot } from '../../utils/protocol/popup-snapshot';

/**
 * The toolbar popup: the current session, and whether the active tab is one of its readings.
 * It receives only what it shows of the pack: the course, its sessions' names and one session
 * in full (the background's current session, or the one the learner switched to). `learned`
 * names the resources whose link came from the course page.
 */
export function Popup({
  view,
  learned,
  onChooseSession,
  snapshot = null,
  keepSnapshot,
}: {
  /** With `learnerLinks`: the pages the learner linked to the session's resources. */
  view: PackView & { learnerLinks?: LearnerLinkRecord[]; learnedSessions?: string[] };
  learned?: ReadonlySet<string>;
  /** Show another session of the course (absent: no switcher). */
  onChooseSession?: (sessionId: string) => void;
  /** The session's state as the last popup showed it, drawn until the background answers. */
  snapshot?: PopupSnapshot['state'] | null;
  /** Keep the session's state, as answered, for the next popup (the current session only). */
  keepSnapshot?: (state: PopupSnapshot['state']) => void;
}) {
  // One question about the active tab, shared by everything that shows it.
  const tab = useActiveTab();
  const reading = readingOf(tab);
  const { session } = view;
  const usable = snapshot?.courseId === view.id && snapshot.sessionId === session.id;
  const {
    progress,
    recent,
    counts,
    course,
    backup,
    otherCourses,
    error,
    loaded,
    version,
    answered,
  } = useSessionState(view.id, session.id, usable ? snapshot : null);
  useEffect(() => {
    if (answered && keepSnapshot) {
      const { ok: _ok, ...state } = answered;
      keepSnapshot({ ...state, courseId: view.id, sessionId: session.id });
    }
  }, [answered, keepSnapshot === undefined]);
  // Across sessions only when there are several: one session's course is the session.
  const courseWide = view.sessions.length > 1;
  const lang = uiLanguage();
  // The learner's own links (issue 13): offered on an unknown page, marked and removable.
  const learnerLinks = new Map(view.learnerLinks?.map((l) => [l.resourceId, l.link]));
  const removal = useLinkRemoval(session.id, lang);
  // A User Timing mark for the benchmark (npm run bench): the learner's data is on screen.
  useEffect(() => {
    if (loaded) performance.mark('companion:popup-ready');
  }, [loaded]);
  return (
    <main>
      {onChooseSession && (
        <SessionSwitcher sessions={view.sessions} shown={session.id} onChoose={onChooseSession} />
      )}
      <LinkSummaryLine courseId={view.id} session={session} />
      {error && (
        <p class="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {/* Where no overlay can be (a PDF…), the learner writes on the active tab's reading here. */}
      <WriterSlot tab={tab} lang={lang} />
      <LinkThisPage tab={tab} session={session} lang={lang} />
      <SessionView
        learnerLinks={learnerLinks}
        onRemoveLink={(r) => void removal.remove(r)}
        linkStatus={removal.status}
        pack={view}
        session={session}
        activeReading={reading}
        lang={lang}
        progress={progress}
        counts={counts}
        courseProgress={courseWide ? course : undefined}
        learned={learned}
        sessionLearned={view.learnedSessions?.includes(session.id) === true}
      >
        <CompanionConsent sessionId={session.id} />
        <section aria-labelledby="reflections-heading">
          <h2 id="reflections-heading">{t('yourReflections')}</h2>
          <ReflectionSearch
            courseId={view.id}
            session={session}
            sessions={courseWide ? view.sessions : undefined}
            recent={recent}
            total={counts.total}
            courseTotal={course?.reflections ?? counts.total}
            version={version}
            lang={lang}
          />
        </section>
        <JournalPanel session={session} backup={backup} otherCourses={otherCourses} lang={lang} />
      </SessionView>
      <FacilitatorFooter />
    </main>
  );
}
