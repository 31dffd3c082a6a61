/**
 * Checks that the readings' links still work, for a facilitator. Runs wherever `fetch` does
 * (an MV3 service worker, Node for the tests): the fetch implementation, the clock and the
 * Cancel signal are all passed in. Results are codes for the UI to word, never sentences.
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
 * |                | than {@link MAX_REDIRECTS}), `redirect_failed` (the browser hid the     |
 * |                | redirects and following them failed: a loop, too many, a dead host),    |
 * |                | `private_host` (a loopback, private-network or local address, never     |
 * |                | requested), `bad_redirect` (3xx without a usable                        |
 * |                | http(s) Location), `invalid_url`, `unexpected_status` (1xx, 6xx…)       |
 * | `missing`      | the resource has no link                                                |
 * | `cancelled`    | the facilitator pressed Cancel before the check ended                   |
 *
 * HEAD is tried first, as it downloads nothing. Unless HEAD ends in a 2xx answer, a GET
 * decides instead: servers that mishandle HEAD answer 405 or 501, and some 403 or 404, where
 * GET works. A timeout, a Cancel, a redirect loop or failed redirects are not retried. Requests carry no cookies
 * (`credentials: 'omit'`) and skip the cache.
 *
 * In a browser extension the service worker needs host permission for a link's host; without
 * it, CORS makes every check `unreachable` (`network_error`).
 */
import { isPublicUrl } from '../../content/hosts';
import { normalizeUrl } from '../../content/url';
import type {
  Hop,
  LinkDetail,
  LinkItem,
  LinkResult,
  LinkStatus,
} from '../../utils/protocol/link-checks';

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

/** The result of {@link checkLink}: a {@link LinkResult} without the resource. */
export type LinkCheck = Omit<LinkResult, 'resourceId' | 'url'> & { url: string };

/** The parts of a fetch `Response` a check reads. */
export interface FetchResponse {
  readonly status: number;
  readonly type: ResponseType;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body?: { cancel(): Promise<void> } | null;
}

/** A `fetch` implementation; the global `fetch` is one. */
export type FetchLike = (url: string, init: RequestInit) => Promise<FetchResponse>;

/** Options of {@link checkLink}. */
export interface CheckLinkOptions {
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** The time a whole check may take, redirects and GET retry included. Default 10 000. */
  timeoutMs?: number;
  /** Cancel: aborts the check at once, which then reports `cancelled`. */
  signal?: AbortSignal;
  /** The clock, in milliseconds since the epoch. Defaults to `Date.now`. */
  now?: () => number;
  /**
   * Whether an address may be requested; a refused start is `unreachable` (`private_host`)
   * without a request, and a redirect to a refused address is not followed. Defaults to
   * public hosts only (`isPublicUrl` of content/hosts.ts).
   */
  allowUrl?: (url: string) => boolean;
}

/** Options of {@link checkAll}. */
export interface CheckAllOptions extends CheckLinkOptions {
  /** How many links are checked at the same time. Default 4. */
  concurrency?: number;
  /** Called once per item, as each result is known, `done` counting up to `total`. */
  onProgress?: (done: number, total: number, result: LinkResult) => void;
}

/** The most redirects a check follows; one more ends it as `too_many_redirects`. */
export const MAX_REDIRECTS = 10;
/** The default time a check may take, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The default number of checks at the same time. */
export const DEFAULT_CONCURRENCY = 4;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
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

/** The requests of one method, following redirects. */
interface Attempt {
  hops: Hop[];
  end: CheckEnd;
}

/**
 * Check one link: follow its redirects (at most {@link MAX_REDIRECTS}), classify the answer
 * and time it. Never rejects.
 *
 * Redirects are followed one by one (`redirect: 'manual'`) so the whole chain is known. A
 * browser hides a manual redirect (an `opaqueredirect` response, status 0, no Location); then
 * the request is repeated with `redirect: 'follow'` and the chain is the start and where the
 * browser ended (`response.url`), the start's status unknown (`null`).
 */
