import type { Pack, Session } from './pack-schema';

/**
 * The session shown by default on `today`: the one the pack names (its `currentSession`), else
 * the one whose dates contain `today`, else the latest that has started, else the first.
 *
 * @param today a `YYYY-MM-DD` date in the learner's time zone
 */
export function defaultSessionOn(pack: Pack, today: string): Session {
  const named = pack.currentSession && pack.sessions.find((s) => s.id === pack.currentSession);
  if (named) return named;
  const started = pack.sessions
    .flatMap((s) =>
      s.startsOn !== undefined && s.startsOn <= today ? [{ s, start: s.startsOn }] : [],
    )
    .sort((a, b) => (a.start < b.start ? 1 : -1));
  const running = started.find(({ s }) => s.endsOn === undefined || today <= s.endsOn);
  // parsePack guarantees at least one session, so the last fallback always exists.
  const [first] = pack.sessions as [Session, ...Session[]];
  return (running ?? started[0])?.s ?? first;
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
 * ({@link defaultSessionOn}); null when the pack has no such session.
 */
export function packView(pack: Pack, today: string, sessionId?: string): PackView | null {
  const session =
    sessionId === undefined
      ? defaultSessionOn(pack, today)
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
