import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../../../fixtures/test-pack';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  ORIGIN,
  overlayFrame,
  popup,
  seen,
  TOKEN,
} from '../../../helpers';
import { diffSession } from '../../../../../content/session-diff';
import { parseCoursePage } from '../../../../../entrypoints/course-page.content/parse-course-page';
import { EPISODE, PAGE_URL, pageWithEpisode } from '../../../content/pack-fixtures';
import { fixture, parseFixture, parseHtml } from '../../course-page.content/course-page-fixtures';
import { diffIsEmpty } from '../../../../../content/pack-edit';

describe('course:page', () => {
  const fromPage = (tabId = 9, url = PAGE_URL) => contentScript(tabId, url);

  it('learns a missing link from the session page, recognises it at once and shows +1', async () => {
    const { handle, deps, store, learnedBadge } = await backgroundForTest();
    expect(deps.course.index().lookup(EPISODE)).toBeNull();
    const reply = await handle({ type: 'course:page', session: pageWithEpisode() }, fromPage());
    expect(reply).toEqual({ ok: true, learned: 1, differences: 0 });
    expect(deps.course.index().lookup(`${EPISODE}?utm_source=x`)).toMatchObject({
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
    expect(deps.course.index().lookup(EPISODE)).toBeNull();
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
    expect(deps.course.index().lookup(plain)).toBeNull();
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
    expect(deps.course.index().lookup(EPISODE)).toBeNull();
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
    expect(deps.course.index().lookup(EPISODE)).toMatchObject({ resourceId: 'we-sought-the-law' });
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
    const page = parseFixture('session-6-changed.html');
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
    expect(
      diffIsEmpty({ ...diffSession(course.base().sessions[0]!, page!), changedText: [] }),
    ).toBe(true);
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
  });
});

/** Fictional Session 7's page (tests/fixtures/course-pages/session-7-*.html). */
const SESSION_7 = 'https://www.solidarityeconomy.ca/curriculum/session-7';
const READING_7 = 'https://www.grocer.coop/test/session-7-reading';
const page7 = (name = 'session-7-headings.html') => parseHtml(fixture(name), SESSION_7)!;

describe('sessions learned from the course’s pages', () => {
  const learn = async (
    bg: Awaited<ReturnType<typeof backgroundForTest>>,
    url = SESSION_7,
    session = page7(),
  ) => bg.handle({ type: 'course:page', session }, contentScript(9, url));

  it('learns a session the pack lacks: in the pack in number order, marked, recognised, +S7', async () => {
    const bg = await backgroundForTest();
    expect(await learn(bg)).toEqual({
      ok: true,
      learned: 0,
      differences: 0,
      learnedSession: 'session-7',
    });
    expect(bg.learnedBadge).toHaveBeenCalledWith(9, 0, 7);
    expect(bg.deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    const current = bg.course.current();
    expect(current.pack.sessions.map((s) => s.id)).toEqual(['session-6', 'session-7']);
    expect(current.learnedSessions).toEqual(['session-7']);
    expect(bg.course.base().sessions).toHaveLength(1); // the facilitator's pack is unchanged
    expect(bg.course.index().lookup(READING_7)).toMatchObject({ sessionId: 'session-7' });
    // The popup's view of it, and the session the learner opened last is now current.
    const view = await bg.handle({ type: 'pack:view' }, popup);
    expect(view).toMatchObject({
      ok: true,
      learnedSessions: ['session-7'],
      session: { id: 'session-7', title: 'A Fictional Session for Tests' },
    });
  });

  it('gives the overlay of a learned session’s reading its session and outcomes', async () => {
    const bg = await learnedBackground();
    await bg.handle(seen(READING_7), contentScript(3, READING_7));
    const reply = await bg.handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    if (!reply.ok || !('state' in reply)) throw new Error(JSON.stringify(reply));
    expect(reply.state.reading).toMatchObject({ sessionId: 'session-7' });
    expect(reply.state.session).toMatchObject({ id: 'session-7', number: 7 });
    expect(reply.state.session.outcomes.map((o) => o.id)).toEqual(['o1', 'o2']);
  });

  it('learns nothing over http, from another folder or host, from a frame, or for a session the pack has', async () => {
    const bg = await backgroundForTest();
    for (const sender of [
      contentScript(9, SESSION_7.replace('https:', 'http:')),
      contentScript(9, 'https://www.solidarityeconomy.ca/other/session-7'),
      contentScript(9, 'https://www.solidarityeconomy.ca/curriculum/more/session-7'),
      contentScript(9, 'https://evil.example/curriculum/session-7'),
      contentScript(9, 'https://www.solidarityeconomy.ca/curriculum/session-8'),
      { ...contentScript(9, SESSION_7), frameId: 2 },
    ])
      expect(await bg.handle({ type: 'course:page', session: page7() }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    // Session 6 at another address than its pageUrl: the pack has it.
    expect(
      await learn(bg, 'https://solidarityeconomy.ca/curriculum/session-6', pageWithEpisode()),
    ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await bg.store.getCourseData('learnedSessions')).toEqual([]);
    expect(bg.course.pack().sessions).toHaveLength(1);
    // The channel is live: the same page over https teaches.
    expect(await learn(bg)).toMatchObject({ ok: true, learnedSession: 'session-7' });
  });

  it('replaces the session on each visit of its page (with or without www.)', async () => {
    const bg = await learnedBackground();
    const changed = { ...page7(), title: 'Renamed by the page', resources: [] };
    await learn(bg, 'https://solidarityeconomy.ca/curriculum/session-7/', changed);
    const stored = await bg.store.getCourseData('learnedSessions');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.session).toMatchObject({
      title: 'Renamed by the page',
      resources: [],
      pageUrl: 'https://solidarityeconomy.ca/curriculum/session-7',
    });
    expect(bg.course.index().lookup(READING_7)).toBeNull();
  });

  it('the facilitator adds it to the pack: an imported pack with the session, no longer learned', async () => {
    const bg = await learnedBackground();
    const reply = await bg.handle(
      { type: 'learned:resolve', sessionId: 'session-7', accept: true },
      facilitatorPage,
    );
    expect(reply).toMatchObject({ ok: true, source: 'imported', learnedSessions: [] });
    expect(bg.course.base().sessions.map((s) => s.id)).toEqual(['session-6', 'session-7']);
    expect(await bg.store.getCourseData('learnedSessions')).toEqual([]);
    expect(bg.course.index().lookup(READING_7)).toMatchObject({ sessionId: 'session-7' });
    // From now on its page is a pack session's page: today's rules (links, differences).
    expect(await learn(bg)).toMatchObject({ ok: true, learned: 0 });
    expect(await bg.store.getCourseData('learnedSessions')).toEqual([]);
  });

  it('ignored: not learned again from its page until the page changes', async () => {
    const bg = await learnedBackground();
    expect(
      await bg.handle(
        { type: 'learned:resolve', sessionId: 'session-7', accept: false },
        facilitatorPage,
      ),
    ).toMatchObject({ ok: true, learnedSessions: [] });
    expect(bg.course.pack().sessions).toHaveLength(1);
    expect(await learn(bg)).toEqual({ ok: true, learned: 0, differences: 0 });
    expect(bg.course.pack().sessions).toHaveLength(1);
    expect(await learn(bg, SESSION_7, page7('session-7-lists.html'))).toMatchObject({
      learnedSession: 'session-7',
    });
    expect(await bg.store.getCourseData('ignoredSessions')).toEqual([]);
    expect(
      await bg.handle(
        { type: 'learned:resolve', sessionId: 'session-9', accept: true },
        facilitatorPage,
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lists learned sessions for the facilitator; only the facilitator page resolves them', async () => {
    const bg = await learnedBackground();
    const state = await bg.handle({ type: 'facilitator:state' }, facilitatorPage);
    expect(state).toMatchObject({
      ok: true,
      learnedSessions: [{ courseId: 'seize-fse', session: { id: 'session-7' } }],
    });
    for (const sender of [popup, contentScript(9, SESSION_7)])
      expect(
        await bg.handle({ type: 'learned:resolve', sessionId: 'session-7', accept: true }, sender),
      ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('makes the session page opened last current, for the pack’s sessions too', async () => {
    const bg = await learnedBackground();
    await bg.handle({ type: 'course:page', session: pageWithEpisode() }, fromSession6());
    expect(await bg.handle({ type: 'pack:view' }, popup)).toMatchObject({
      session: { id: 'session-6' },
    });
    await learn(bg);
    expect(await bg.handle({ type: 'pack:view' }, popup)).toMatchObject({
      session: { id: 'session-7' },
    });
  });
});

const fromSession6 = () =>
  contentScript(9, 'https://www.solidarityeconomy.ca/curriculum/session-6');

/** A background that learned fictional Session 7 from its page. */
async function learnedBackground() {
  const bg = await backgroundForTest();
  const reply = await bg.handle(
    { type: 'course:page', session: page7() },
    contentScript(9, SESSION_7),
  );
  expect(reply).toMatchObject({ ok: true, learnedSession: 'session-7' });
  return bg;
}
