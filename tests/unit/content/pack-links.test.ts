import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../../content/bundled';
import type { LearnedLinkRecord, StoredLinkCheck } from '../../../utils/protocol/records';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSession, parseCoursePage, type ParsedSession } from '../../../content/session-diff';
import type { Pack } from '../../../content/pack-schema';
import {
  applyDiff,
  diffIsEmpty,
  effectivePack,
  learnedIds,
  linkSummary,
  mergeChecks,
  originsOf,
} from '../../../content/pack-links';

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
