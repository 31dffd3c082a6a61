import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import { diffSession, parseCoursePage, type ParsedSession } from '../../content/session-diff';
import { PACK_LIMITS, type Pack } from '../../content/pack-schema';
import type { LearnedLinkRecord, StoredLinkCheck } from '../../entrypoints/background/db/database';
import {
  applyDiff,
  diffIsEmpty,
  effectivePack,
  learnedIds,
  linkSummary,
  mergeChecks,
  originsOf,
} from '../../content/pack-links';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  ORIGIN,
  overlayFrame,
  popup,
} from './helpers';

const PAGE_URL = 'https://www.solidarityeconomy.ca/curriculum/session-6';
const EPISODE = 'https://podcasters.spotify.com/pod/show/usfwc/episodes/we-sought-the-law';
const learnedRecord = (over: Partial<LearnedLinkRecord> = {}): LearnedLinkRecord => ({
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'we-sought-the-law',
  link: EPISODE,
  pageUrl: PAGE_URL,
  learnedAt: '2026-11-28T12:00:00.000Z',
  ...over,
});
const resource = (pack: Pack, id: string) =>
  pack.sessions.flatMap((s) => s.resources).find((r) => r.id === id);
const check = (
  resourceId: string,
  status: StoredLinkCheck['status'],
  at = '2026-11-28T12:00:00.000Z',
): StoredLinkCheck => ({
  courseId: 'seize-fse',
  resourceId,
  url: status === 'missing' ? null : `https://ex.org/${resourceId}`,
  status,
  finalUrl: null,
  chain: [],
  httpStatus: null,
  ms: null,
  checkedAt: at,
});
const parseFixture = (name: string) =>
  parseCoursePage(
    new DOMParser().parseFromString(
      readFileSync(join(process.cwd(), 'tests/fixtures/course-pages', name), 'utf8'),
      'text/html',
    ),
    PAGE_URL,
  )!;
/** Session 6's page as the pack has it, with one link the pack lacks. */
const pageWithEpisode = (): ParsedSession => {
  const s = bundledPack.sessions[0]!;
  return {
    number: 6,
    heading: s.heading,
    title: s.title,
    intro: s.intro,
    outcomes: s.outcomes.map((o) => o.text),
    resources: s.resources.map((r) => ({
      kind: r.kind,
      title: r.title,
      summary: r.summary,
      link: r.id === 'we-sought-the-law' ? EPISODE : r.link,
    })),
  };
};

describe('effectivePack', () => {
  it('fills in learned links where the pack has none, and never replaces a link', () => {
    const pack = effectivePack(
      bundledPack,
      [
        learnedRecord(),
        learnedRecord({ resourceId: 'civil-power-partner-state', link: 'https://evil.example/' }),
      ],
      null,
    );
    expect(resource(pack, 'we-sought-the-law')?.link).toBe(EPISODE);
    expect(resource(pack, 'civil-power-partner-state')?.link).toBe(
      'https://www.grocer.coop/articles/civil-power-and-partner-state',
    );
    expect(resource(bundledPack, 'we-sought-the-law')?.link).toBeNull(); // not mutated
    expect(learnedIds(bundledPack, [learnedRecord()])).toEqual(new Set(['we-sought-the-law']));
  });

  it('ignores links learned for another course or filed under another session', () => {
    const pack = effectivePack(
      bundledPack,
      [learnedRecord({ courseId: 'other' }), learnedRecord({ sessionId: 'session-2' })],
      null,
    );
    expect(resource(pack, 'we-sought-the-law')?.link).toBeNull();
  });

  it('shows the session a facilitator chose, if the pack has it', () => {
    const two: Pack = {
      ...bundledPack,
      sessions: [
        ...bundledPack.sessions,
        { ...bundledPack.sessions[0]!, id: 'session-7', number: 7, resources: [] },
      ],
    };
    expect(
      effectivePack(two, [], { courseId: 'seize-fse', sessionId: 'session-7' }).currentSession,
    ).toBe('session-7');
    expect(
      effectivePack(two, [], { courseId: 'seize-fse', sessionId: 'nope' }).currentSession,
    ).toBe('session-6');
    expect(
      effectivePack(two, [], { courseId: 'other', sessionId: 'session-7' }).currentSession,
    ).toBe('session-6');
  });
});

