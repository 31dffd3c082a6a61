/**
 * The `fetch` PouchDB uses to reach the learner's server: it adds the credentials (never a
 * cookie), refuses redirects (a server cannot send the credentials elsewhere), gives up on a
 * request that hangs, and counts every byte received against a budget per sync, so a hostile
 * or broken server cannot fill memory or the replica without bound.
 */
import type { SyncConfig, SyncErrorCode } from './config';

/** A failure with a code of its own (one {@link SyncErrorCode}). */
export class SyncFailure extends Error {
  constructor(
    readonly code: SyncErrorCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'SyncFailure';
  }
}

/**
 * What the requests of one sync share: the bytes they may still receive, and the first
 * failure one of them met (PouchDB wraps the errors it passes on, and loses their kind).
 */
export interface FetchContext {
  left: number;
  failure: SyncFailure | null;
}

/** The most one sync receives (twice the largest backup file: a first sync of a full journal). */
export const SYNC_BYTES = 64 * 1024 * 1024;
/** How long one request may take before it counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 60_000;

const NO_BODY = new Set([101, 204, 205, 304]);

/** The `Authorization` header of the settings, or null. */
export function authorization(auth: SyncConfig['auth']): string | null {
  if (auth.kind === 'basic') {
    const bytes = new TextEncoder().encode(`${auth.username}:${auth.password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }
  if (auth.kind === 'token') return `Bearer ${auth.token}`;
  return null;
}

/**
 * A fetch for the server of `config`, over `base` (the browser's fetch), within `budget`.
 * Requests anywhere else than that server are refused.
 */
export function serverFetch(
  config: Pick<SyncConfig, 'server' | 'auth'>,
  base: typeof fetch,
  budget: FetchContext,
  timeoutMs = REQUEST_TIMEOUT_MS,
): (url: string | Request, init?: RequestInit) => Promise<Response> {
  const origin = new URL(config.server).origin;
  const auth = authorization(config.auth);
  return async (url, init = {}) => {
    const target = typeof url === 'string' ? url : url.url;
    if (new URL(target).origin !== origin)
      throw new SyncFailure('not_couchdb', 'a request outside the server');
    const headers = new Headers(init.headers);
    if (auth) headers.set('Authorization', auth);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await base(target, {
        ...init,
        headers,
        signal,
        credentials: 'omit',
        redirect: 'error',
      });
    } catch (e) {
      throw noted(budget, new SyncFailure('unreachable', e instanceof Error ? e.message : 'fetch'));
    }
    if (response.status === 401 || response.status === 403)
      noted(budget, new SyncFailure('unauthorized', `HTTP ${response.status}`));
    else if (response.status >= 500)
      noted(budget, new SyncFailure('server_error', `HTTP ${response.status}`));
    if (NO_BODY.has(response.status) || !response.body) return response;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > budget.left) {
      await response.body.cancel().catch(() => undefined);
      throw noted(
        budget,
        new SyncFailure('too_large', 'the server sent more than one sync may receive'),
      );
    }
    const body = await readCapped(response.body, budget);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Keep `failure` as the context's first, and return it. */
function noted(context: FetchContext, failure: SyncFailure): SyncFailure {
  context.failure ??= failure;
  return failure;
}

async function readCapped(stream: ReadableStream<Uint8Array>, budget: FetchContext) {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw noted(budget, new SyncFailure('unreachable', e instanceof Error ? e.message : 'read'));
    }
    const { done, value } = chunk;
    if (done) break;
    budget.left -= value.byteLength;
    if (budget.left < 0) {
      await reader.cancel().catch(() => undefined);
      throw noted(
        budget,
        new SyncFailure('too_large', 'the server sent more than one sync may receive'),
      );
    }
    parts.push(value);
    size += value.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
