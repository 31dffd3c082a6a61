import { describe, expect, it, vi } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import {
  ALLOWED_SENDERS,
  backupStatus,
  SENDER_KINDS,
  senderKind,
  tabLoaded,
  toggleOverlay,
  type SenderInfo,
  type SenderKind,
} from '../../entrypoints/background/router';
import type { Reflection } from '../../entrypoints/background/db/database';
import type { Reply, Request, RequestType } from '../../utils/protocol/messages';
import { RequestSchema } from '../../utils/protocol/request-schema';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  ORIGIN,
  overlayFrame,
  popup,
  READING,
  TOKEN,
} from './helpers';

const seen = (url = READING) => ({ type: 'page:seen', url, title: 'Civil Power', token: TOKEN });
const PLACE = { sessionId: 'session-6', resourceId: 'civil-power-partner-state' };
const writing = { text: 'A thought', quote: null, mediaTime: null, outcomeIds: ['o1'] };

describe('page:seen', () => {
  it('records a reading tab, sets its badge, marks the reading opened and answers the layout', async () => {
    const { handle, tabs, deps, store } = await backgroundForTest();
    const reply = await handle(seen(`${READING}?utm_source=x`), contentScript(7));
    expect(reply).toEqual({
      ok: true,
      reading: PLACE,
      layout: { side: 'right', expanded: false },
      shortcut: 'Ctrl+Shift+L',
    });
    expect(tabs.get(7)).toMatchObject({ reading: PLACE, token: TOKEN, title: 'Civil Power' });
    expect(deps.badge).toHaveBeenCalledWith(7, PLACE);
    expect((await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt).toBeTruthy();
  });

  it('clears the badge when the tab moves off the reading, and stores nothing for it', async () => {
    const { handle, deps, store } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    const reply = await handle(seen('https://www.grocer.coop/about'), contentScript(7));
    expect(reply).toMatchObject({ ok: true, reading: null, layout: null });
    expect(deps.badge).toHaveBeenLastCalledWith(7, null);
    expect(await store.progressBySession('seize-fse', 'session-6')).toHaveLength(1);
  });

  it('writes and broadcasts once for the same page reported again and again (a flood)', async () => {
    const { handle, deps, store } = await backgroundForTest();
    const first = await handle(seen(), contentScript(7));
    const opened = (await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt;
    const setTab = vi.spyOn(deps.tabs, 'set');
    const markOpened = vi.spyOn(store, 'markOpened');
    for (let i = 0; i < 50; i++) expect(await handle(seen(), contentScript(7))).toEqual(first); // same answer each time
    expect(setTab).not.toHaveBeenCalled();
    expect(markOpened).not.toHaveBeenCalled();
    expect(deps.badge).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).toHaveBeenCalledTimes(1);
    expect((await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt).toBe(opened);
    // A real change (a new token: the page was reloaded) is written and told again.
    await handle({ ...seen(), token: 'token-fedcba9876543210' }, contentScript(7));
    expect(setTab).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['another extension', { ...contentScript(7), id: 'other' }],
    ['a sub-frame', { ...contentScript(7), frameId: 3 }],
    ['no tab', { id: 'abcdef', url: READING, frameId: 0 }],
    ['a page claiming another site', contentScript(7, 'https://evil.example/')],
  ])('is refused from %s, and writes nothing', async (_name, sender) => {
    const { handle, tabs, deps, store } = await backgroundForTest();
    const reply = await handle(seen(), sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(tabs.size).toBe(0);
    expect(deps.badge).not.toHaveBeenCalled();
    expect(await store.progressBySession('seize-fse', 'session-6')).toEqual([]);
  });
});

describe('the overlay frame', () => {
  it('gets its tab’s reading, progress, draft and reflections', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    expect(reply).toMatchObject({
      ok: true,
      state: { courseId: 'seize-fse', reading: PLACE, tabId: 3, draft: null, reflections: [] },
    });
  });

  it.each([
    ['a wrong token', { type: 'overlay:init', token: 'x'.repeat(20) }, overlayFrame(3)],
    [
      'a page embedding overlay.html in another tab',
      { type: 'overlay:init', token: TOKEN },
      overlayFrame(4),
    ],
    ['the content script', { type: 'overlay:init', token: TOKEN }, contentScript(3)],
    ['the popup', { type: 'overlay:init', token: TOKEN }, popup],
  ])('gives nothing to %s', async (_name, message, sender) => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle(message, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('gives nothing when the tab is not on a reading', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(3));
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_a_reading' } });
  });

  it('saves a reflection for the tab’s reading, whatever the page claims', async () => {
    const { handle, store } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'owner-1', ...writing },
      overlayFrame(3),
    );
    expect(reply).toMatchObject({
      ok: true,
      conflict: false,
      reflection: { ...PLACE, text: 'A thought' },
    });
    const saved = await store.listByResource('seize-fse', PLACE.resourceId);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      pageUrl: READING,
      pageTitle: 'Civil Power',
      outcomeIds: ['o1'],
    });
  });

  it('refuses to edit or delete a reflection of another reading', async () => {
    const { handle, store } = await backgroundForTest();
    const other = await store.saveReflection({
      courseId: 'seize-fse',
      sessionId: 'session-6',
      resourceId: 'half-past-capitalism',
      ...writing,
      pageUrl: 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
      pageTitle: 'HPC',
    });
    await handle(seen(), contentScript(3));
    const id = other.reflection.id;
    for (const message of [
      {
        type: 'reflection:save',
        token: TOKEN,
        draftOwner: 'o',
        id,
        ...writing,
        text: 'overwritten',
      },
      { type: 'reflection:delete', token: TOKEN, id, restore: false },
    ]) {
      expect(await handle(message, overlayFrame(3))).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    expect(await store.getReflection(id)).toEqual(other.reflection);
  });

  it('asks the tab for the selection and the media time', async () => {
    const { handle, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const quote = { exact: 'partner state', prefix: 'a ', suffix: ' that' };
    toTab.mockResolvedValueOnce({ quote });
    expect(
      await handle({ type: 'page:capture', token: TOKEN, what: 'selection' }, overlayFrame(3)),
    ).toEqual({
      ok: true,
      quote,
      mediaTime: null,
    });
    expect(toTab).toHaveBeenLastCalledWith(3, { type: 'page:selection' });
    toTab.mockResolvedValueOnce({ mediaTime: 754 });
    expect(
      await handle({ type: 'page:capture', token: TOKEN, what: 'media' }, overlayFrame(3)),
    ).toEqual({
      ok: true,
      quote: null,
      mediaTime: 754,
    });
  });

  it('remembers the layout and applies it to the tab', async () => {
    const { handle, toTab, store } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    await handle(
      { type: 'overlay:layout', token: TOKEN, expanded: true, side: 'left' },
      overlayFrame(3),
    );
    expect(await store.getSetting('overlay')).toEqual({ expanded: true, side: 'left' });
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      expanded: true,
      side: 'left',
      focus: 'none',
    });
    await handle(
      { type: 'overlay:layout', token: TOKEN, expanded: false, side: 'left', returnFocus: true },
      overlayFrame(3),
    );
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      expanded: false,
      side: 'left',
      focus: 'page',
    });
  });
});

