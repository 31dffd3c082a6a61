/**
 * Small questions about an address, kept apart from the normaliser (`url.ts`, whose tables of
 * hosts and parameters every page would otherwise load): the popup, the overlay and the
 * schemas need only these.
 */

/** Is this an absolute http(s) address with a host? (`javascript:`, `data:`, relative: no.) */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * The host a link names (without `www.`), shown beside a link learned from the course page so
 * a learner sees where it leads before following it; the link itself when it has none.
 */
export function linkHost(link: string): string {
  try {
    return new URL(link).hostname.replace(/^www\./, '') || link;
  } catch {
    return link;
  }
}
