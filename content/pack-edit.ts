/**
 * Editing the pack learners see, in pure code: the facilitator's chosen session and the links
 * learned from the course's pages laid over the pack, and a session page's differences taken
 * into it. No browser API and no database here, so every rule is unit-tested directly.
 */
import type { SessionDiff } from './session-diff';
import type { HostOptions } from './hosts';
import { parseImportedPack, type Pack, type PackResult, type Session } from './pack-schema';
import type { CourseData, LearnedLinkRecord, LearnerLinkRecord } from '../utils/protocol/records';

/**
 * The pack learners see: the imported pack (or the bundled one), with the session a
 * facilitator chose and the links learned from the course's pages filled in where the pack
 * has none. A learned link never replaces a link the pack gives.
 */
export function effectivePack(
  base: Pack,
  learned: readonly LearnedLinkRecord[],
  current: CourseData['chosenSession'],
): Pack {
  const links = new Map(
    learned.filter((l) => l.courseId === base.id).map((l) => [l.resourceId, l]),
  );
  const chosen =
    current?.courseId === base.id && base.sessions.some((s) => s.id === current.sessionId)
      ? current.sessionId
      : base.currentSession;
  return {
    ...base,
    ...(chosen !== undefined && { currentSession: chosen }),
    sessions: base.sessions.map((session) => ({
      ...session,
      resources: session.resources.map((r) => {
        const l = r.link === null ? links.get(r.id) : undefined;
        return l && l.sessionId === session.id ? { ...r, link: l.link } : r;
      }),
    })),
  };
}

/** A slug id for a resource added from a session page, unique within `taken`. */
function newId(title: string, taken: Set<string>): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'resource';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
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
        id: newId(resource.title, taken),
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