describe('the keyboard shortcut', () => {
  it('counts one press delivered twice (command and key event) once', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(true);
    expect(await handle({ type: 'overlay:toggle', token: TOKEN }, contentScript(3))).toEqual({
      ok: true,
      toggled: false,
    });
    expect(toTab).toHaveBeenCalledTimes(1);
  });

  it('opens the overlay with focus, then closes it back to the page', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    let clock = Date.parse('2026-11-28T12:00:00Z');
    deps.now = () => new Date((clock += 1000));
    await handle(seen(), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(true);
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      side: 'right',
      expanded: true,
      focus: 'overlay',
    });
    expect(await handle({ type: 'overlay:toggle', token: TOKEN }, contentScript(3))).toEqual({
      ok: true,
      toggled: true,
    });
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      side: 'right',
      expanded: false,
      focus: 'page',
    });
  });

  it('does nothing on a tab that is not a reading, and refuses a wrong token', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(false);
    expect(
      await handle({ type: 'overlay:toggle', token: 'y'.repeat(20) }, contentScript(3)),
    ).toMatchObject({
      ok: false,
    });
    expect(toTab).not.toHaveBeenCalled();
  });
});

describe('extension pages', () => {
  it('tab:reading answers the popup with the tab’s reading, and refuses a content script', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    expect(await handle({ type: 'tab:reading', tabId: 4 }, popup)).toEqual({
      ok: true,
      reading: PLACE,
    });
    expect(await handle({ type: 'tab:reading', tabId: 5 }, popup)).toEqual({
      ok: true,
      reading: null,
    });
    expect(await handle({ type: 'tab:reading', tabId: 4 }, contentScript(4))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('session:state gives progress, counts, the newest reflections and the backup status', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(4),
    );
    const reply = await handle(
      { type: 'session:state', courseId: 'seize-fse', sessionId: 'session-6' },
      popup,
    );
    expect(reply).toMatchObject({
      ok: true,
      progress: [{ resourceId: PLACE.resourceId }],
      counts: { total: 1, byResource: { [PLACE.resourceId]: 1 }, byOutcome: { o1: 1 } },
      recent: [{ text: 'A thought' }],
      backup: { lastExportAt: null, changedSinceExport: 1, reminder: false },
    });
  });

  it('reflections:search matches text and quotes and pages the result', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    for (const text of ['Partner state', 'the commons', 'another PARTNER'])
      await handle(
        { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, text },
        overlayFrame(4),
      );
    const ask = (query: string, limit = 10) =>
      handle(
        { type: 'reflections:search', courseId: 'seize-fse', sessionId: 'session-6', query, limit },
        popup,
      );
    expect(await ask('partner')).toMatchObject({ ok: true, total: 2 });
    expect(await ask('partner', 1)).toMatchObject({
      ok: true,
      total: 2,
      reflections: [{ text: 'another PARTNER' }],
    });
    expect(await ask('')).toMatchObject({ ok: true, total: 3 });
    expect(
      await handle(
        {
          type: 'reflections:search',
          courseId: 'seize-fse',
          sessionId: 'session-6',
          query: 'x',
          limit: 1,
        },
        contentScript(4),
      ),
    ).toMatchObject({ ok: false });
  });
});

