/**
 * The links of the pack and their checks, in pure code: what the popup's facilitator line
 * counts, how new check results merge with the stored ones, which links to check and which
 * host permissions that needs. No browser API and no database here.
 */
import { isPublicUrl, type HostOptions } from './hosts';
import type { Pack } from './pack-schema';
import type { StoredLinkCheck } from '../utils/protocol/records';
import type { LinkItem, LinkStatus } from '../utils/protocol/link-checks';

/** Statuses that mean a learner who follows the link reaches the reading. */
const WORKING: ReadonlySet<LinkStatus> = new Set(['works', 'redirected']);

/** What the popup's facilitator line says: of the links checked, how many work, how many are missing. */
export interface LinkSummary {
  /** Resources with a check result, the missing ones included. */
  checked: number;
  working: number;
  missing: number;
}

/**
 * Count the stored checks of the pack's current resources (results for resources the pack no
 * longer has, or for another course, are ignored). `null` when nothing was ever checked.
 */
export function linkSummary(
  pack: Pick<Pack, 'id' | 'sessions'>,
  checks: readonly StoredLinkCheck[],
  sessionId?: string,
): LinkSummary | null {
  const sessions = sessionId ? pack.sessions.filter((s) => s.id === sessionId) : pack.sessions;
  const ids = new Set(sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const mine = checks.filter((c) => c.courseId === pack.id && ids.has(c.resourceId));
  if (mine.length === 0) return null;
  return {
    checked: mine.length,
    working: mine.filter((c) => WORKING.has(c.status)).length,
    missing: mine.filter((c) => c.status === 'missing').length,
  };
}

/**
 * Merge new check results over the stored ones, one per resource: a newer result replaces an
 * older one, and a `cancelled` result never replaces anything (it says nothing of the link).
 */
export function mergeChecks(
  stored: readonly StoredLinkCheck[],
  fresh: readonly StoredLinkCheck[],
): StoredLinkCheck[] {
  const key = (c: StoredLinkCheck) => `${c.courseId}/${c.resourceId}`;
  const out = new Map(stored.map((c) => [key(c), c]));
  for (const c of fresh) if (c.status !== 'cancelled') out.set(key(c), c);
  return [...out.values()];
}

/**
 * The host permissions a link check needs: one origin pattern per host of `links` (scheme and
 * host, no port or path: match patterns cannot name ports), nothing for a missing or non-web
 * link, nor for a private or local host (never checked). The facilitator is asked for exactly
 * these, never for every site.
 */
export function originsOf(links: readonly (string | null)[], hosts: HostOptions = {}): string[] {
  const out = new Set<string>();
  for (const link of links) {
    if (!link || !isPublicUrl(link, hosts)) continue;
    try {
      const u = new URL(link);
      if (u.protocol === 'http:' || u.protocol === 'https:')
        out.add(`${u.protocol}//${u.hostname}/*`);
    } catch {
      // Not an address: nothing to ask for.
    }
  }
  return [...out];
}

/** The links to check: every resource of the pack, or of one session, in course order. */
export function checkItems(pack: Pack, sessionId?: string): LinkItem[] {
  return pack.sessions
    .filter((s) => sessionId === undefined || s.id === sessionId)
    .flatMap((s) => s.resources.map((r) => ({ resourceId: r.id, url: r.link })));
}
