/**
 * Editing the pack learners see, in pure code: the facilitator's chosen session, the links
 * and the sessions learned from the course's pages laid over the pack, and a session page's
 * differences (or a learned session) taken into it. No browser API and no database here, so every rule is unit-tested directly.
 */
import type { SessionDiff } from './session-diff';
import type { HostOptions } from './hosts';
import { inNumberOrder, slugId } from './learned-sessions';
import {
  PACK_LIMITS,
  parseImportedPack,
  type Pack,
  type PackResult,
  type Session,
} from './pack-schema';
import type {
  CourseData,
  LearnedLinkRecord,
  LearnedSessionRecord,
  LearnerLinkRecord,
} from '../utils/protocol/records';

/**
 * The learned sessions of `base`'s course that fit into it, in number order: one whose number
 * or id the pack has is left out (the pack's own session wins), and so is one whose resource
 * ids another session already uses (ids are unique within a pack), or any beyond the pack's
 * session limit.
 */
export function learnedSessionsOf(base: Pack, records: readonly LearnedSessionRecord[]): Session[] {
  const numbers = new Set(base.sessions.map((s) => s.number));
  const ids = new Set(base.sessions.map((s) => s.id));
  const taken = new Set(base.sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const fits: Session[] = [];
  for (const { session } of [...records]
    .filter((r) => r.courseId === base.id)
    .sort((a, b) => a.session.number - b.session.number)) {
    const own = session.resources.map((r) => r.id);
    if (numbers.has(session.number) || ids.has(session.id)) continue;
    if (own.some((id) => taken.has(id)) || new Set(own).size !== own.length) continue;
    if (base.sessions.length + fits.length >= PACK_LIMITS.sessions) break;
    numbers.add(session.number);
    ids.add(session.id);
    for (const id of own) taken.add(id);
    fits.push(session);
  }
  return fits;
}

/**
 * The pack learners see: the imported pack (or the bundled one), with the session a
 * facilitator chose, the links learned from the course's pages filled in where the pack
 * has none, and the sessions learned from the course's pages the pack lacks, in number order
 * ({@link learnedSessionsOf}). A learned link never replaces a link the pack gives.
 */
export function effectivePack(
  base: Pack,
  learned: readonly LearnedLinkRecord[],
  current: CourseData['chosenSession'],
  learnedSessions: readonly LearnedSessionRecord[] = [],
): Pack {
  const links = new Map(
    learned.filter((l) => l.courseId === base.id).map((l) => [l.resourceId, l]),
  );
  const extra = learnedSessionsOf(base, learnedSessions);
  const chosen =
    current?.courseId === base.id &&
    [...base.sessions, ...extra].some((s) => s.id === current.sessionId)
      ? current.sessionId
      : base.currentSession;
  const own = base.sessions.map((session) => ({
    ...session,
    resources: session.resources.map((r) => {
      const l = r.link === null ? links.get(r.id) : undefined;
      return l && l.sessionId === session.id ? { ...r, link: l.link } : r;
    }),
  }));
  return {
    ...base,
    ...(chosen !== undefined && { currentSession: chosen }),
    sessions: extra.reduce(inNumberOrder, own),
  };
}

/**
 * The pack with the learned `session` taken into it, in number order, validated again with
 * `parseImportedPack`: what "Add to the pack" stores as the imported pack.
 */
export function addSession(pack: Pack, session: Session, hosts: HostOptions = {}): PackResult {
  if (pack.sessions.some((s) => s.id === session.id || s.number === session.number))
    return {
      ok: false,
      error: { path: 'sessions', message: `the pack already has session ${session.number}` },
    };
  return parseImportedPack({ ...pack, sessions: inNumberOrder(pack.sessions, session) }, hosts);
}

/**
 * Take everything a session page says into the pack: its wording, its outcomes, its links
 * (learned and changed), the resources it added and the ones it dropped. The result is
 * validated again with `parseImportedPack`, so a page can never produce a pack the extension refuses.
 */
export function applyDiff(
  pack: Pack,
  sessionId: string,
  diff: SessionDiff,
  hosts: HostOptions = {},
): PackResult {
  const taken = new Set(pack.sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const sessions = pack.sessions.map((session): Session => {
    if (session.id !== sessionId) return session;
    const s: Session = { ...session, outcomes: [...session.outcomes] };
    const outcomeIds = new Set(s.outcomes.map((o) => o.id));
    const dropped = new Set<string>();
    for (const change of diff.changedText) {
      if (change.scope === 'session') s[change.field] = change.to;
      else if (change.scope === 'outcome') {
        if (change.outcomeId === null && change.to !== null) {
          let n = s.outcomes.length + 1;
          while (outcomeIds.has(`o${n}`)) n++;
          outcomeIds.add(`o${n}`);
          s.outcomes.push({ id: `o${n}`, text: change.to });
        } else if (change.outcomeId !== null && change.to === null) {
          dropped.add(change.outcomeId);
        } else if (change.outcomeId !== null && change.to !== null) {
          const to = change.to;
          s.outcomes = s.outcomes.map((o) => (o.id === change.outcomeId ? { ...o, text: to } : o));
        }
      }
    }
    s.outcomes = s.outcomes.filter((o) => !dropped.has(o.id));
    const links = new Map<string, string>([
      ...diff.learnedLinks.map((l) => [l.resourceId, l.link] as const),
      ...diff.changedLinks.map((l) => [l.resourceId, l.to] as const),
    ]);
    const removed = new Set(diff.removed.map((r) => r.resourceId));
    const resources = s.resources
      .filter((r) => !removed.has(r.id))
      .map((r) => {
        const next = { ...r, link: links.get(r.id) ?? r.link };
        for (const c of diff.changedText) {
          if (c.scope !== 'resource' || c.resourceId !== r.id) continue;
          if (c.field === 'kind') next.kind = c.to as typeof r.kind;
          else next[c.field] = c.to;
        }
        if (next.outcomes) next.outcomes = next.outcomes.filter((o) => !dropped.has(o));
        return next;
      });
    for (const { index, resource } of diff.added) {
      resources.splice(Math.min(index, resources.length), 0, {
        id: slugId(resource.title, taken),
        kind: resource.kind,
        title: resource.title,
        summary: resource.summary || resource.title,
        link: resource.link,
      });
    }
    s.resources = resources;
    return s;
  });
  return parseImportedPack({ ...pack, sessions }, hosts);
}

/** Whether a diff has anything to review. */
export function diffIsEmpty(diff: SessionDiff): boolean {
  return (
    diff.learnedLinks.length +
      diff.changedLinks.length +
      diff.added.length +
      diff.removed.length +
      diff.changedText.length ===
    0
  );
}

/**
 * A session as a learner sees it: where the course gives a resource no link, the page the
 * learner linked to it is its link (the pack itself never changes: a facilitator's export
 * carries no learner's link).
 */
export function withLearnerLinks(
  session: Session,
  learnerLinks: readonly LearnerLinkRecord[],
): Session {
  const mine = new Map(
    learnerLinks.filter((l) => l.sessionId === session.id).map((l) => [l.resourceId, l.link]),
  );
  if (mine.size === 0) return session;
  return {
    ...session,
    resources: session.resources.map((r) => {
      const link = r.link === null ? mine.get(r.id) : undefined;
      return link === undefined ? r : { ...r, link };
    }),
  };
}