describe('export and import', () => {
  it('exports a backup and a journal’s data, names the files', async () => {
    const { handle, store } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(4),
    );
    const markdown = await handle(
      { type: 'export:prepare', sessionId: 'session-6', format: 'markdown' },
      popup,
    );
    expect(markdown).toMatchObject({
      ok: true,
      fileName: 'seize-fse_session-6_2026-11-28.md',
      json: '',
      reflections: [{ text: 'A thought' }],
    });
    const reply = (await handle(
      { type: 'export:prepare', sessionId: 'session-6', format: 'json' },
      popup,
    )) as Reply<'export:prepare'>;
    expect(reply).toMatchObject({ ok: true, fileName: 'seize-fse_session-6_2026-11-28.json' });
    if (!reply.ok) return;
    expect(JSON.parse(reply.json)).toMatchObject({
      format: 2,
      course: { id: 'seize-fse' },
      reflections: [{ text: 'A thought' }],
    });
    // One session's backup does not restore everything: the reminder stays (whole backups:
    // export-reminder.test.ts).
    expect(await store.getSetting('lastExportAt')).toBeNull();
  });

  it('previews, then imports a backup into an empty database; a second import changes nothing', async () => {
    const source = await backgroundForTest();
    await source.handle(seen(), contentScript(4));
    await source.handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(4),
    );
    const exported = (await source.handle(
      { type: 'export:prepare', sessionId: null, format: 'json' },
      popup,
    )) as Reply<'export:prepare'>;
    if (!exported.ok) throw new Error('export failed');

    const target = await backgroundForTest();
    const preview = await target.handle({ type: 'import:preview', text: exported.json }, popup);
    expect(preview).toEqual({
      ok: true,
      counts: { added: 1, updated: 0, conflicts: 0, unchanged: 0 },
    });
    expect(await target.store.listByCourse('seize-fse')).toEqual([]); // a preview writes nothing
    const applied = await target.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(applied).toEqual({
      ok: true,
      counts: { added: 1, updated: 0, conflicts: 0, unchanged: 0 },
    });
    expect(await target.store.listByCourse('seize-fse')).toEqual(
      await source.store.listByCourse('seize-fse'),
    );
    const again = await target.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(again).toEqual({
      ok: true,
      counts: { added: 0, updated: 0, conflicts: 0, unchanged: 1 },
    });
  });

  it.each([
    ['not JSON', 'hello', 'not_json'],
    ['another kind of file', '{"a":1}', 'not_backup'],
  ])('refuses %s with its reason, and writes nothing', async (_name, text, reason) => {
    const { handle, store } = await backgroundForTest();
    const reply = await handle({ type: 'import:apply', text }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'backup_refused', reason } });
    expect(await store.listByCourse('seize-fse')).toEqual([]);
  });

  it('is refused to a content script', async () => {
    const { handle } = await backgroundForTest();
    expect(
      await handle({ type: 'export:prepare', sessionId: null, format: 'json' }, contentScript(1)),
    ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await handle({ type: 'import:apply', text: '{}' }, contentScript(1))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('backup reminder', () => {
  const r = (createdAt: string, updatedAt = createdAt) => ({ createdAt, updatedAt }) as Reflection;
  const now = new Date('2026-11-28T12:00:00Z');
  it.each<[string, Reflection[], string | null, boolean, number]>([
    ['nothing written', [], null, false, 0],
    ['new work, never exported, under a week', [r('2026-11-25T00:00:00Z')], null, false, 1],
    ['new work, never exported, over a week', [r('2026-11-20T00:00:00Z')], null, true, 1],
    [
      'exported a week ago, nothing new',
      [r('2026-11-01T00:00:00Z')],
      '2026-11-20T00:00:00.000Z',
      false,
      0,
    ],
    [
      'exported over a week ago, new work',
      [r('2026-11-25T00:00:00Z')],
      '2026-11-20T00:00:00.000Z',
      true,
      1,
    ],
    [
      'exported yesterday, new work',
      [r('2026-11-28T00:00:00Z')],
      '2026-11-27T12:00:00.000Z',
      false,
      1,
    ],
  ])('%s', (_name, all, last, reminder, changed) => {
    expect(backupStatus(all, last, now)).toEqual({
      lastExportAt: last,
      changedSinceExport: changed,
      reminder,
    });
  });
});

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
    'pack:current': { type: 'pack:current' },
    'pack:view': { type: 'pack:view' },
    'facilitator:state': { type: 'facilitator:state' },
    'checks:save': { type: 'checks:save', results: [] },
    'pack:import': { type: 'pack:import', pack: bundledPack },
    'pack:reset': { type: 'pack:reset' },
    'pack:session': { type: 'pack:session', sessionId: 'session-6' },
    'diff:resolve': { type: 'diff:resolve', sessionId: 'session-6', accept: false },
  });
  const types = RequestSchema.options.map((o) => o.entries.type.literal);

  it('names every request type, and only those', () => {
    expect(Object.keys(ALLOWED_SENDERS).sort()).toEqual([...types].sort());
    for (const kinds of Object.values(ALLOWED_SENDERS)) {
      expect(kinds.length).toBeGreaterThan(0);
      expect(kinds).not.toContain('unknown');
    }
  });

  it('gives the overlay frame only its token-checked requests (its session comes with overlay:init)', () => {
    const overlay = types.filter((t) => ALLOWED_SENDERS[t].includes('overlay'));
    const tokenChecked = RequestSchema.options
      .filter((o) => 'token' in o.entries && o.entries.type.literal !== 'page:seen')
      .map((o) => o.entries.type.literal)
      .filter((t) => t !== 'overlay:toggle');
    expect(overlay.sort()).toEqual(tokenChecked.sort());
  });

  it.each(types.flatMap((type) => SENDER_KINDS.map((kind) => [type, kind] as const)))(
    '%s from %s: as the table says',
    async (type, kind) => {
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
      if (ALLOWED_SENDERS[type].includes(kind))
        expect(reply.ok ? null : reply.error.code).not.toBe('forbidden_sender');
      else
        expect(reply).toEqual({
          ok: false,
          error: { code: 'forbidden_sender', detail: `${type} may not come from ${kind}` },
        });
    },
  );

  it.each<[string, SenderInfo, SenderKind]>([
    ['a content script in a tab’s top frame', contentScript(1), 'content-script'],
    ['a content script in a sub-frame', { ...contentScript(1), frameId: 4 }, 'unknown'],
    ['a web page without a tab', { id: 'abcdef', url: READING, frameId: 0 }, 'unknown'],
    ['a non-web address in a tab', contentScript(1, 'file:///home/x.html'), 'unknown'],
    ['the overlay frame in a tab', overlayFrame(1), 'overlay'],
    ['overlay.html as a tab’s top frame', { ...overlayFrame(1), frameId: 0 }, 'unknown'],
    ['overlay.html without a tab', { id: 'abcdef', url: `${ORIGIN}overlay.html` }, 'unknown'],
    ['the toolbar popup', popup, 'popup'],
    ['popup.html in a tab', { ...popup, frameId: 0, tab: { id: 2 } }, 'popup'],
    ['popup.html framed in a tab', { ...popup, frameId: 3, tab: { id: 2 } }, 'unknown'],
    ['the facilitator page', facilitatorPage, 'options'],
    [
      'the facilitator page in a tab',
      { ...facilitatorPage, frameId: 0, tab: { id: 2 } },
      'options',
    ],
    ['another page of the extension', { id: 'abcdef', url: `${ORIGIN}other.html` }, 'unknown'],
    ['a look-alike path prefix', { id: 'abcdef', url: `${ORIGIN}popup.html.evil/x` }, 'unknown'],
    [
      'an origin that only starts like the extension’s',
      { ...contentScript(1), url: 'chrome-extension://abcdefg/popup.html' },
      'unknown',
    ],
    ['an address that does not parse', { ...contentScript(1), url: 'not a url' }, 'unknown'],
    ['no address', { id: 'abcdef', frameId: 0, tab: { id: 1 } }, 'unknown'],
  ])('tells %s apart', (_name, sender, kind) => {
    expect(senderKind(sender, ORIGIN)).toBe(kind);
  });
});

