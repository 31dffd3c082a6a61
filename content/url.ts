/**
 * URL normalisation for recognising readings. Two addresses that a person would call "the
 * same page" normalise to the same string: http vs https, `www.` or not, a trailing slash, a
 * `#section`, a different query order, escapes written `%7e`/`%7E`/`~` or `é`/`%c3%a9`, an IDN
 * host written in Unicode or punycode, the tracking and share parameters of the hosts readings
 * live on, Spotify's `/intl-fr/` prefix, the `edit`/`view` forms of one Google document, and
 * `youtu.be/ID` vs `youtube.com/watch?v=ID&t=42`. Anything that can name another page stays:
 * an unknown parameter, a path's case, an escaped `/` (`%2F`), a locale folder on a generic
 * site. The result is itself a URL, so normalising it again changes nothing.
 */

// ---------------------------------------------------------------------------------------------
// The parameters dropped. ONE table: a name specific to one tracker is dropped on every host; a
// generic name (`si`, `r`, `s`, `usp`…) only on the hosts that use it for tracking or sharing,
// because on another site the same name may be the page (a WordPress `?p=123`, `?id=`, Apple
// Podcasts' `?i=` episode id: none of those is ever listed here).
// ---------------------------------------------------------------------------------------------

/** Prefixes of names that only track a click, on any host (compared lower-case). */
const TRACKING_PREFIXES = [
  'utm_', // Google Analytics campaign tags (utm_source, utm_medium, utm_campaign…)
  'wt.', // Webtrends / Microsoft campaign tags (WT.mc_id, WT.tsrc…)
];

/** Names that only track a click, on any host (compared lower-case). */
const TRACKING_EXACT = new Set([
  'fbclid', // Facebook click id
  'gclid', // Google Ads click id
  'dclid', // Google Display click id
  'gbraid', // Google Ads (iOS) click id
  'wbraid', // Google Ads (web-to-app) click id
  '_ga', // Google Analytics cross-domain linker
  '_gl', // Google Analytics 4 cross-domain linker
  'msclkid', // Microsoft Ads click id
  'yclid', // Yandex click id
  'twclid', // Twitter/X Ads click id
  'ttclid', // TikTok Ads click id
  'li_fat_id', // LinkedIn Ads click id
  'igshid', // Instagram share id
  'igsh', // Instagram share id (newer form)
  'mibextid', // Facebook app share id
  'mc_cid', // Mailchimp campaign id (exact names: `mc_` alone is not specific enough)
  'mc_eid', // Mailchimp subscriber id
  '_hsenc', // HubSpot email tracking
  '_hsmi', // HubSpot email id
  '__hstc', // HubSpot visitor cookie passed in links
  '__hssc', // HubSpot session cookie passed in links
  '__hsfp', // HubSpot fingerprint passed in links
  'mkt_tok', // Marketo email token
  'oly_enc_id', // Omeda (newsletter) subscriber id
  'oly_anon_id', // Omeda anonymous id
  'vero_id', // Vero email subscriber id
  'vero_conv', // Vero conversion tag
  '__s', // Drip email subscriber id
  'ck_subscriber_id', // ConvertKit (Kit) subscriber id
  'rb_clickid', // Rakuten / RB click id
  's_cid', // Adobe Analytics campaign id
  's_kwcid', // Adobe Advertising keyword id
  '_branch_match_id', // Branch deep-link id (Spotify's share links carry it)
  '_branch_referrer', // Branch deep-link referrer
  'triedredirect', // Substack custom-domain redirect marker (`triedRedirect=true`)
]);

/**
 * Generic names dropped only on their own hosts, by host suffix (`spotify.com` covers
 * `open.`, `podcasters.` and `creators.spotify.com`). A host matches an entry when it is the
 * suffix or ends with `.` + the suffix. Compared lower-case.
 */
