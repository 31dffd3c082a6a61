/**
 * Checks that the readings' links still work, for a facilitator. Runs wherever `fetch` does
 * (the facilitator page, Node for the tests): the fetch implementation, the clock and the
 * Cancel signal are all passed in. How a check ended becomes a status by the rules of
 * `link-status.ts`; results are codes for the UI to word, never sentences.
 *
 * HEAD is tried first, as it downloads nothing. Unless HEAD ends in a 2xx answer, a GET
 * decides instead: servers that mishandle HEAD answer 405 or 501, and some 403 or 404, where
 * GET works. A timeout, a Cancel, a redirect loop or failed redirects are not retried. Requests carry no cookies
 * (`credentials: 'omit'`) and skip the cache.
 *
 * In a browser extension the page needs host permission for a link's host; without it, CORS
 * makes every check `unreachable` (`network_error`).
 */
import { isPublicUrl } from '../../content/hosts';
import type { LinkItem, LinkResult } from '../../utils/protocol/link-checks';
import { classify, type CheckEnd, type Hop } from './link-status';

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
