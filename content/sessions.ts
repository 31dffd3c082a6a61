import type { Pack, Session } from './pack-schema';

/**
 * The session shown by default on `today` (issue 14's rule, first that applies):
 * 1. the pack's dates: the session whose dates contain `today`, else the latest that has
 *    started (between two sessions, the one before is still current);
 * 2. the facilitator's choice: the pack's `currentSession` (the effective pack carries the
 *    session chosen on the facilitator page there; the bundled pack names none, see
 *    `createCourseState`);
 * 3. the session page the learner opened last (`opened`, a session id);
 * 4. the first session.
 * A session id the pack does not have is passed over.
 *
 * @param today a `YYYY-MM-DD` date in the learner's time zone
 * @param opened the id of the session whose page the learner opened last, if any
 */
export function defaultSessionOn(pack: Pack, today: string, opened?: string | null): Session {
  const started = pack.sessions
    .flatMap((s) =>
      s.startsOn !== undefined && s.startsOn <= today ? [{ s, start: s.startsOn }] : [],
    )
    .sort((a, b) => (a.start < b.start ? 1 : -1));
  const running = started.find(({ s }) => s.endsOn === undefined || today <= s.endsOn);
  const byDates = (running ?? started[0])?.s;
  if (byDates) return byDates;
  const find = (id: string | null | undefined) =>
    id ? pack.sessions.find((s) => s.id === id) : undefined;
  // parsePack guarantees at least one session, so the last fallback always exists.
  const [first] = pack.sessions as [Session, ...Session[]];
  return find(pack.currentSession) ?? find(opened) ?? first;
}

/** Today's date as `YYYY-MM-DD` in the local time zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A session as a list names it: small whatever the session holds. */
export type SessionSummary = Pick<Session, 'id' | 'number' | 'title'>;

/**
 * What the popup shows of a pack: the course, a summary of every session, and one session in
 * full. A large pack costs the popup only the session it shows (issue 11, finding 18).
 */
export interface PackView {
  id: Pack['id'];
  version: Pack['version'];
  course: Pack['course'];
  sessions: SessionSummary[];
  /** The session shown, in full. */
  session: Session;
}

/**
 * The view of `pack` showing `sessionId`, or by default the session shown on `today`
 * ({@link defaultSessionOn}, given the session page the learner opened last); null when the
 * pack has no such session.
 */
export function packView(
  pack: Pack,
  today: string,
  sessionId?: string,
  opened?: string | null,
): PackView | null {
  const session =
    sessionId === undefined
      ? defaultSessionOn(pack, today, opened)
      : pack.sessions.find((s) => s.id === sessionId);
  if (!session) return null;
  return {
    id: pack.id,
    version: pack.version,
    course: pack.course,
    sessions: pack.sessions.map(({ id, number, title }) => ({ id, number, title })),
    session,
  };
}
