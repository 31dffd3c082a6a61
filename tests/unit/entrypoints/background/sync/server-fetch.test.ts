import { describe, expect, it, vi } from 'vitest';
import {
  authorization,
  serverFetch,
  SyncFailure,
  type FetchContext,
} from '../../../../../entrypoints/background/sync/server-fetch';

const SERVER = 'https://couch.example.org';
const context = (left = 1000): FetchContext => ({ left, failure: null });

function answering(body: string, init: ResponseInit = {}) {
  return vi.fn(
    async (_url: string | URL | Request, _init?: RequestInit) => new Response(body, init),
  );
}

describe('serverFetch', () => {
  it('sends the credentials, no cookie, and follows no redirect', async () => {
    const base = answering('{}');
    const f = serverFetch(
      { server: SERVER, auth: { kind: 'basic', username: 'amina', password: 'é:x' } },
      base,
      context(),
    );
    await f(`${SERVER}/learner`, { headers: { Accept: 'application/json' } });
    const init = base.mock.calls[0]![1]!;
    expect(new Headers(init.headers).get('Authorization')).toBe(
      authorization({ kind: 'basic', username: 'amina', password: 'é:x' }),
    );
    expect(new Headers(init.headers).get('Accept')).toBe('application/json');
    expect(init.credentials).toBe('omit');
    expect(init.redirect).toBe('error');
  });

  it('encodes a user name and password as UTF-8 for Basic, and a token as Bearer', () => {
    expect(authorization({ kind: 'basic', username: 'amina', password: 'é' })).toBe(
      `Basic ${Buffer.from('amina:é', 'utf8').toString('base64')}`,
    );
    expect(authorization({ kind: 'token', token: 'abc.def' })).toBe('Bearer abc.def');
    expect(authorization({ kind: 'none' })).toBeNull();
  });

  it('refuses a request to anywhere but the server', async () => {
    const base = answering('{}');
    const f = serverFetch({ server: SERVER, auth: { kind: 'none' } }, base, context());
    await expect(f('https://elsewhere.example.org/learner')).rejects.toBeInstanceOf(SyncFailure);
    expect(base).not.toHaveBeenCalled();
  });

  it('stops at the byte budget, shared by the requests of one sync', async () => {
    const ctx = context(10);
    const f = serverFetch({ server: SERVER, auth: { kind: 'none' } }, answering('123456'), ctx);
    expect(await (await f(`${SERVER}/a`)).text()).toBe('123456');
    await expect(f(`${SERVER}/b`)).rejects.toMatchObject({ code: 'too_large' });
    expect(ctx.failure?.code).toBe('too_large');
  });

  it('notes why a request failed, for the status (PouchDB loses the error’s kind)', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const ctx = context();
    await expect(
      serverFetch({ server: SERVER, auth: { kind: 'none' } }, down, ctx)(`${SERVER}/a`),
    ).rejects.toMatchObject({ code: 'unreachable' });
    expect(ctx.failure?.code).toBe('unreachable');

    const denied = context();
    const f = serverFetch(
      { server: SERVER, auth: { kind: 'none' } },
      answering('{}', { status: 401 }),
      denied,
    );
    expect((await f(`${SERVER}/a`)).status).toBe(401);
    expect(denied.failure?.code).toBe('unauthorized');
  });
});
