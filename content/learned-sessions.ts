/**
 * Sessions learned from the course's own pages, in pure code: which address is a session page
 * of the course, how a page's session becomes a pack session (valid ids, safe links, texts the
 * pack accepts) and where a learned session goes among the pack's sessions. No browser API and
 * no database here, so every rule is unit-tested directly.
 *
 * The session page rule: an https address on the course's host (the host of the pack's session
 * `pageUrl`s, with or without `www.`, default port), directly in the course's folder (the folder
 * of those `pageUrl`s, e.g. `/curriculum/`), whose last path segment is `session-<N>`: `N` a
 * number from 1 to 999 without leading zeros, lowercase `session-`, one trailing slash allowed;
 * query and fragment do not matter. `/curriculum/session-7` is one; `/curriculum/session-07`,
 * `/curriculum/old/session-7`, `/other/session-7` and `http://…` are not.
 */
import { isPublicUrl, type HostOptions } from './hosts';
import type { Pack, Session } from './pack-schema';
import type { ParsedSession } from './session-diff';

/** The last path segment of a session page: `session-<N>`, N from 1 to 999. */
const SESSION_SEGMENT = /^session-([1-9]\d{0,2})\/?$/;

const bare = (host: string) => host.replace(/\.$/, '').replace(/^(www\.)+/, '');

/**
 * The session number the address `url` is the page of, by the session page rule (see the
 * module's comment), with the course's host and folder taken from `pack`'s session
 * `pageUrl`s; null when it is no session page of the course.
 */
export function sessionPageNumber(pack: Pack, url: string): number | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.port !== '' || u.username || u.password) return null;
  for (const session of pack.sessions) {
    if (!session.pageUrl) continue;
    let p: URL;
    try {
      p = new URL(session.pageUrl);
    } catch {
      continue;
    }
    if (p.protocol !== 'https:' || p.port !== '' || bare(p.hostname) !== bare(u.hostname)) continue;
    const folder = p.pathname.replace(/[^/]*$/, '');
    if (!u.pathname.startsWith(folder)) continue;
    const m = SESSION_SEGMENT.exec(u.pathname.slice(folder.length));
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

/** The id of the session learned from the page of session `n`: its page's slug. */
export const learnedSessionId = (n: number) => `session-${n}`;

/**
 * The address a learned session keeps as its `pageUrl`: the page's own, without query or
 * fragment or trailing slash (so a later visit of the same page replaces it).
 */
export function sessionPageUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/$/, '')}`;
}

/** A slug id made from `title`, unique within `taken` (which it joins). */
export function slugId(title: string, taken: Set<string>, fallback = 'resource'): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** `text` trimmed, or `otherwise` when that leaves nothing (the pack refuses empty texts). */
const orElse = (text: string, otherwise: string) => text.trim() || otherwise;

/**
 * The pack session a course page gives for session `parsed.number`: its id `session-<N>`,
 * outcome ids `o1`, `o2`…, resource ids by the slug of their titles (unique among `taken`, the
 * resource ids the pack and the other learned sessions already use, which it joins), links
 * only when https on a public host (else null: never invented, never unsafe). An empty intro
 * or blurb is the title (the pack refuses empty texts; nothing is made up). Texts are within
 * the pack's limits because the page's are (`ParsedSessionSchema`).
 */
export function sessionFromPage(
  parsed: ParsedSession,
  pageUrl: string,
  taken: Set<string>,
  hosts: HostOptions = {},
): Session {
  const safe = (link: string | null) =>
    link !== null && link.startsWith('https://') && isPublicUrl(link, hosts) ? link : null;
  const title = orElse(parsed.title, parsed.heading);
  return {
    id: learnedSessionId(parsed.number),
    number: parsed.number,
    heading: orElse(parsed.heading, title),
    title,
    intro: orElse(parsed.intro, title),
    pageUrl,
    outcomes: parsed.outcomes
      .map((o) => o.trim())
      .filter(Boolean)
      .map((text, i) => ({ id: `o${i + 1}`, text })),
    resources: parsed.resources
      .filter((r) => r.title.trim())
      .map((r) => ({
        id: slugId(r.title, taken),
        kind: r.kind,
        title: r.title.trim(),
        summary: orElse(r.summary, r.title),
        link: safe(r.link),
      })),
  };
}

/**
 * A short fingerprint of what a page said (53-bit cyrb53 of its JSON, in base 36): an ignored
 * session is learned again only once its page says something else.
 */
export function pageFingerprint(parsed: ParsedSession): string {
  const text = JSON.stringify(parsed);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * `sessions` with `session` inserted before the first session of a higher number: the pack's
 * own order is kept, and a learned session lands where its number says.
 */
export function inNumberOrder(sessions: readonly Session[], session: Session): Session[] {
  const at = sessions.findIndex((s) => s.number > session.number);
  return at === -1
    ? [...sessions, session]
    : [...sessions.slice(0, at), session, ...sessions.slice(at)];
}
