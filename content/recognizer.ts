/**
 * Recognises which course resource, if any, an address is. The index is built once per pack
 * (a map from normalised address to resource), so a lookup is one normalisation and one
 * map read, however large the pack.
 */
import type { Pack, Resource, Session } from './pack-schema';
import { normalizeUrl } from './url';

/** A resource found for an address, with the session it belongs to. */
export interface ReadingMatch {
  sessionId: string;
  resourceId: string;
  /**
   * Which of the resource's addresses matched: its link, one of its alternates, or the page
   * the learner linked to it.
   */
  via: 'link' | 'alternate' | 'learner';
}

/** A page the learner linked to a resource (see `LearnerLinkRecord`). */
export interface LearnerLink {
  sessionId: string;
  resourceId: string;
  link: string;
}

/** A lookup structure built from a pack by {@link buildIndex}. */
export interface ReadingIndex {
  /** The resource an address is, or `null`. Never throws, whatever the input. */
  lookup(url: string): ReadingMatch | null;
  /** How many distinct addresses the index knows. */
  readonly size: number;
}

/**
 * Build the index of every known address of every resource in the pack. When two resources
 * share an address the first in course order wins, so the result does not depend on timing.
 *
 * @param extraLinks links learned after the pack was written (from the course page or set by
 *   a facilitator), by resource id; they count as the resource's link.
 * @param learnerLinks pages the learner linked to resources: indexed after every address the
 *   pack gives, so a learner's link never takes an address from the pack's own resources; one
 *   naming no resource of the pack's session is ignored.
 */
export function buildIndex(
  pack: Pack,
  extraLinks: ReadonlyMap<string, string> = new Map(),
  learnerLinks: readonly LearnerLink[] = [],
): ReadingIndex {
  const map = new Map<string, ReadingMatch>();
  const add = (session: Session, resource: Resource, url: string, via: ReadingMatch['via']) => {
    const key = normalizeUrl(url);
    if (key && !map.has(key)) map.set(key, { sessionId: session.id, resourceId: resource.id, via });
  };
  for (const session of pack.sessions) {
    for (const resource of session.resources) {
      const link = resource.link ?? extraLinks.get(resource.id);
      if (link) add(session, resource, link, 'link');
      for (const alt of resource.alternates ?? []) add(session, resource, alt, 'alternate');
    }
  }
  for (const l of learnerLinks) {
    const found = findResource(pack, l.sessionId, l.resourceId);
    if (found) add(found.session, found.resource, l.link, 'learner');
  }
  return {
    lookup(url) {
      const key = normalizeUrl(url);
      return key ? (map.get(key) ?? null) : null;
    },
    get size() {
      return map.size;
    },
  };
}

/**
 * The content-script match patterns that cover every known address of the pack: one pair per
 * host (`https://host/*` and `https://www.host/*`), never `<all_urls>`. They are a coarse
 * filter; the recogniser decides which page is a reading. Only `https:`: over plain http any
 * network attacker can serve a reading host's pages, embed the overlay and tell the
 * background what the tab shows. Hosts beyond these get the script when the learner grants
 * them (`content/companion-hosts.ts`).
 */
export function matchPatterns(pack: Pack): string[] {
  return hostPatterns(pack.sessions.flatMap((s) => s.resources.flatMap(addressesOf)));
}

/** Every address a resource gives: its link (null when unknown), then its alternates. */
export function addressesOf(resource: Resource): (string | null)[] {
  return [resource.link, ...(resource.alternates ?? [])];
}

/**
 * The https match patterns that cover the hosts of `links`: one pair per host
 * (`https://host/*` and `https://www.host/*` for a bare domain, which is served with and
 * without `www.`; a subdomain only as written), sorted. Links that are not http(s) are skipped.
 */
export function hostPatterns(links: Iterable<string | null | undefined>): string[] {
  // host (without www.) → whether some link names it with www.
  const hosts = new Map<string, boolean>();
  const add = (host: string, www: boolean) => hosts.set(host, (hosts.get(host) ?? false) || www);
  for (const url of links) {
    if (!url || !normalizeUrl(url)) continue;
    const raw = new URL(url).hostname.replace(/\.$/, '');
    const host = raw.replace(/^(www\.)+/, '');
    // A bare domain ("grocer.coop") is served with and without www.; a subdomain
    // ("podcasters.spotify.com") only as written.
    add(host, raw !== host || host.split('.').length === 2);
    // A video is reached through its short and mobile forms too.
    if (host === 'youtube.com' || host === 'youtu.be') {
      add('youtube.com', true);
      add('m.youtube.com', false);
      add('youtu.be', false);
    }
  }
  const patterns: string[] = [];
  for (const [host, www] of [...hosts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    patterns.push(`https://${host}/*`);
    if (www) patterns.push(`https://www.${host}/*`);
  }
  return patterns;
}

/**
 * The content-script match patterns of the course's own session pages: for each session's
 * `pageUrl`, its folder on its host, with and without `www.` (e.g.
 * `https://www.solidarityeconomy.ca/curriculum/*`). Only those pages, never the whole site,
 * and only over https: a course page teaches learners links, and over plain http any network
 * attacker could write it.
 */
export function coursePageMatches(pack: Pack): string[] {
  const patterns = new Set<string>();
  for (const session of pack.sessions) {
    if (!session.pageUrl || !normalizeUrl(session.pageUrl)) continue;
    const u = new URL(session.pageUrl);
    const host = u.hostname.replace(/\.$/, '').replace(/^(www\.)+/, '');
    const folder = u.pathname.replace(/[^/]*$/, '');
    for (const h of [host, `www.${host}`]) patterns.add(`https://${h}${folder}*`);
  }
  return [...patterns].sort();
}

/** Find a resource and its session by ids. */
export function findResource(
  pack: Pack,
  sessionId: string,
  resourceId: string,
): { session: Session; resource: Resource } | null {
  const session = pack.sessions.find((s) => s.id === sessionId);
  const resource = session?.resources.find((r) => r.id === resourceId);
  return session && resource ? { session, resource } : null;
}
