/**
 * The popup and the overlay receive only what they show (issue 11, finding 18): the popup one
 * session in full with small summaries of the others, the overlay its reading's session; the
 * facilitator page alone gets the whole pack.
 */
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
  READING,
  threeSessions,
  TOKEN,
} from './helpers';

async function withThreeSessions() {
  const bg = await backgroundForTest();
  const imported = await bg.handle({ type: 'pack:import', pack: threeSessions() }, facilitatorPage);
  expect(imported).toMatchObject({ ok: true, source: 'imported' });
  return bg;
}

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

  it('the session the facilitator named, over the dates', async () => {
    const { handle } = await withThreeSessions();
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

describe('what the overlay frame receives', () => {
  it('its reading’s session in overlay:init, never the pack', async () => {
    const { handle } = await withThreeSessions();
    await handle(
      { type: 'page:seen', url: READING, title: 'Civil Power', token: TOKEN },
      contentScript(3),
    );
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    if (!reply.ok || !('state' in reply)) throw new Error(JSON.stringify(reply));
    expect(reply.state.session).toEqual(threeSessions().sessions[0]);
    const text = JSON.stringify(reply);
    expect(text).not.toContain('session-7');
    expect(text).not.toContain('session-8');
    for (const type of ['pack:current', 'pack:view'])
      expect(await handle({ type }, overlayFrame(3))).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
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
