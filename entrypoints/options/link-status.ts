/**
 * What a link check found, as a status: the pure rules that turn how a check's requests ended
 * (see `link-check.ts`, which makes them) into a code for the UI to word, never a sentence.
 *
 * Status rules, applied to the last answer of the redirect chain:
 *
 * | status         | when                                                                    |
 * | -------------- | ----------------------------------------------------------------------- |
 * | `works`        | 2xx at the address itself, no redirect                                  |
 * | `redirected`   | 2xx after redirects, still the same reading ({@link sameReading})       |
 * | `moved`        | 2xx after redirects, somewhere else (another host, the home page…)      |
 * | `not_found`    | 404 or 410, redirected or not                                           |
 * | `refused`      | any other 4xx (401, 403, 429, 451…): the server answers but will not    |
 * |                | serve this check; the page may well open in a browser, so look by hand  |
 * | `server_error` | 5xx                                                                     |
 * | `redirect_loop`| the redirects come back to an address already requested (seen in the   |
 * |                | hops, so it is a loop however fast or slow the answers came)            |
 * | `timed_out`    | no answer within the timeout (the whole check, redirects included)      |
 * | `unreachable`  | no usable answer; `detail` says why: `network_error` (DNS, refused      |
 * |                | connection, TLS, CORS), `too_many_redirects` (more                      |
 * |                | than `MAX_REDIRECTS` of link-check.ts), `redirect_failed` (the browser  |
 * |                | hid the redirects and following them failed: a loop, too many, a dead   |
 * |                | host), `private_host` (a loopback, private-network or local address,    |
 * |                | never requested), `bad_redirect` (3xx without a usable                  |
 * |                | http(s) Location), `invalid_url`, `unexpected_status` (1xx, 6xx…)       |
 * | `missing`      | the resource has no link                                                |
 * | `cancelled`    | the facilitator pressed Cancel before the check ended                   |
 */
import { normalizeUrl } from '../../content/url';
import type { Hop, LinkDetail, LinkStatus } from '../../utils/protocol/link-checks';

export type { Hop, LinkDetail, LinkStatus };

/** How the requests of a check ended, before {@link classify} turns it into a status. */
export type CheckEnd =
  | 'response'
  | 'timeout'
  | 'cancelled'
  | 'network_error'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'redirect_failed'
  | 'private_host'
  | 'invalid_url';

/** The verdict of {@link classify}. */
export interface Classification {
  status: LinkStatus;
  /** The last address reached, or `null` when none was requested. */
  finalUrl: string | null;
  /** The last HTTP status received, or `null` when the check ended without one. */
  httpStatus: number | null;
  detail?: LinkDetail;
}

/** The parts of an address that say which page it is, for {@link sameReading}. */
function readingKey(url: string): { place: string; params: URLSearchParams } | null {
  const normalized = normalizeUrl(url);
  if (!normalized) return null;
  const u = new URL(normalized);
  const path = u.pathname
    .toLowerCase()
    .replace(/\/index\.(?:html?|php|aspx?)$/, '')
    .replace(/\/+$/, '');
  return { place: `${u.host}${path}`, params: u.searchParams };
}

/**
 * Whether a redirect's final address is still the same reading as the start: the same host
 * (ignoring http/https, `www.` and default ports) and path (ignoring case, trailing slashes and
 * a trailing `index.html`/`.htm`/`.php`/`.asp(x)`), keeping every query parameter of the start
 * except tracking ones (the final address may add some, e.g. a language). Every form of a
 * YouTube video is the same video.
 *
 * @example
 * sameReading('http://ex.org/a', 'https://www.ex.org/a/?lang=en') // → true
 * sameReading('https://ex.org/a', 'https://ex.org/') // → false: the home page
 */
export function sameReading(start: string, final: string): boolean {
  const a = readingKey(start);
  const b = readingKey(final);
  if (!a || !b || a.place !== b.place) return false;
  for (const [key, value] of a.params) if (!b.params.getAll(key).includes(value)) return false;
  return true;
}

/**
 * Turn how a check ended into a status, by the rules at the top of this module. Pure.
 *
 * @param start the address checked
 * @param hops every address requested, in order, with its status; when `end` is `response` the
 *   last hop is the final answer
 */
export function classify(start: string, hops: readonly Hop[], end: CheckEnd): Classification {
  const last = hops.at(-1);
  const finalUrl = last?.url ?? null;
  const unreachable = (detail: LinkDetail, httpStatus: number | null = null): Classification => ({
    status: 'unreachable',
    finalUrl,
    httpStatus,
    detail,
  });
  if (end === 'invalid_url')
    return { status: 'unreachable', finalUrl: null, httpStatus: null, detail: 'invalid_url' };
  // A chain that came back to an address it already requested is a loop, whatever ended the
  // check (the loop's end, or the clock or Cancel catching it on its second round).
  const urls = hops.map((h) => h.url);
  if (end === 'redirect_loop' || new Set(urls).size < urls.length) {
    const lastStatus = hops.findLast((h) => h.status !== null)?.status ?? null;
    return { status: 'redirect_loop', finalUrl, httpStatus: lastStatus };
  }
  switch (end) {
    case 'cancelled':
      return { status: 'cancelled', finalUrl, httpStatus: null };
    case 'timeout':
      return { status: 'timed_out', finalUrl, httpStatus: null };
    case 'network_error':
    case 'redirect_failed':
      return unreachable(end);
    case 'private_host':
      return unreachable(end, last?.status ?? null);
    case 'too_many_redirects':
      return unreachable(end, last?.status ?? null);
    case 'response':
      break;
  }
  const code = last?.status ?? null;
  if (code === null) return unreachable('unexpected_status');
  const answer = (status: LinkStatus): Classification => ({ status, finalUrl, httpStatus: code });
  if (code === 404 || code === 410) return answer('not_found');
  if (code >= 500 && code <= 599) return answer('server_error');
  if (code >= 400 && code <= 499) return answer('refused');
  if (code >= 300 && code <= 399) return unreachable('bad_redirect', code);
  if (code >= 200 && code <= 299) {
    if (hops.length <= 1) return answer('works');
    return answer(finalUrl !== null && sameReading(start, finalUrl) ? 'redirected' : 'moved');
  }
  return unreachable('unexpected_status', code);
}
