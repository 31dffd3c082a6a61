import { describe, expect, it } from 'vitest';
import {
  backupStatus,
  countReflections,
  reflectionMatches as matches,
} from '../../../../../entrypoints/background/handlers/journal';
import type { Reflection } from '../../../../../utils/protocol/records';
import { type Reply, countOf } from '../../../../../utils/protocol/messages';
import {
  backgroundForTest,
  contentScript,
  overlayFrame,
  popup,
  TOKEN,
  seen,
  PLACE,
  writing,
  withThreeSessions,
} from '../../../helpers';

describe('extension pages', () => {
  it('session:state gives progress, counts and the newest reflections; journal:status the backup status', async () => {
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
    expect(reply).toEqual({
      ok: true,
      progress: [expect.objectContaining({ resourceId: PLACE.resourceId })],
      counts: { total: 1, byResource: { [PLACE.resourceId]: 1 }, byOutcome: { o1: 1 } },
      recent: [expect.objectContaining({ text: 'A thought' })],
    });
    expect(await handle({ type: 'journal:status', courseId: 'seize-fse' }, popup)).toMatchObject({
      ok: true,
      backup: { lastExportAt: null, changedSinceExport: 1, reminder: false },
      otherCourses: 0,
      course: { reflections: 1 },
    });
  });

  it('session:state leaves out deleted reflections and other sessions’ reflections', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    const saved = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, text: 'gone' },
      overlayFrame(4),
    );
    if (!saved.ok || !('reflections' in saved)) throw new Error('save failed');
    await handle(
      { type: 'reflection:delete', token: TOKEN, id: saved.reflections[0]!.id, restore: false },
      overlayFrame(4),
    );
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, text: 'kept' },
      overlayFrame(4),
    );
    expect(
      await handle({ type: 'session:state', courseId: 'seize-fse', sessionId: 'session-6' }, popup),
    ).toMatchObject({ counts: { total: 1 }, recent: [{ text: 'kept' }] });
    expect(
      await handle({ type: 'session:state', courseId: 'seize-fse', sessionId: 'session-2' }, popup),
    ).toMatchObject({ counts: { total: 0 }, recent: [] });
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