const HOST_PARAMS: ReadonlyArray<readonly [suffix: string, names: readonly string[]]> = [
  // Spotify: `si` = the sharer's share id; `nd` = "no deep link" (open in the browser, not
  // the app); `context` = the playlist/album a track was shared from; `dl_branch` = Branch
  // deep-link flag. The page is the item in the path.
  ['spotify.com', ['si', 'nd', 'context', 'dl_branch']],
  // Google Docs and Drive: the file is the id in the path (`/document/d/ID`, `/file/d/ID`).
  // `usp` = where the link was copied from (sharing, drive_link, embed_facebook…); `ouid` =
  // the owner's user id, `rtpof` and `sd` = flags of a shared Office file; `authuser` = which
  // signed-in account opens it; `tab` = a tab within the one document (`t.0` is added by Docs
  // itself on opening), a part of the document like a `#section`.
  // `resourcekey` is the access key Drive added in 2021 to link-shared files older than
  // November 2017: whoever has not opened the file before needs it to get in. It is an access
  // credential of the one file whose id is in the path, never an identifier: the same file has
  // the same id with or without it, and two different files always have different ids, so
  // dropping it cannot merge two files. Keeping it would split one reading in two (the course
  // page's link has the key; the address bar of someone who already had access may not). The
  // normalised address is only ever a lookup key: the link a learner follows keeps its key.
  ['docs.google.com', ['usp', 'ouid', 'rtpof', 'sd', 'authuser', 'tab', 'resourcekey']],
  ['drive.google.com', ['usp', 'ouid', 'rtpof', 'sd', 'authuser', 'resourcekey']],
  // Substack (*.substack.com): `r` = the sharer's referral code; `s` = share source (w, r…);
  // `showWelcome`, `isFreemail` = sign-up banners. Custom domains are not knowable by host:
  // there only the specific names above apply.
  ['substack.com', ['r', 's', 'showwelcome', 'isfreemail']],
  // Twitter / X: `s` = share source (app, 20…), `t` = share token, `ref_src` / `ref_url` =
  // the embedding page.
  ['twitter.com', ['s', 't', 'ref_src', 'ref_url']],
  ['x.com', ['s', 't', 'ref_src', 'ref_url']],
  // YouTube pages that are not a video (a channel, a playlist): `si` = share id, `pp` =
  // search-result tracking, `feature` = where the link came from. A video's address is
  // rebuilt from its id anyway (see youtubeId).
  ['youtube.com', ['si', 'pp', 'feature']],
  ['youtu.be', ['si', 'pp', 'feature']],
  // SoundCloud: `si` = share id; `in` is kept (it names a playlist context page).
  ['soundcloud.com', ['si']],
  // Medium: `source` = which list or feed the click came from (`rss----…`, `friends_link`).
  ['medium.com', ['source']],
];

/** HOST_PARAMS as a map from suffix to its names, built once. */
const HOST_PARAM_SETS = new Map<string, ReadonlySet<string>>(
  HOST_PARAMS.map(([suffix, names]) => [suffix, new Set(names)]),
);

/** The generic names dropped on this host (from every suffix of it in HOST_PARAMS). */
function hostParamSets(host: string): ReadonlySet<string>[] {
  const sets: ReadonlySet<string>[] = [];
  for (let h = host; h;) {
    const set = HOST_PARAM_SETS.get(h);
    if (set) sets.push(set);
    const dot = h.indexOf('.');
    h = dot < 0 ? '' : h.slice(dot + 1);
  }
  return sets;
}

/** Does this (canonically escaped) name only track or share, on a host with these sets? */
function isDropped(name: string, hostSets: readonly ReadonlySet<string>[]): boolean {
  const k = name.toLowerCase();
  if (TRACKING_EXACT.has(k) || TRACKING_PREFIXES.some((p) => k.startsWith(p))) return true;
  return hostSets.some((set) => set.has(k));
}

// ---------------------------------------------------------------------------------------------
// Paths that differ only in a form the host gives the same page.
// ---------------------------------------------------------------------------------------------

/** Spotify's interface-language prefix: `/intl-fr/episode/ID` is `/episode/ID`. */
const SPOTIFY_LOCALE = /^(?:\/intl-[a-z]{2,3}(?:-[a-z0-9]{2,4})?)+(?=\/|$)/i;
/**
 * One Google document, sheet or deck: `/document/d/ID`, `…/edit`, `…/view`, `…/preview`,
 * `…/mobilebasic` and the account-prefixed `/document/u/1/d/ID/edit` are all the editor's page.
 * (`/pub`, `/export`, forms' `/viewform` are other pages and are left alone.)
 */
const GOOGLE_DOC =
  /^\/(document|spreadsheets|presentation)\/(?:u\/\d+\/)?d\/([^/]+)(?:\/(?:edit|view|preview|mobilebasic)?)?\/?$/;
/** One Drive file: `/file/d/ID`, `…/view`, `…/edit`, `…/preview`, `/file/u/0/d/ID/view`. */
const DRIVE_FILE = /^\/file\/(?:u\/\d+\/)?d\/([^/]+)(?:\/(?:view|edit|preview)?)?\/?$/;

/** The path of a host's page in its one canonical form (escapes already canonical). */
function hostPath(host: string, path: string): string {
  switch (host) {
    case 'open.spotify.com':
      return path.replace(SPOTIFY_LOCALE, '');
    case 'docs.google.com':
      return path.replace(GOOGLE_DOC, '/$1/d/$2/edit');
    case 'drive.google.com':
      return path.replace(DRIVE_FILE, '/file/d/$1/view');
    default:
      return path;
  }
}

// ---------------------------------------------------------------------------------------------
// Percent-escapes, as RFC 3986 §6.2.2 normalises them.
// ---------------------------------------------------------------------------------------------

/** A 128-entry table: 1 for each ASCII character of `chars`. */
function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** RFC 3986 unreserved: an escape of one of these IS the character, so it is decoded. */
const UNRESERVED = asciiTable(`${ALNUM}-._~`);
/** What a path may hold unescaped: unreserved, sub-delims, `:`, `@`, `/`. */
const PATH_RAW = asciiTable(`${ALNUM}-._~!$&'()*+,;=:@/`);
/**
 * What a query name or value may hold unescaped. `&` separates pairs and `+` is a space (see
 * canonicalQuery); `'` is left out because the URL parser escapes it in a query, and a form
 * it would change on re-parsing could not be idempotent.
 */