describe('linkSummary and mergeChecks', () => {
  it('says nothing when nothing was checked', () => {
    expect(linkSummary(bundledPack, [])).toBeNull();
    expect(
      linkSummary(bundledPack, [
        { ...check('civil-power-partner-state', 'works'), courseId: 'other' },
      ]),
    ).toBeNull();
    expect(linkSummary(bundledPack, [check('gone-resource', 'works')])).toBeNull();
  });

  it('counts working (works or redirected) and missing links of the pack’s resources', () => {
    const checks = [
      check('civil-power-partner-state', 'works'),
      check('half-past-capitalism', 'redirected'),
      check('building-strength-long-haul', 'not_found'),
      check('preston-model', 'missing'),
    ];
    expect(linkSummary(bundledPack, checks, 'session-6')).toEqual({
      checked: 4,
      working: 2,
      missing: 1,
    });
  });

  it('keeps one result per resource, the newest, and never lets a cancelled one replace it', () => {
    const old = check('civil-power-partner-state', 'works', '2026-11-01T00:00:00.000Z');
    const merged = mergeChecks(
      [old],
      [check('civil-power-partner-state', 'cancelled'), check('half-past-capitalism', 'cancelled')],
    );
    expect(merged).toEqual([old]);
    const newer = check('civil-power-partner-state', 'not_found');
    expect(mergeChecks([old], [newer])).toEqual([newer]);
  });
});

describe('originsOf', () => {
  it('asks for exactly the hosts of the links, once each, without ports or paths', () => {
    expect(
      originsOf(
        [
          'https://www.grocer.coop/articles/a',
          'https://www.grocer.coop/b',
          'http://127.0.0.1:8123/ok',
          'http://localhost:9/x?y',
          null,
          'javascript:alert(1)',
        ],
        { allowLoopback: true },
      ),
    ).toEqual(['https://www.grocer.coop/*', 'http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('never asks for a private or local host (loopback only in the test build)', () => {
    const links = ['https://www.grocer.coop/a', 'http://127.0.0.1:8123/ok', 'http://10.0.0.2/'];
    expect(originsOf(links)).toEqual(['https://www.grocer.coop/*']);
    expect(originsOf(links, { allowLoopback: true })).toEqual([
      'https://www.grocer.coop/*',
      'http://127.0.0.1/*',
    ]);
  });
});

describe('applyDiff', () => {
  it('takes a changed page into the pack, which then matches the page', () => {
    const page = parseFixture('session-6-changed.html');
    const session = bundledPack.sessions[0]!;
    const diff = diffSession(session, page);
    expect(diffIsEmpty(diff)).toBe(false);
    const result = applyDiff(bundledPack, session.id, diff);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const again = diffSession(result.pack.sessions[0]!, page);
    expect(again.learnedLinks).toEqual([]);
    expect(again.changedLinks).toEqual([]);
    expect(again.added).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(again.changedText.filter((c) => c.scope !== 'outcome')).toEqual([]);
  });

  it('leaves a page that matches the pack empty of differences', () => {
    expect(
      diffIsEmpty(
        diffSession(bundledPack.sessions[0]!, {
          ...pageWithEpisode(),
          resources: pageWithEpisode().resources.map((r) => ({
            ...r,
            link: r.title === 'We sought the law (and the law won)' ? null : r.link,
          })),
        }),
      ),
    ).toBe(true);
  });
});

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
    expect(diffIsEmpty({ ...diffSession(course.base().sessions[0]!, page), changedText: [] })).toBe(
      true,
    );
    expect(await store.getCourseData('learnedLinks')).toEqual([]);
  });
});
