/**
 * URL normalisation for recognising readings. Two addresses that a person would call "the
 * same page" (http vs https, `www.` or not, a trailing slash, a `#section`, `utm_*` tags,
 * a different query order, `youtu.be/ID` vs `youtube.com/watch?v=ID&t=42`) normalise to the
 * same string. The result is itself a URL, so normalising it again changes nothing.
 */

/** Query parameters that only track where a click came from; they never change the page. */
const TRACKING_EXACT = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
]);
const isTracking = (key: string): boolean => {
  const k = key.toLowerCase();
  return k.startsWith('utm_') || TRACKING_EXACT.has(k);
};

const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtube-nocookie.com',
]);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** The YouTube video id an address shows, in any of its common forms, or null. */
function youtubeId(u: URL, host: string): string | null {
  let id: string | null = null;
  if (host === 'youtu.be') id = u.pathname.split('/')[1] ?? null;
  else if (YOUTUBE_HOSTS.has(host)) {
    if (u.pathname === '/watch') id = u.searchParams.get('v');
    else {
      const m = /^\/(?:embed|shorts|live|v)\/([^/]+)/.exec(u.pathname);
      id = m?.[1] ?? null;
    }
  }
  return id && YOUTUBE_ID.test(id) ? id : null;
}

/**
 * The canonical form of an address, or `null` if it is not an http(s) URL.
 *
 * @example
 * normalizeUrl('HTTP://WWW.Example.org:80/a/?utm_source=x&b=2&a=1#top')
 * // → 'https://example.org/a?a=1&b=2'
 */
export function normalizeUrl(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // The URL parser already lowercases the host and drops default ports for the scheme.
  let host = u.hostname.replace(/\.$/, '');
  while (host.startsWith('www.')) host = host.slice(4);
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';

  const video = youtubeId(u, host);
  if (video) return `https://youtube.com/watch?v=${video}`;

  const path = u.pathname.replace(/\/+$/, '');
  const params = [...u.searchParams.entries()].filter(([k]) => !isTracking(k));
  params.sort(([ka, va], [kb, vb]) =>
    ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0,
  );
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `https://${host}${port}${path}${query}`;
}

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
