import { describe, expect, it, vi } from 'vitest';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import { type SenderInfo, type SenderKind } from '../../../../entrypoints/background/senders';
import type { Reply, Request, RequestType } from '../../../../utils/protocol/messages';
import { RequestSchema } from '../../../../utils/protocol/request-schema';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
  READING,
  TOKEN,
  seen,
  writing,
} from '../../helpers';
import { ROUTES } from '../../../../entrypoints/background/routes';

describe('malformed requests are refused with a readable error and write nothing', () => {
  it.each<[string, unknown, RegExp]>([
    ['no type', { url: READING }, /type/],
    ['an unknown type', { type: 'db:drop' }, /type/],
    ['a number for url', { ...seen(), url: 42 }, /url/],
    ['an over-long url', seen(`https://a.org/${'x'.repeat(9000)}`), /at most 8192/],
    ['an extra field', { type: 'tab:reading', tabId: 1, extra: true }, /extra/],
    ['a negative tab id', { type: 'tab:reading', tabId: -1 }, /tabId/],
    [
      'an empty reflection',
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, text: '  ' },
      /empty/,
    ],
    [
      'an over-long reflection',
      {
        type: 'reflection:save',
        token: TOKEN,
        draftOwner: 'o',
        ...writing,
        text: 'x'.repeat(50_001),
      },
      /at most 50000/,
    ],
    [
      'a string for outcomes',
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, outcomeIds: 'o1' },
      /outcomeIds/,
    ],
    [
      'a negative media time',
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, mediaTime: -1 },
      /mediaTime/,
    ],
    [
      'a bad quote',
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, quote: { exact: 'x' } },
      /quote/,
    ],
    ['a short token', { type: 'overlay:init', token: 'abc' }, /token/],
    ['null', null, /./],
    ['a string', 'page:seen', /./],
  ])('%s', async (_name, message, detail) => {
    const { handle, tabs, store } = await backgroundForTest();
    await handle(seen(), contentScript(1));
    const before = await store.listByCourse('seize-fse');
    const reply = await handle(message, overlayFrame(1));
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_request');
      expect(reply.error.detail).toMatch(detail);
    }
    expect(await store.listByCourse('seize-fse')).toEqual(before);
    expect(tabs.size).toBe(1);
  });
});