describe('across the sessions of the course', () => {
  /** Three sessions; the learner reflected in sessions 6 and 7 and finished a reading of each. */
  async function learnerInThreeSessions() {
    const bg = await withThreeSessions();
    const place = (sessionId: string, resourceId: string) => ({
      courseId: 'seize-fse',
      sessionId,
      resourceId,
    });
    const six = place('session-6', 'civil-power-partner-state');
    const seven = place('session-7', 'civil-power-partner-state-7');
    const page = { pageUrl: '', pageTitle: '', quote: null, mediaTime: null };
    await bg.store.saveReflection({
      ...six,
      ...page,
      text: 'Partner state, week six',
      outcomeIds: ['o1'],
    });
    await bg.store.saveReflection({
      ...seven,
      ...page,
      text: 'Partner state, week seven',
      outcomeIds: ['o2'],
    });
    await bg.store.saveReflection({ ...seven, ...page, text: 'Commons', outcomeIds: [] });
    await bg.store.setDone(six, true);
    await bg.store.setDone(seven, true);
    await bg.store.markOpened(place('session-8', 'civil-power-partner-state-8'));
    return bg;
  }

  it('journal:status gives the course’s progress over every known session', async () => {
    const { handle, deps } = await learnerInThreeSessions();
    const perSession = deps.course.current().pack.sessions[0]!.resources.length;
    expect(
      await handle({ type: 'session:state', courseId: 'seize-fse', sessionId: 'session-8' }, popup),
    ).toMatchObject({
      ok: true,
      // Session 8's own: opened, not done, no reflection.
      progress: [{ resourceId: 'civil-power-partner-state-8', doneAt: null }],
      counts: { total: 0 },
    });
    expect(await handle({ type: 'journal:status', courseId: 'seize-fse' }, popup)).toMatchObject({
      ok: true,
      course: { done: 2, resources: 3 * perSession, reflections: 3 },
    });
  });

  it('journal:status of a course the current pack is not knows no session of it', async () => {
    const { handle } = await learnerInThreeSessions();
    const reply = await handle({ type: 'journal:status', courseId: 'another-course' }, popup);
    expect(reply).toMatchObject({ ok: true, course: { done: 0, resources: 0, reflections: 0 } });
  });

  it('reflections:search without a session searches the whole course and names the sessions', async () => {
    const { handle, deps } = await learnerInThreeSessions();
    const reply = (await handle(
      { type: 'reflections:search', courseId: 'seize-fse', query: 'partner', limit: 10 },
      popup,
    )) as Reply<'reflections:search'>;
    if (!reply.ok) throw new Error('search failed');
    expect(reply.total).toBe(2);
    expect(reply.reflections.map((r) => r.sessionId).sort()).toEqual(['session-6', 'session-7']);
    // Only the sessions of the results listed, each with its outcomes and resource titles.
    expect(reply.sessions.map((s) => s.id).sort()).toEqual(['session-6', 'session-7']);
    const seven = reply.sessions.find((s) => s.id === 'session-7')!;
    expect(seven.outcomeIds).toEqual(
      deps.course.current().pack.sessions[1]!.outcomes.map((o) => o.id),
    );
    expect(seven.resources).toContainEqual(
      expect.objectContaining({
        id: 'civil-power-partner-state-7',
        title: expect.stringContaining('(session 7)'),
      }),
    );
    // One session's search is as before, and names no session.
    expect(
      await handle(
        {
          type: 'reflections:search',
          courseId: 'seize-fse',
          sessionId: 'session-7',
          query: 'partner',
          limit: 10,
        },
        popup,
      ),
    ).toMatchObject({ ok: true, total: 1, sessions: [] });
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
      format: 4,
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
      counts: { added: 1, updated: 0, conflicts: 0, unchanged: 0, links: 0 },
    });
    expect(await target.store.listByCourse('seize-fse')).toEqual([]); // a preview writes nothing
    const applied = await target.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(applied).toEqual({
      ok: true,
      counts: { added: 1, updated: 0, conflicts: 0, unchanged: 0, links: 0 },
    });
    expect(await target.store.listByCourse('seize-fse')).toEqual(
      await source.store.listByCourse('seize-fse'),
    );
    const again = await target.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(again).toEqual({
      ok: true,
      counts: { added: 0, updated: 0, conflicts: 0, unchanged: 1, links: 0 },
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

describe('only a restorable whole backup resets the backup reminder', () => {
  it.each<[string, string | null, 'json' | 'markdown', boolean]>([
    ['a Markdown journal of one session', 'session-6', 'markdown', false],
    ['a Markdown journal of the whole course', null, 'markdown', false],
    ['a JSON backup of one session', 'session-6', 'json', false],
    ['a JSON backup of everything', null, 'json', true],
  ])('%s', async (_name, sessionId, format, counts) => {
    const { handle, store, deps } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(4),
    );
    const reply = await handle({ type: 'export:prepare', sessionId, format }, popup);
    expect(reply).toMatchObject({ ok: true });
    expect(await store.getSetting('lastExportAt')).toBe(counts ? '2026-11-28T12:00:00.000Z' : null);
    const exported = (
      deps.broadcast as unknown as { mock: { calls: unknown[][] } }
    ).mock.calls.some(([m]) => (m as { type: string }).type === 'journal:exported');
    expect(exported).toBe(counts);
  });
});

describe('search', () => {
  const r = (text: string, quote: string | null = null) =>
    ({ text, quote: quote ? { exact: quote, prefix: '', suffix: '' } : null }) as Reflection;
  it('matches text and quote, ignoring case', () => {
    expect(matches(r('About the STATE'), 'state')).toBe(true);
    expect(matches(r('nothing', 'a partner state'), 'Partner')).toBe(true);
    expect(matches(r('nothing'), 'state')).toBe(false);
    expect(matches(r('anything'), '  ')).toBe(true);
  });
});

// Ids a pack may legally use that are also names on Object.prototype: counted in a plain `{}`,
// they read the prototype's function ("NaN reflections") or, for `__proto__`, swap the prototype.
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const reflection = (resourceId: string, outcomeIds: string[]) =>
  ({ resourceId, outcomeIds }) as unknown as Reflection;

describe('reflection counts with Object.prototype names as ids', () => {
  it('counts each id as a number, also after the JSON message boundary', () => {
    const counts = countReflections(NAMES.map((id) => reflection(id, [id])));
    // Runtime messages are JSON-serialised in Chromium: the popup sees a plain object again.
    const received = JSON.parse(JSON.stringify(counts)) as typeof counts;
    for (const id of NAMES) {
      expect(countOf(counts.byOutcome, id)).toBe(1);
      expect(countOf(counts.byResource, id)).toBe(1);
      expect(countOf(received.byOutcome, id)).toBe(1);
      expect(countOf(received.byResource, id)).toBe(1);
    }
    expect(counts.total).toBe(4);
  });

  it('reads an id nobody reflected on as 0, not as a prototype function', () => {
    const received = JSON.parse(JSON.stringify(countReflections([]))) as ReturnType<
      typeof countReflections
    >;
    for (const id of NAMES) {
      expect(countOf(received.byOutcome, id)).toBe(0);
      expect(countOf(received.byResource, id)).toBe(0);
    }
  });
});