const QUERY_RAW = asciiTable(`${ALNUM}-._~!$()*,;=:@/?`);
/** Quick tests: a string with none of these characters is already canonical. */
const PATH_NEEDS_WORK = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const QUERY_NEEDS_WORK = /[^A-Za-z0-9\-._~!$()*,;=:@/?]/;
const HEX = '0123456789ABCDEF';
const UTF8 = new TextEncoder();

/** The value of the hex digit at `s[i]`, or -1. */
function hexDigit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

const escape = (byte: number): string => `%${HEX[byte >> 4]}${HEX[byte & 15]}`;

/**
 * A path or query component with canonical escapes: an escaped unreserved character decoded
 * (`%7E` → `~`, `%41` → `A`); every other escape kept, its hex upper-cased (`%2f` → `%2F`:
 * `%2F %3F %23 %25` and every reserved character stay escaped, as they may mean something
 * else unescaped); a `%` that starts no escape written `%25` (so that no later pass can read
 * it as one); a character that may not stand unescaped escaped as UTF-8. `raw` says what may
 * stand unescaped; with `plusIsSpace`, `+` is written `%20`.
 */
function canonicalEscapes(s: string, raw: Uint8Array, plusIsSpace: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hi = hexDigit(s, i + 1);
      const lo = hi < 0 ? -1 : hexDigit(s, i + 2);
      if (lo < 0) {
        out += '%25';
        continue;
      }
      const byte = (hi << 4) | lo;
      out += byte < 128 && UNRESERVED[byte] ? String.fromCharCode(byte) : escape(byte);
      i += 2;
    } else if (c === 0x2b && plusIsSpace) out += '%20';
    else if (c < 128) out += raw[c] ? s.charAt(i) : escape(c);
    else {
      // The URL parser already escapes non-ASCII; this keeps the function total anyway.
      const cp = s.codePointAt(i) ?? 0xfffd;
      const ch = String.fromCodePoint(cp);
      for (const byte of UTF8.encode(ch)) out += escape(byte);
      i += ch.length - 1;
    }
  }
  return out;
}

const canonicalPath = (path: string): string =>
  PATH_NEEDS_WORK.test(path) ? canonicalEscapes(path, PATH_RAW, false) : path;
const canonicalQueryPart = (part: string): string =>
  QUERY_NEEDS_WORK.test(part) ? canonicalEscapes(part, QUERY_RAW, true) : part;

/**
 * The query without its tracking pairs, each name and value canonically escaped, sorted by
 * name then value (so `?b=2&a=1` is `?a=1&b=2`), or `''` when none is left. A name without
 * `=` gets one (`?a` is `?a=`, as form decoding reads both).
 *
 * `+` and `%20` are the same (both written `%20`): every form encoder writes a space as `+`,
 * and the servers readings live on (PHP, WordPress, Rails, Django, Express) decode `+` in a
 * query as a space; a literal plus is sent as `%2B`, which stays apart.
 */
function canonicalQuery(search: string, host: string): string {
  if (search.length <= 1) return '';
  const hostSets = hostParamSets(host);
  const pairs: [string, string][] = [];
  for (const part of search.slice(1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = canonicalQueryPart(eq < 0 ? part : part.slice(0, eq));
    if (isDropped(name, hostSets)) continue;
    pairs.push([name, eq < 0 ? '' : canonicalQueryPart(part.slice(eq + 1))]);
  }
  if (!pairs.length) return '';
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

// ---------------------------------------------------------------------------------------------
// Videos: every form of one YouTube video is the video.
// ---------------------------------------------------------------------------------------------

const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtube-nocookie.com',
]);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_PATH_ID = /^\/(?:embed|shorts|live|v)\/([^/]+)/;

/** The YouTube video id an address shows, in any of its common forms, or null. */
function youtubeId(u: URL, host: string): string | null {
  let id: string | null = null;
  if (host === 'youtu.be') id = u.pathname.split('/')[1] ?? null;
  else if (YOUTUBE_HOSTS.has(host)) {
    if (u.pathname === '/watch') id = u.searchParams.get('v');
    else {
      const m = YOUTUBE_PATH_ID.exec(u.pathname);
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
 * normalizeUrl('https://open.spotify.com/intl-fr/episode/ID?si=x')
 * // → 'https://open.spotify.com/episode/ID'
 * normalizeUrl('https://café.example/%7euser/caf%c3%a9')
 * // → 'https://xn--caf-dma.example/~user/caf%C3%A9'
 */
export function normalizeUrl(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // The URL parser already lowercases the host, writes an IDN host in punycode
  // (`café.example` → `xn--caf-dma.example`) and drops default ports for the scheme.
  let host = u.hostname.replace(/\.$/, '');
  while (host.startsWith('www.')) host = host.slice(4);
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';

  const video = youtubeId(u, host);
  if (video) return `https://youtube.com/watch?v=${video}`;

  const path = hostPath(host, canonicalPath(u.pathname)).replace(/\/+$/, '');
  return `https://${host}${port}${path}${canonicalQuery(u.search, host)}`;
}
