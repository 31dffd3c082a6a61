// @vitest-environment node
// Node's own fetch, not happy-dom's: the integration tests talk to a real local HTTP server and
// need a fetch that exposes manual redirects, as Node's (like a service worker's target) does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicUrl } from '../../../../content/hosts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkAll,
  checkLink,
  MAX_REDIRECTS,
  type FetchLike,
  type FetchResponse,
} from '../../../../entrypoints/options/link-check';
import type { LinkResult } from '../../../../utils/protocol/link-checks';

const START = 'https://ex.org/reading';
/** A fake response with only what a check reads. */
const answer = (
  status: number,
  extra: Partial<Omit<FetchResponse, 'headers'>> & { location?: string } = {},
): FetchResponse => {
  const { location, ...rest } = extra;
  return {
    status,
    type: 'basic',
    url: '',
    redirected: false,
    headers: new Headers(location ? { location } : {}),
    ...rest,
  };
};

describe('checkLink with a fake fetch (browser behaviours Node does not have)', () => {
  it('falls back to following redirects when the browser hides them (opaque redirect)', async () => {
    const calls: RequestInit[] = [];
    const fetch: FetchLike = async (_url, init) => {
      calls.push(init);
      return init.redirect === 'manual'
        ? answer(0, { type: 'opaqueredirect' })
        : answer(200, { url: `${START}/`, redirected: true });
    };
    const result = await checkLink(START, { fetch });
    expect(calls.map((c) => [c.method, c.redirect])).toEqual([
      ['HEAD', 'manual'],
      ['HEAD', 'follow'],
    ]);
    expect(result).toMatchObject({
      status: 'redirected',
      chain: [
        { url: START, status: null },
        { url: `${START}/`, status: 200 },
      ],
      finalUrl: `${START}/`,
      httpStatus: 200,
    });
  });

  it.each([
    [{ url: 'https://elsewhere.org/', redirected: true }, 'moved', 2],
    // The browser followed nothing after all: the chain is the start alone.
    [{ url: START, redirected: false }, 'works', 1],
    [{ url: '', redirected: false }, 'works', 1],
  ])('after an opaque redirect, a final answer %j is %s', async (final, status, hops) => {
    const fetch: FetchLike = async (_url, init) =>
      init.redirect === 'manual' ? answer(0, { type: 'opaqueredirect' }) : answer(200, final);
    const result = await checkLink(START, { fetch });
    expect(result.status).toBe(status);
    expect(result.chain).toHaveLength(hops);
  });

  it('says a link redirects and then fails when the browser hides the chain (a loop, say)', async () => {
    // A browser hides a manual redirect, and following it fails the same way for a loop, too
    // many redirects or a dead host: what happened is "redirects, then fails", however fast.
    const methods: unknown[] = [];
    const fetch: FetchLike = async (_url, init) => {
      methods.push(`${String(init.method)} ${String(init.redirect)}`);
      if (init.redirect === 'manual') return answer(0, { type: 'opaqueredirect' });
      throw new TypeError('Failed to fetch');
    };
    expect(await checkLink(START, { fetch })).toMatchObject({
      status: 'unreachable',
      detail: 'redirect_failed',
      chain: [{ url: START, status: null }],
      httpStatus: null,
    });
    // Not retried with GET: it would follow the same redirects again.
    expect(methods).toEqual(['HEAD manual', 'HEAD follow']);
  });

  it('retries with GET when HEAD fails outright, and drops the GET body', async () => {
    const methods: unknown[] = [];
    let cancelled = 0;
    const fetch: FetchLike = async (_url, init) => {
      methods.push(init.method);
      if (init.method === 'HEAD') throw new TypeError('fetch failed');
      return answer(200, {
        body: {
          cancel: async () => {
            cancelled += 1;
          },
        },
      });
    };
    expect(await checkLink(START, { fetch })).toMatchObject({ status: 'works', httpStatus: 200 });
    expect(methods).toEqual(['HEAD', 'GET']);
    expect(cancelled).toBe(1);
  });

  it('calls fetch as a plain function (a browser’s fetch refuses another `this`)', async () => {
    const thisValues: unknown[] = [];
    const fetch: FetchLike = async function (this: unknown) {
      thisValues.push(this);
      return answer(200);
    };
    await checkLink(START, { fetch });
    expect(thisValues).toEqual([undefined]);
  });

  it('times the check with the given clock and stamps it', async () => {
    const ticks = [1_000, 1_250];
    const now = () => ticks.shift() ?? 9_999;
    const result = await checkLink(START, { fetch: async () => answer(200), now });
    expect(result).toMatchObject({ ms: 250, checkedAt: new Date(1_250).toISOString() });
  });

  it('reports cancelled at once even if fetch ignores its signal', async () => {
    const cancel = new AbortController();
    const fetch: FetchLike = () => new Promise<FetchResponse>(() => undefined);
    const pending = checkLink(START, { fetch, signal: cancel.signal });
    setTimeout(() => {
      cancel.abort();
    }, 20);
    expect(await pending).toMatchObject({
      status: 'cancelled',
      chain: [{ url: START, status: null }],
      ms: null,
      httpStatus: null,
    });
  });

  it.each([
    ['an address that is not http(s)', 'javascript:alert(1)', 'unreachable'],
    ['an address that does not parse', 'not a url', 'unreachable'],
  ])('does not fetch %s', async (_, url, status) => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls += 1;
      return answer(200);
    };
    expect(await checkLink(url, { fetch })).toMatchObject({ status, detail: 'invalid_url' });
    expect(calls).toBe(0);
  });

  it('does not fetch when Cancel was already pressed', async () => {
    const fetch: FetchLike = async () => {
      throw new Error('must not be called');
    };
    const result = await checkLink(START, { fetch, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: 'cancelled', chain: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Against a real HTTP server on 127.0.0.1.

/** The local server is on loopback, which checks refuse unless told (as the test build is). */
const LOCAL = { allowUrl: (url: string) => isPublicUrl(url, { allowLoopback: true }) };

let server: Server;
let other: Server;
let base = '';
let otherBase = '';
let closedBase = '';
let active = 0;
let maxActive = 0;
const log: string[] = [];

const listen = async (s: Server): Promise<string> => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

/** Answer after `ms`, unless the client has gone away by then. */
const later = (req: IncomingMessage, res: ServerResponse, ms: number, status = 200) => {
  const timer = setTimeout(() => res.writeHead(status).end('late'), ms);
  req.on('close', () => {
    clearTimeout(timer);
  });
};

function route(req: IncomingMessage, res: ServerResponse): void {
  const { pathname } = new URL(req.url ?? '/', base);
  log.push(`${req.method ?? ''} ${pathname}`);
  const redirect = (status: number, location: string) => res.writeHead(status, { location }).end();
  const chain = /^\/chain\/(\d+)$/.exec(pathname);
  if (chain) {
    const n = Number(chain[1]);
    if (n < 20) redirect(301, `/chain/${n + 1}`);
    else res.writeHead(200).end('end of chain');
    return;
  }
  switch (pathname) {
    case '/':
    case '/ok':
    case '/slash/':
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
      return;
    case '/slash':
      redirect(301, '/slash/');
      return;
    case '/to-home':
      redirect(302, '/');
      return;
    case '/away':
      redirect(302, `${otherBase}/elsewhere`);
      return;
    case '/loop-a':
      redirect(302, '/loop-b');
      return;
    case '/loop-b':
      redirect(302, `${base}/loop-a`);
      return;
    case '/to-gone':
      redirect(301, '/gone');
      return;
    case '/no-location':
      res.writeHead(302).end();
      return;
    case '/gone':
      res.writeHead(404).end('not here');
      return;
    case '/gone-forever':
      res.writeHead(410).end();
      return;
    case '/forbidden':
      res.writeHead(403).end();
      return;
    case '/broken':
      res.writeHead(500).end('oops');
      return;
    case '/unavailable':
      res.writeHead(503).end();
      return;
    case '/head-405':
    case '/head-501':
    case '/head-404':
      if (req.method === 'HEAD') res.writeHead(Number(pathname.slice(-3))).end();
      else res.writeHead(200).end('GET works');
      return;
    case '/delay':
      later(req, res, 150);
      return;
    case '/busy': {
      active += 1;
      maxActive = Math.max(maxActive, active);
      res.on('close', () => {
        active -= 1;
      });
      later(req, res, 200);
      return;
    }
    case '/hang':
      // Never answers; the client gives up.
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  other = createServer((_req, res) => res.writeHead(200).end('another host'));
  base = await listen(server);
  otherBase = await listen(other);
  // A port that was just free and is now closed: connecting to it is refused.
  const closed = createServer();
  closedBase = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

beforeEach(() => {
  log.length = 0;
});

describe('checkLink against a local server', () => {
  // Generous: none of these tests is about time, and a loaded machine must not turn an answer
  // into a timeout. Only the timeout test sets a short limit, against a server that never answers.
  const check = (path: string) => checkLink(`${base}${path}`, { timeoutMs: 60_000, ...LOCAL });

  it.each([
    ['/ok', 'works', 200, 1],
    ['/slash', 'redirected', 200, 2],
    ['/to-home', 'moved', 200, 2],
    ['/away', 'moved', 200, 2],
    ['/to-gone', 'not_found', 404, 2],
    ['/gone', 'not_found', 404, 1],
    ['/gone-forever', 'not_found', 410, 1],
    ['/forbidden', 'refused', 403, 1],
    ['/broken', 'server_error', 500, 1],
    ['/unavailable', 'server_error', 503, 1],
    ['/head-405', 'works', 200, 1],
    ['/head-501', 'works', 200, 1],
    ['/head-404', 'works', 200, 1],
    [`/chain/${20 - MAX_REDIRECTS}`, 'moved', 200, MAX_REDIRECTS + 1],
  ])('%s is %s (%i after %i hops)', async (path, status, httpStatus, hops) => {
    const result = await check(path);
    expect(result).toMatchObject({ status, httpStatus });
    expect(result.chain).toHaveLength(hops);
    expect(result.chain[0]!.url).toBe(`${base}${path}`);
    expect(result.finalUrl).toBe(result.chain.at(-1)!.url);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('keeps the whole redirect chain with each status', async () => {
    expect((await check('/slash')).chain).toEqual([
      { url: `${base}/slash`, status: 301 },
      { url: `${base}/slash/`, status: 200 },
    ]);
    expect((await check('/away')).chain).toEqual([
      { url: `${base}/away`, status: 302 },
      { url: `${otherBase}/elsewhere`, status: 200 },
    ]);
  });

  it('uses HEAD alone when HEAD works, and GET only after HEAD is refused', async () => {
    await check('/ok');
    await check('/head-405');
    expect(log).toEqual(['HEAD /ok', 'HEAD /head-405', 'GET /head-405']);
  });

  it('reports a redirect loop without retrying it', async () => {
    const result = await check('/loop-a');
    expect(result).toMatchObject({ status: 'redirect_loop', httpStatus: 302 });
    expect(result.chain.map((h) => h.url)).toEqual([`${base}/loop-a`, `${base}/loop-b`]);
    expect(log).toEqual(['HEAD /loop-a', 'HEAD /loop-b']);
  });

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    const result = await check('/chain/0');
    expect(result).toMatchObject({ status: 'unreachable', detail: 'too_many_redirects' });
    expect(result.chain).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('reports a redirect without Location as a bad redirect', async () => {
    expect(await check('/no-location')).toMatchObject({
      status: 'unreachable',
      detail: 'bad_redirect',
      httpStatus: 302,
    });
  });

  it('times out a server that never answers', async () => {
    // The server never answers, so the result cannot depend on the machine's speed.
    const result = await checkLink(`${base}/hang`, { timeoutMs: 300, ...LOCAL });
    expect(result).toMatchObject({ status: 'timed_out', httpStatus: null, ms: null });
    // A timed-out HEAD is not retried: it would only double the wait.
    expect(log).toEqual(['HEAD /hang']);
  });

  it('never requests a private or local address, nor follows a redirect to one', async () => {
    expect(await checkLink(`${base}/ok`)).toMatchObject({
      status: 'unreachable',
      detail: 'private_host',
      chain: [],
    });
    const fetch: FetchLike = async (url) =>
      url === START ? answer(302, { location: 'http://169.254.169.254/latest' }) : answer(200);
    expect(await checkLink(START, { fetch })).toMatchObject({
      status: 'unreachable',
      detail: 'private_host',
      chain: [{ url: START, status: 302 }],
    });
    expect(log).toEqual([]);
  });

  it('reports a closed port as unreachable', async () => {
    expect(await checkLink(`${closedBase}/ok`, { timeoutMs: 60_000, ...LOCAL })).toMatchObject({
      status: 'unreachable',
      detail: 'network_error',
      httpStatus: null,
      chain: [{ url: `${closedBase}/ok`, status: null }],
    });
  });
});

describe('checkAll against a local server', () => {
  it('checks at most `concurrency` links at a time, in input order, with progress to the end', async () => {
    active = 0;
    maxActive = 0;
    const items = Array.from({ length: 9 }, (_, i) => ({
      resourceId: `r${i}`,
      url: `${base}/busy?n=${i}`,
    }));
    const progress: [number, number][] = [];
    const results = await checkAll(items, {
      ...LOCAL,
      concurrency: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(maxActive).toBeGreaterThan(1);
    expect(maxActive).toBeLessThanOrEqual(3);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual(
      items.map((item) => [item.resourceId, 'works']),
    );
    expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  });

  it('keeps input order when later links finish first, and marks links-less resources missing', async () => {
    const results = await checkAll(
      [
        { resourceId: 'slow', url: `${base}/delay` },
        { resourceId: 'none', url: null },
        { resourceId: 'fast', url: `${base}/gone` },
      ],
      LOCAL,
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['slow', 'works'],
      ['none', 'missing'],
      ['fast', 'not_found'],
    ]);
    expect(results[1]).toMatchObject({ url: null, chain: [], httpStatus: null, ms: null });
    expect(log.filter((l) => l.startsWith('HEAD'))).toHaveLength(2);
  });

  it('after Cancel starts nothing more and marks every unfinished link cancelled', async () => {
    const cancel = new AbortController();
    const items = [
      { resourceId: 'ok', url: `${base}/ok` },
      ...Array.from({ length: 6 }, (_, i) => ({ resourceId: `h${i}`, url: `${base}/hang` })),
      { resourceId: 'none', url: null },
    ];
    const seen: LinkResult[] = [];
    const run = checkAll(items, {
      ...LOCAL,
      concurrency: 2,
      timeoutMs: 600_000,
      signal: cancel.signal,
      onProgress: (_done, _total, result) => seen.push(result),
    });
    // Cancel once both workers wait on a link that never answers (what happened, not when).
    await vi.waitFor(() => expect(log.filter((l) => l.endsWith('/hang'))).toHaveLength(2), {
      timeout: 30_000,
    });
    cancel.abort();
    // Resolves although the server never answers: Cancel does not wait for the network.
    const results = await run;
    expect(results.map((r) => r.status)).toEqual([
      'works',
      ...Array<string>(6).fill('cancelled'),
      'missing',
    ]);
    // Only the two links running at Cancel were ever requested (besides the first).
    expect(log.filter((l) => l.endsWith('/hang'))).toHaveLength(2);
    expect(seen).toHaveLength(items.length);
  });
});
