import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../../../content/bundled';
import { diffSession } from '../../../../content/session-diff';
import { parseCoursePage } from '../../../../entrypoints/course-page.content/parse-course-page';
import { PACK_LIMITS, type Pack } from '../../../../content/pack-schema';
import { diffIsEmpty } from '../../../../content/pack-edit';
import { EPISODE, PAGE_URL, check, pageWithEpisode } from '../../content/pack-fixtures';
import { parseFixture } from '../course-page.content/course-page-fixtures';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  ORIGIN,
  overlayFrame,
  popup,
} from '../../helpers';

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
      importedAt: '2026-11-28T12:00:01.000Z',
    });
    expect(course.pack().version).toBe('2027.1');
    expect(deps.index().lookup('https://ex.org/law')).toMatchObject({
      resourceId: 'we-sought-the-law',
    });
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    expect(await handle({ type: 'pack:reset' }, facilitatorPage)).toMatchObject({
      ok: true,
      source: 'bundled',
    });
    expect(deps.index().lookup('https://ex.org/law')).toBeNull();
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
    expect(await store.getCourseData('currentSession')).toBeNull();
    expect(
      await handle({ type: 'pack:session', sessionId: 'session-6' }, facilitatorPage),
    ).toMatchObject({
      ok: true,
    });
    expect(await store.getCourseData('currentSession')).toEqual({
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

describe('course:page', () => {
  const fromPage = (tabId = 9, url = PAGE_URL) => contentScript(tabId, url);

  it('learns a missing link from the session page, recognises it at once and shows +1', async () => {
    const { handle, deps, store, learnedBadge } = await backgroundForTest();
    expect(deps.index().lookup(EPISODE)).toBeNull();
    const reply = await handle({ type: 'course:page', session: pageWithEpisode() }, fromPage());
    expect(reply).toEqual({ ok: true, learned: 1, differences: 0 });
    expect(deps.index().lookup(`${EPISODE}?utm_source=x`)).toMatchObject({
      sessionId: 'session-6',
      resourceId: 'we-sought-the-law',
    });
    expect(learnedBadge).toHaveBeenCalledWith(9, 1);
    expect(await store.getCourseData('learnedLinks')).toMatchObject([
      { resourceId: 'we-sought-the-law', link: EPISODE, pageUrl: PAGE_URL },
    ]);
    const current = await handle({ type: 'pack:current' }, popup);
    if (!current.ok || !('pack' in current) || !('source' in current)) throw new Error('no pack');
    expect(current.learned.map((l) => l.resourceId)).toEqual(['we-sought-the-law']);
    // The difference is kept for the facilitator.
    expect(await store.getCourseData('pageDiffs')).toMatchObject([{ sessionId: 'session-6' }]);
  });

  it('accepts the page’s own address, with a trailing slash, a query or a fragment', async () => {
    const { handle } = await backgroundForTest();
    for (const url of [`${PAGE_URL}/#top`, `${PAGE_URL}?ref=menu`])
      expect(
        await handle({ type: 'course:page', session: pageWithEpisode() }, fromPage(9, url)),
      ).toMatchObject({ ok: true, learned: 1 });
  });

  it('refuses the page over plain http, on another origin or at another path', async () => {
    // Over http any network attacker could serve the page; the address is compared exactly,
    // never normalised (which would fold http into https and drop www.).
    const { handle, store, deps } = await backgroundForTest();
    for (const url of [
      'http://www.solidarityeconomy.ca/curriculum/session-6',
      'https://solidarityeconomy.ca/curriculum/session-6',
      'https://www.solidarityeconomy.ca:8443/curriculum/session-6',
      'https://www.solidarityeconomy.ca/curriculum/session-6///',
      'https://www.solidarityeconomy.ca/Curriculum/session-6',
    ])
      expect(
        await handle({ type: 'course:page', session: pageWithEpisode() }, fromPage(9, url)),
      ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
    expect(deps.index().lookup(EPISODE)).toBeNull();
  });

  it('learns only https links; an http link is kept for the facilitator to review', async () => {
    const { handle, store, deps, learnedBadge } = await backgroundForTest();
    const plain = EPISODE.replace('https:', 'http:');
    const session = pageWithEpisode();
    session.resources = session.resources.map((r) =>
      r.link === EPISODE ? { ...r, link: plain } : r,
    );
    expect(await handle({ type: 'course:page', session }, fromPage())).toMatchObject({
      ok: true,
      learned: 0,
    });
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
    expect(deps.index().lookup(plain)).toBeNull();
    expect(learnedBadge).toHaveBeenCalledWith(9, 0);
    expect(await store.getCourseData('pageDiffs')).toMatchObject([
      { diff: { learnedLinks: [{ resourceId: 'we-sought-the-law', link: plain }] } },
    ]);
  });

  it('refuses other pages, frames and senders, and writes nothing', async () => {
    const { handle, store, deps } = await backgroundForTest();
    const session = pageWithEpisode();
    for (const sender of [
      fromPage(9, 'https://www.solidarityeconomy.ca/curriculum/session-5'),
      fromPage(9, 'https://evil.example/curriculum/session-6'),
      { ...fromPage(), frameId: 3 },
      { ...fromPage(), tab: undefined },
      { ...popup, url: `${ORIGIN}options.html` },
      { ...fromPage(), id: 'another-extension' },
    ])
      expect(await handle({ type: 'course:page', session }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    // A page that claims to be another session than the one at its address.
    expect(
      await handle({ type: 'course:page', session: { ...session, number: 5 } }, fromPage()),
    ).toMatchObject({
      error: { code: 'forbidden_sender' },
    });
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
    expect(deps.index().lookup(EPISODE)).toBeNull();
  });

  it('still learns from a page with a very long intro and 300 resources (clamped, not refused)', async () => {
    const { handle, deps } = await backgroundForTest();
    const s = bundledPack.sessions[0]!;
    const para = (t: string) => `<p>${t}</p>`;
    const extra = Array.from(
      { length: 300 },
      (_, i) => `<p>Read</p><p><a href="https://ex.org/extra-${i}">Extra ${i}</a></p><p>More.</p>`,
    ).join('');
    const html = [
      `<main><h1>${s.heading}</h1>`,
      para(s.title),
      para('Long intro. '.repeat(1000)),
      para('Learning Outcomes'),
      ...s.outcomes.map((o) => para(o.text)),
      ...s.resources.map(
        (r) =>
          `<p>${r.kind}</p><p><a href="${r.id === 'we-sought-the-law' ? EPISODE : (r.link ?? '')}">${r.title}</a></p>${para(r.summary)}`,
      ),
      extra,
      '</main>',
    ].join('');
    const parsed = parseCoursePage(new DOMParser().parseFromString(html, 'text/html'), PAGE_URL)!;
    expect(parsed.resources.length).toBeLessThanOrEqual(200);
    expect(parsed.intro.length).toBeLessThanOrEqual(5000);
    const reply = await handle({ type: 'course:page', session: parsed }, fromPage());
    expect(reply).toMatchObject({ ok: true });
    expect(deps.index().lookup(EPISODE)).toMatchObject({ resourceId: 'we-sought-the-law' });
  });

  it('refuses malformed sessions (a javascript: link, a huge title, an unknown key)', async () => {
    const { handle, store } = await backgroundForTest();
    const good = pageWithEpisode();
    const withLink = (link: string) => ({
      ...good,
      resources: good.resources.map((r, i) => (i === 0 ? { ...r, link } : r)),
    });
    for (const session of [
      withLink('javascript:alert(1)'),
      withLink('data:text/html,hi'),
      { ...good, title: 'x'.repeat(301) },
      { ...good, extra: true },
      { ...good, resources: [{ ...good.resources[0], kind: 'skim' }] },
    ])
      expect(await handle({ type: 'course:page', session }, fromPage())).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
    expect(await store.getCourseData('pageDiffs')).toEqual([]);
  });

  it('lets the facilitator take a page’s differences into the pack, or set them aside', async () => {
    const { handle, store, course } = await backgroundForTest();
    const page = parseFixture('session-6-changed.html')!;
    const reply = await handle({ type: 'course:page', session: page }, fromPage());
    expect(reply).toMatchObject({ ok: true });
    expect(
      await handle(
        { type: 'diff:resolve', sessionId: 'session-6', accept: false },
        facilitatorPage,
      ),
    ).toMatchObject({
      ok: true,
      source: 'bundled',
    });
    expect(await store.getCourseData('pageDiffs')).toEqual([]);
    expect(
      await handle({ type: 'diff:resolve', sessionId: 'session-6', accept: true }, facilitatorPage),
    ).toMatchObject({
      error: { code: 'not_found' },
    });
    await handle({ type: 'course:page', session: page }, fromPage());
    expect(
      await handle({ type: 'diff:resolve', sessionId: 'session-6', accept: true }, facilitatorPage),
    ).toMatchObject({
      ok: true,
      source: 'imported',
      learned: [],
    });
    expect(diffIsEmpty({ ...diffSession(course.base().sessions[0]!, page), changedText: [] })).toBe(
      true,
    );
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
  });
});