export async function checkLink(url: string, options: CheckLinkOptions = {}): Promise<LinkCheck> {
  const {
    timeoutMs = DEFAULT_TIMEOUT_MS,
    signal,
    now = Date.now,
    allowUrl = (u: string) => isPublicUrl(u),
  } = options;
  // Called as a plain function, never as `options.fetch(…)`: a browser's fetch throws "Illegal
  // invocation" when called as a method of another object.
  const doFetch: FetchLike = options.fetch ?? ((u, init) => fetch(u, init));
  const started = now();
  const result = ({ hops, end }: Attempt): LinkCheck => {
    const verdict = classify(url, hops, end);
    const at = now();
    return {
      url,
      ...verdict,
      chain: hops,
      ms: verdict.httpStatus === null ? null : Math.max(0, Math.round(at - started)),
      checkedAt: new Date(at).toISOString(),
    };
  };
  if (!isHttpUrl(url)) return result({ hops: [], end: 'invalid_url' });
  if (!allowUrl(url)) return result({ hops: [], end: 'private_host' });
  if (signal?.aborted) return result({ hops: [], end: 'cancelled' });

  const controller = new AbortController();
  let why: 'timeout' | 'cancelled' | null = null;
  const stop = (reason: 'timeout' | 'cancelled') => {
    why ??= reason;
    controller.abort();
  };
  // Rejects on abort, raced against every request, so a fetch that ignores its signal cannot
  // keep a cancelled or timed-out check (and the whole run) waiting.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => {
      reject(new Error('aborted'));
    });
  });
  aborted.catch(() => undefined);
  const timer = setTimeout(() => {
    stop('timeout');
  }, timeoutMs);
  const onCancel = () => {
    stop('cancelled');
  };
  signal?.addEventListener('abort', onCancel);

  const request = async (target: string, init: RequestInit): Promise<FetchResponse> => {
    const response = await Promise.race([doFetch(target, init), aborted]);
    // Only the status and headers matter: drop any body rather than download it.
    response.body?.cancel().catch(() => undefined);
    return response;
  };

  const follow = async (method: 'HEAD' | 'GET'): Promise<Attempt> => {
    const init: RequestInit = {
      method,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    };
    const hops: Hop[] = [];
    const seen = new Set<string>();
    let current = new URL(url).href;
    for (;;) {
      seen.add(current);
      try {
        const response = await request(current, init);
        if (response.type === 'opaqueredirect') {
          let final: FetchResponse;
          try {
            final = await request(current, { ...init, redirect: 'follow' });
          } catch {
            // The browser hides why (a loop, too many redirects, a dead host): all we know is
            // that this address redirects and its redirects lead nowhere.
            hops.push({ url: current, status: null });
            return { hops, end: why ?? 'redirect_failed' };
          }
          const to = final.url || current;
          if (final.redirected && to !== current)
            hops.push({ url: current, status: null }, { url: to, status: final.status });
          else hops.push({ url: current, status: final.status });
          return { hops, end: 'response' };
        }
        hops.push({ url: current, status: response.status });
        const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
        if (location === null) return { hops, end: 'response' };
        let next: string;
        try {
          next = new URL(location, current).href;
        } catch {
          return { hops, end: 'response' };
        }
        // A redirect to mailto: or the like is not followed: the final 3xx is a bad redirect.
        if (!isHttpUrl(next)) return { hops, end: 'response' };
        if (seen.has(next)) return { hops, end: 'redirect_loop' };
        if (!allowUrl(next)) return { hops, end: 'private_host' };
        if (hops.length > MAX_REDIRECTS) return { hops, end: 'too_many_redirects' };
        current = next;
      } catch {
        hops.push({ url: current, status: null });
        return { hops, end: why ?? 'network_error' };
      }
    }
  };

  try {
    const head = await follow('HEAD');
    const code = head.hops.at(-1)?.status ?? null;
    const ok = head.end === 'response' && code !== null && code >= 200 && code <= 299;
    const retry = !ok && (head.end === 'response' || head.end === 'network_error');
    return result(retry ? await follow('GET') : head);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}

/**
 * Check many links, at most `concurrency` at a time, and give the results in input order.
 * A resource without a link is `missing` without a request. When `signal` aborts (Cancel), no
 * new check starts, the running ones stop at once, and every unfinished item is `cancelled`;
 * the promise then resolves without waiting for the network. `onProgress` is called once per
 * item, Cancel included, so `done` always reaches `total`. Never rejects.
 */
export async function checkAll(
  items: readonly LinkItem[],
  options: CheckAllOptions = {},
): Promise<LinkResult[]> {
  const { concurrency = DEFAULT_CONCURRENCY, signal, onProgress, now = Date.now } = options;
  const limit = concurrency >= 1 ? Math.floor(concurrency) : 1;
  const total = items.length;
  const results = new Array<LinkResult | undefined>(total);
  let done = 0;
  const finish = (index: number, result: LinkResult) => {
    results[index] = result;
    done += 1;
    onProgress?.(done, total, result);
  };
  const unchecked = (item: LinkItem, status: 'missing' | 'cancelled'): LinkResult => ({
    resourceId: item.resourceId,
    url: item.url,
    status,
    finalUrl: null,
    chain: [],
    httpStatus: null,
    ms: null,
    checkedAt: new Date(now()).toISOString(),
  });

  const queue: { index: number; resourceId: string; url: string }[] = [];
  for (const [index, item] of items.entries()) {
    if (item.url === null) finish(index, unchecked(item, 'missing'));
    else queue.push({ index, resourceId: item.resourceId, url: item.url });
  }
  let next = 0;
  const worker = async () => {
    for (let job = queue[next]; job && !signal?.aborted; job = queue[next]) {
      next += 1;
      const { url, ...check } = await checkLink(job.url, options);
      finish(job.index, { resourceId: job.resourceId, url, ...check });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  for (const job of queue) if (!results[job.index]) finish(job.index, unchecked(job, 'cancelled'));
  return results.filter((r): r is LinkResult => r !== undefined);
}
