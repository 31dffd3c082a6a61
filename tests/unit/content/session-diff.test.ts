import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import { diffSession, normalizeTitle, type ParsedSession } from '../../../content/session-diff';
import type { Session } from '../../../content/pack-schema';
import {
  FIXTURE_LINKS,
  parseFixture,
} from '../entrypoints/course-page.content/course-page-fixtures';

describe('normalizeTitle', () => {
  it.each([
    ['Canada’s Irreconcileables', "canada's irreconcileables"],
    ["  Canada's   Irreconcileables. ", "canada's irreconcileables"],
    ['“Half Past Capitalism”', 'half past capitalism'],
    [
      'Free Riding off Capitalism — Entrepreneurship',
      'free riding off capitalism - entrepreneurship',
    ],
    ['We sought the law (and the law won)', 'we sought the law (and the law won)'],
    ['— Half Past Capitalism…', 'half past capitalism'],
    ['Civil\u00a0Power &amp; Partner State', 'civil power &amp; partner state'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTitle(input)).toBe(expected);
  });
});

describe('diffSession', () => {
  const session = bundledPack.sessions[0]!;
  // The pack as it would be once every link of the headings fixture had been learned, so that
  // the changed page differs from it in exactly what the fixture changes.
  const learned: Session = {
    ...session,
    resources: session.resources.map((r, i) => ({ ...r, link: FIXTURE_LINKS[i]! })),
  };

  it('reports exactly one removed, one added, one changed link and one changed blurb', () => {
    const parsed = parseFixture('session-6-changed.html')!;
    expect(diffSession(learned, parsed)).toEqual({
      learnedLinks: [],
      changedLinks: [
        {
          resourceId: 'civil-power-partner-state',
          from: FIXTURE_LINKS[2],
          to: 'https://example.org/articles/civil-power-and-partner-state-2nd-edition',
        },
      ],
      added: [
        {
          index: 5,
          resource: {
            kind: 'watch',
            title: 'Solidarity Cities in Practice',
            summary:
              'A short film visiting three cities where municipal governments partner with cooperatives.',
            link: 'https://example.org/videos/solidarity-cities-in-practice',
          },
        },
      ],
      removed: [{ resourceId: 'levels-of-government', title: 'Levels of Government' }],
      changedText: [
        {
          scope: 'resource',
          resourceId: 'half-past-capitalism',
          field: 'summary',
          from: session.resources[7]!.summary,
          to: 'Half Past Capitalism is a SEIZE-backed podcast series that explores stories, ideas, and strategies for building alternatives to capitalism. Hosted by Dru Oja Jay!',
        },
      ],
    });
  });

  /** A parsed page equal to the pack's session, to change one thing at a time. */
  const asParsed = (s: Session): ParsedSession => ({
    number: s.number,
    heading: s.heading,
    title: s.title,
    intro: s.intro,
    outcomes: s.outcomes.map((o) => o.text),
    resources: s.resources.map(({ kind, title, summary, link }) => ({
      kind,
      title,
      summary,
      link,
    })),
  });

  it('finds nothing between the pack and itself', () => {
    expect(diffSession(session, asParsed(session))).toEqual({
      learnedLinks: [],
      changedLinks: [],
      added: [],
      removed: [],
      changedText: [],
    });
  });

  it('matches titles across quote style, case and end punctuation, and reports the wording', () => {
    const page = asParsed(session);
    page.resources[1]!.title = "canada's irreconcileables.";
    const diff = diffSession(session, page);
    expect(diff.added).toEqual([]);
    expect(diff.changedText).toEqual([
      {
        scope: 'resource',
        resourceId: 'canadas-irreconcileables',
        field: 'title',
        from: 'Canada’s Irreconcileables',
        to: "canada's irreconcileables.",
      },
    ]);
  });

  it('reports a changed kind, and session heading, title and intro wording, in course order', () => {
    const page = asParsed(session);
    page.resources[3]!.kind = 'listen';
    page.intro = `${session.intro} New sentence.`;
    page.title = 'Building Power';
    expect(diffSession(session, page).changedText).toEqual([
      { scope: 'session', field: 'title', from: session.title, to: 'Building Power' },
      { scope: 'session', field: 'intro', from: session.intro, to: page.intro },
      {
        scope: 'resource',
        resourceId: 'levels-of-government',
        field: 'kind',
        from: 'watch',
        to: 'listen',
      },
    ]);
  });

  it('does not report whitespace-only differences', () => {
    const page = asParsed(session);
    page.intro = `  ${session.intro.replace(/ /g, '  ')}\n`;
    expect(diffSession(session, page).changedText).toEqual([]);
  });

  it.each([
    [
      'a reworded outcome',
      ['A roadmap for building power', 'o2'],
      [{ outcomeId: 'o1', from: 'o1', to: 'A roadmap for building power' }],
    ],
    [
      'a new outcome',
      ['o1', 'o2', 'A third outcome'],
      [{ outcomeId: null, from: null, to: 'A third outcome' }],
    ],
    ['a dropped outcome', ['o2'], [{ outcomeId: 'o1', from: 'o1', to: null }]],
    ['reordered outcomes', ['o2', 'o1'], []],
  ])('reports %s', (_, pageOutcomes, changes) => {
    const text = (id: string) => session.outcomes.find((o) => o.id === id)?.text ?? id;
    const page = asParsed(session);
    page.outcomes = pageOutcomes.map(text);
    expect(diffSession(session, page).changedText).toEqual(
      changes.map((c) => ({
        scope: 'outcome',
        outcomeId: c.outcomeId,
        from: c.from === null ? null : text(c.from),
        to: c.to === null ? null : text(c.to),
      })),
    );
  });

  it('does not report a link the page lost, nor one that only differs in form', () => {
    const page = asParsed(session);
    page.resources[2]!.link = null;
    page.resources[5]!.link =
      'http://communitypsychology.com/resisting-state-sanctioned-violence?utm_medium=email';
    expect(diffSession(session, page)).toMatchObject({ learnedLinks: [], changedLinks: [] });
  });

  it('pairs two resources of the same title by kind', () => {
    const twin: Session = {
      ...session,
      resources: [
        { ...session.resources[0]!, id: 'a', kind: 'read', title: 'Same', link: null },
        { ...session.resources[0]!, id: 'b', kind: 'watch', title: 'Same', link: null },
      ],
    };
    const page = asParsed(twin);
    page.resources.reverse();
    page.resources[0]!.link = 'https://example.org/video';
    expect(diffSession(twin, page).learnedLinks).toEqual([
      { resourceId: 'b', link: 'https://example.org/video' },
    ]);
  });

  it('lists what the page added in page order and what it lost in pack order', () => {
    const page = asParsed(session);
    const [first, , third] = page.resources;
    page.resources = [
      { ...first!, title: 'New one' },
      { ...third!, title: 'New two' },
      ...page.resources.slice(3),
    ];
    const diff = diffSession(session, page);
    expect(diff.added.map((a) => [a.index, a.resource.title])).toEqual([
      [0, 'New one'],
      [1, 'New two'],
    ]);
    expect(diff.removed.map((r) => r.resourceId)).toEqual([
      'preston-model',
      'canadas-irreconcileables',
      'civil-power-partner-state',
    ]);
  });
});
