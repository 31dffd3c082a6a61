/**
 * The course requests of the facilitator page and the popup. The popup receives only what it
 * shows (issue 11, finding 18): one session in full with small summaries of the others; the
 * whole pack goes to the facilitator page and the popup's Markdown export.
 */
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../../../fixtures/test-pack';
import { check } from '../../../content/pack-fixtures';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
  threeSessions,
  withThreeSessions,
} from '../../../helpers';
import { PACK_LIMITS, type Pack } from '../../../../../content/pack-schema';

describe('the background’s pack', () => {
  it('answers pack:current to the popup and the facilitator page, bundled until a pack is imported', async () => {
    const { handle } = await backgroundForTest();
    const reply = await handle({ type: 'pack:current' }, popup);
    expect(reply).toMatchObject({ ok: true, source: 'bundled', importedAt: null, learned: [] });
    expect(reply.ok && 'pack' in reply && reply.pack.id).toBe('seize-fse');
    // The overlay frame gets its session with overlay:init, never the pack.
    expect(await handle({ type: 'pack:current' }, overlayFrame(3))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('refuses facilitator requests from content scripts and other senders', async () => {
    const { handle, store } = await backgroundForTest();
    for (const request of [
      { type: 'pack:current' },
      { type: 'facilitator:state' },
      { type: 'pack:reset' },
      { type: 'pack:import', pack: bundledPack },
      { type: 'checks:save', results: [] },
      { type: 'pack:session', sessionId: 'session-6' },
      { type: 'diff:resolve', sessionId: 'session-6', accept: true },
    ])
      expect(await handle(request, contentScript(4))).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    // The popup reads the pack, but only the facilitator page changes it.
    for (const sender of [popup, overlayFrame(3)])
      expect(await handle({ type: 'pack:reset' }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    expect(await handle({ type: 'pack:current' }, { ...popup, id: 'other' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(await store.getCourseData('pack')).toBeNull();
  });

  it('imports a valid pack, rebuilds the recogniser, and goes back to the bundled one on reset', async () => {
    const { handle, course, deps } = await backgroundForTest();
    const pack: Pack = structuredClone(bundledPack);
    pack.version = '2027.1';
    pack.sessions[0]!.resources[4]!.link = 'https://ex.org/law';
    const reply = await handle({ type: 'pack:import', pack }, facilitatorPage);
    expect(reply).toMatchObject({
      ok: true,
      source: 'imported',
      importedAt: '2026-11-28T12:00:00.000Z',
    });
    expect(course.pack().version).toBe('2027.1');
    expect(deps.course.index().lookup('https://ex.org/law')).toMatchObject({
      resourceId: 'we-sought-the-law',
    });
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    expect(await handle({ type: 'pack:reset' }, facilitatorPage)).toMatchObject({
      ok: true,
      source: 'bundled',
    });
    expect(deps.course.index().lookup('https://ex.org/law')).toBeNull();
  });

  it('refuses an invalid pack with the path of the bad field, and writes nothing', async () => {
    const { handle, store, course } = await backgroundForTest();
    const pack: Pack = structuredClone(bundledPack);
    (pack.sessions[0]!.resources[2] as { kind: string }).kind = 'skim';
    expect(await handle({ type: 'pack:import', pack }, facilitatorPage)).toEqual({
      ok: false,
      error: {
        code: 'invalid_pack',
        detail: 'sessions[0].resources[2].kind: must be one of explore, read, watch, listen',
      },
    });
    expect(
      await handle({ type: 'pack:import', pack: 'not a pack' }, facilitatorPage),
    ).toMatchObject({
      error: { code: 'invalid_pack' },
    });
    expect(await store.getCourseData('pack')).toBeNull();
    expect(course.current().source).toBe('bundled');
  });

  it('chooses the session learners see, only among the pack’s sessions', async () => {
    const { handle, store } = await backgroundForTest();
    expect(
      await handle({ type: 'pack:session', sessionId: 'session-9' }, facilitatorPage),
    ).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await store.getCourseData('chosenSession')).toBeNull();
    expect(
      await handle({ type: 'pack:session', sessionId: 'session-6' }, facilitatorPage),
    ).toMatchObject({
      ok: true,
    });
    expect(await store.getCourseData('chosenSession')).toEqual({
      courseId: 'seize-fse',
      sessionId: 'session-6',
    });
  });

  it('keeps check results, drops cancelled ones and results for unknown resources', async () => {
    const { handle, store } = await backgroundForTest();
    const { courseId: _, ...works } = check('civil-power-partner-state', 'works');
    const { courseId: __, ...cancelled } = check('half-past-capitalism', 'cancelled');
    const { courseId: ___, ...stranger } = check('not-in-pack', 'works');
    const reply = await handle(
      { type: 'checks:save', results: [works, cancelled, stranger] },
      facilitatorPage,
    );
    expect(reply).toMatchObject({
      ok: true,
      checks: [{ resourceId: 'civil-power-partner-state', status: 'works' }],
    });
    expect(await handle({ type: 'facilitator:state' }, popup)).toMatchObject({
      ok: true,
      checks: [{ resourceId: 'civil-power-partner-state' }],
      diffs: [],
    });
    expect(await store.getCourseData('linkChecks')).toHaveLength(1);
  });

  it('refuses malformed check results and writes nothing', async () => {
    const { handle, store } = await backgroundForTest();
    const { courseId: _, ...works } = check('civil-power-partner-state', 'works');
    for (const bad of [
      { ...works, status: 'great' },
      { ...works, checkedAt: 'yesterday' },
      { ...works, extra: 1 },
      { ...works, resourceId: '../x' },
    ])
      expect(await handle({ type: 'checks:save', results: [bad] }, facilitatorPage)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    expect(await store.getCourseData('linkChecks')).toEqual([]);
  });
});

describe('pack limits in the background', () => {
  it('refuses a pack larger than the file limit before validating it', async () => {
    const { handle } = await backgroundForTest();
    const pack = structuredClone(bundledPack) as Pack & { padding?: string };
    pack.version = 'x'.repeat(PACK_LIMITS.fileBytes);
    expect(await handle({ type: 'pack:import', pack }, facilitatorPage)).toMatchObject({
      ok: false,
      error: { code: 'invalid_pack', detail: expect.stringMatching(/larger than/) },
    });
  });
});

describe('what the popup receives', () => {
  it('the course, small summaries of every session, and the current session alone in full', async () => {
    const { handle } = await withThreeSessions();
    const reply = await handle({ type: 'pack:view' }, popup);
    if (!reply.ok || !('session' in reply)) throw new Error(JSON.stringify(reply));
    expect(reply).not.toHaveProperty('pack');
    expect(reply.course).toEqual(bundledPack.course);
    expect(reply).toMatchObject({ id: 'seize-fse', version: bundledPack.version });
    expect(reply.session).toEqual(threeSessions().sessions[1]);
    expect(reply.sessions).toEqual([
      { id: 'session-6', number: 6, title: bundledPack.sessions[0]!.title },
      { id: 'session-7', number: 7, title: 'Title of session 7' },
      { id: 'session-8', number: 8, title: 'Title of session 8' },
    ]);
    // Nothing of the other sessions' contents travels.
    const text = JSON.stringify(reply);
    expect(text).not.toContain('Intro of session 8');
    expect(text).not.toContain('(session 8)');
    expect(text).not.toContain(bundledPack.sessions[0]!.intro);
    expect(text).not.toContain(`"${bundledPack.sessions[0]!.resources[0]!.id}"`);
  });

  it('the session it asks for, in full, and refuses one the pack does not have', async () => {
    const { handle } = await withThreeSessions();
    const reply = await handle({ type: 'pack:view', sessionId: 'session-8' }, popup);
    expect(reply).toMatchObject({ ok: true, session: threeSessions().sessions[2] });
    expect(JSON.stringify(reply)).not.toContain('Intro of session 7');
    expect(await handle({ type: 'pack:view', sessionId: 'session-9' }, popup)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('the session the pack’s dates make current, over the facilitator’s choice (issue 14)', async () => {
    const { handle } = await withThreeSessions();
    await handle({ type: 'pack:session', sessionId: 'session-8' }, facilitatorPage);
    expect(await handle({ type: 'pack:view' }, popup)).toMatchObject({
      ok: true,
      session: { id: 'session-7' },
    });
  });

  it('the session the facilitator named when the pack has no dates', async () => {
    const { handle } = await backgroundForTest();
    const undated = threeSessions();
    undated.sessions = undated.sessions.map(({ startsOn: _s, endsOn: _e, ...s }) => s);
    await handle({ type: 'pack:import', pack: undated }, facilitatorPage);
    await handle({ type: 'pack:session', sessionId: 'session-8' }, facilitatorPage);
    expect(await handle({ type: 'pack:view' }, popup)).toMatchObject({
      ok: true,
      session: { id: 'session-8' },
    });
  });

  it('only the learned links of the session it shows', async () => {
    const { handle, store } = await withThreeSessions();
    const learned = (sessionId: string, resourceId: string) => ({
      courseId: 'seize-fse',
      sessionId,
      resourceId,
      link: `https://example.org/${resourceId}`,
      pageUrl: 'https://www.solidarityeconomy.ca/curriculum/session-7',
      learnedAt: '2026-11-28T12:00:00.000Z',
    });
    const r7 = threeSessions().sessions[1]!.resources[0]!.id;
    const r8 = threeSessions().sessions[2]!.resources[0]!.id;
    await store.updateCourseData(['learnedLinks'], () => ({
      learnedLinks: [learned('session-7', r7), learned('session-8', r8)],
    }));
    await handle({ type: 'pack:session', sessionId: 'session-7' }, facilitatorPage);
    const reply = await handle({ type: 'pack:view' }, popup);
    expect(reply).toMatchObject({ ok: true, learned: [{ resourceId: r7 }] });
    expect(reply.ok && 'learned' in reply && reply.learned).toHaveLength(1);
  });
});

describe('the whole pack', () => {
  it('goes to the facilitator page (it edits it) and to the popup’s Markdown export', async () => {
    const { handle } = await withThreeSessions();
    for (const sender of [facilitatorPage, popup]) {
      const reply = await handle({ type: 'pack:current' }, sender);
      expect(reply.ok && 'pack' in reply && reply.pack.sessions).toHaveLength(3);
    }
  });
});