describe('a tab that finished loading', () => {
  it('shows no reading and no badge once our content script is gone from it', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    toTab.mockResolvedValueOnce(null); // nobody answers: another site
    await tabLoaded(deps, 7);
    expect(toTab).toHaveBeenCalledWith(7, { type: 'page:media' });
    expect(tabs.get(7)).toBeUndefined();
    expect(deps.badge).toHaveBeenLastCalledWith(7, null);
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toEqual({
      ok: true,
      reading: null,
    });
  });

  it('keeps the reading when the content script is still there (in-page navigation)', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    toTab.mockResolvedValueOnce({ mediaTime: null });
    await tabLoaded(deps, 7);
    expect(tabs.get(7)).toMatchObject({ reading: PLACE });
    expect(deps.badge).not.toHaveBeenCalledWith(7, null);
  });

  it('never clears the report of a page that arrived while it asked', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    const fresh = 'fresh-token-0123456789';
    toTab.mockImplementationOnce(async () => {
      // The new page of the reading reports itself before the old page's absence is known.
      await handle({ ...seen(), token: fresh }, contentScript(7));
      return null;
    });
    await tabLoaded(deps, 7);
    expect(tabs.get(7)).toMatchObject({ reading: PLACE, token: fresh });
    expect(deps.badge).not.toHaveBeenCalledWith(7, null);
  });

  it('does not ask a tab that shows no reading', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(7));
    await tabLoaded(deps, 7);
    await tabLoaded(deps, 8);
    expect(toTab).not.toHaveBeenCalled();
  });
});