describe('who may send what (one table, consulted before any request is routed)', () => {
  const SESSION_PAGE = 'https://www.solidarityeconomy.ca/curriculum/session-6';
  /** One sender of each kind: the reading's overlay and a content script on the session page. */
  const SENDERS: Record<SenderKind, SenderInfo> = {
    'content-script': contentScript(9, SESSION_PAGE),
    overlay: overlayFrame(3),
    popup,
    options: facilitatorPage,
    unknown: { ...contentScript(9, SESSION_PAGE), frameId: 2 },
  };
  const first = bundledPack.sessions[0]!;
  /** A well-formed request of each type, which its allowed sender gets answered. */
  const sample = (backup: string, reflectionId: string): { [T in RequestType]: Request } => ({
    'page:seen': { type: 'page:seen', url: SESSION_PAGE, title: 'Session 6', token: TOKEN },
    'overlay:toggle': { type: 'overlay:toggle', token: TOKEN },
    'course:page': {
      type: 'course:page',
      session: {
        number: first.number,
        heading: first.heading,
        title: first.title,
        intro: first.intro,
        outcomes: first.outcomes.map((o) => o.text),
        resources: first.resources.map((r) => ({
          kind: r.kind,
          title: r.title,
          summary: r.summary,
          link: r.link,
        })),
      },
    },
    'tab:reading': { type: 'tab:reading', tabId: 3 },
    'session:state': { type: 'session:state', courseId: 'seize-fse', sessionId: 'session-6' },
    'journal:status': { type: 'journal:status', courseId: 'seize-fse' },
    'reflections:search': {
      type: 'reflections:search',
      courseId: 'seize-fse',
      sessionId: 'session-6',
      query: '',
      limit: 10,
    },
    'export:prepare': { type: 'export:prepare', sessionId: null, format: 'json' },
    'import:preview': { type: 'import:preview', text: backup },
    'import:apply': { type: 'import:apply', text: backup },
    'overlay:init': { type: 'overlay:init', token: TOKEN },
    'overlay:layout': { type: 'overlay:layout', token: TOKEN, expanded: true, side: 'left' },
    'progress:done': { type: 'progress:done', token: TOKEN, done: true },
    'reflection:save': { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
    'reflection:delete': {
      type: 'reflection:delete',
      token: TOKEN,
      id: reflectionId,
      restore: false,
    },
    'draft:save': {
      type: 'draft:save',
      token: TOKEN,
      owner: 'o',
      editingId: null,
      baseUpdatedAt: null,
      ...writing,
    },
    'draft:clear': { type: 'draft:clear', token: TOKEN, owner: 'o' },
    'page:capture': { type: 'page:capture', token: TOKEN, what: 'selection' },
    'reflections:adopt': { type: 'reflections:adopt' },
    'quotes:list': { type: 'quotes:list', token: TOKEN },
    'quotes:found': { type: 'quotes:found', token: TOKEN, found: [], missing: [], ms: 1 },
    'quotes:open': { type: 'quotes:open', token: TOKEN, id: reflectionId },
    'quotes:state': { type: 'quotes:state', token: TOKEN },
    'quotes:reveal': { type: 'quotes:reveal', token: TOKEN, id: reflectionId },
    'quotes:show': { type: 'quotes:show', token: TOKEN, show: false },
    'writer:init': { type: 'writer:init', tabId: 3 },
    'writer:save': { type: 'writer:save', tabId: 3, draftOwner: 'o', ...writing },
    'writer:delete': { type: 'writer:delete', tabId: 3, id: reflectionId, restore: false },
    'writer:draft:save': {
      type: 'writer:draft:save',
      tabId: 3,
      owner: 'o',
      editingId: null,
      baseUpdatedAt: null,
      ...writing,
    },
    'writer:draft:clear': { type: 'writer:draft:clear', tabId: 3, owner: 'o' },
    'pack:current': { type: 'pack:current' },
    'pack:view': { type: 'pack:view' },
    'facilitator:state': { type: 'facilitator:state' },
    'checks:save': { type: 'checks:save', results: [] },
    'pack:import': { type: 'pack:import', pack: bundledPack },
    'pack:reset': { type: 'pack:reset' },
    'pack:session': { type: 'pack:session', sessionId: 'session-6' },
    'diff:resolve': { type: 'diff:resolve', sessionId: 'session-6', accept: false },
    'learned:resolve': { type: 'learned:resolve', sessionId: 'session-7', accept: false },
    'hosts:state': { type: 'hosts:state' },
    'hosts:enable': { type: 'hosts:enable', origins: ['https://cles.org.uk/*'] },
    'link:set': {
      type: 'link:set',
      tabId: 3,
      sessionId: 'session-6',
      resourceId: 'preston-model',
    },
    'link:remove': { type: 'link:remove', sessionId: 'session-6', resourceId: 'preston-model' },
    'sync:state': { type: 'sync:state' },
    'sync:configure': {
      type: 'sync:configure',
      settings: {
        server: 'https://couch.example.org',
        database: 'learner',
        auth: { kind: 'none' },
      },
    },
    'sync:test': { type: 'sync:test', settings: null },
    'sync:now': { type: 'sync:now' },
    'sync:disable': { type: 'sync:disable' },
  });
  const types = RequestSchema.options.map((o) => o.entries.type.literal);

  it('names every request type, and only those', () => {
    expect(Object.keys(ROUTES).sort()).toEqual([...types].sort());
    for (const kinds of Object.values(ROUTES).map((r) => r.senders)) {
      expect(kinds.length).toBeGreaterThan(0);
      expect(kinds).not.toContain('unknown');
    }
  });

  it('gives the overlay frame only its token-checked requests (its session comes with overlay:init)', () => {
    const overlay = types.filter((t) => ROUTES[t].senders.includes('overlay'));
    const tokenChecked = RequestSchema.options
      .filter((o) => 'token' in o.entries)
      .map((o) => o.entries.type.literal)
      // A content script's requests (its page, its shortcut, its quotes) carry the token too.
      .filter((t) => !ROUTES[t].senders.includes('content-script'));
    expect(overlay.sort()).toEqual(tokenChecked.sort());
  });

  it.each(
    types.flatMap((type) =>
      (Object.keys(SENDERS) as SenderKind[]).map((kind) => [type, kind] as const),
    ),
  )('%s from %s: as the table says', async (type, kind) => {
    const { handle } = await backgroundForTest();
    // A reading in tab 3 with its overlay, a session page in tab 9, a reflection, a backup.
    await handle(seen(), contentScript(3));
    await handle(seen(SESSION_PAGE), contentScript(9, SESSION_PAGE));
    const saved = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(3),
    );
    const exported = await handle(
      { type: 'export:prepare', sessionId: null, format: 'json' },
      popup,
    );
    if (!saved.ok || !exported.ok) throw new Error('setup failed');
    const request = sample(
      (exported as Reply<'export:prepare'> & { ok: true }).json,
      (saved as Reply<'reflection:save'> & { ok: true }).reflection.id,
    )[type];
    const reply = await handle(request, SENDERS[kind]);
    if (ROUTES[type].senders.includes(kind))
      expect(reply.ok ? null : reply.error.code).not.toBe('forbidden_sender');
    else
      expect(reply).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', detail: `${type} may not come from ${kind}` },
      });
  });
});

describe('a request that changes what syncs', () => {
  it('is followed by a sync when it succeeds, and only then', async () => {
    const { handle, deps } = await backgroundForTest();
    const changed = vi.fn();
    deps.sync = { changed } as unknown as NonNullable<typeof deps.sync>;
    await handle(seen(), contentScript(3));
    expect(changed).not.toHaveBeenCalled();
    const saved = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(3),
    );
    expect(saved.ok).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);
    const refused = await handle(
      { type: 'reflection:delete', token: TOKEN, id: 'not-a-reflection', restore: false },
      overlayFrame(3),
    );
    expect(refused.ok).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
