import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../fixtures/test-pack';
import {
  diffSession,
  normalizeTitle,
  parseCoursePage,
  type ParsedSession,
} from '../../content/session-diff';
import type { Session } from '../../content/pack-schema';
import { normalizeUrl } from '../../content/url';

const PAGE_URL = 'https://www.solidarityeconomy.ca/curriculum/session-6';
const fixture = (name: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/course-pages', name), 'utf8');
const parseHtml = (html: string, url = PAGE_URL) =>
  parseCoursePage(new DOMParser().parseFromString(html, 'text/html'), url);
const parseFixture = (name: string) => parseHtml(fixture(name));

// The expected text comes from the seed itself, not from the pack, so a parser bug and a pack
// bug cannot cancel out.
const seed = readFileSync(join(process.cwd(), 'tests/fixtures/seed-session-6.txt'), 'utf8').split(
  '\n',
);
const seedResources: { kind: string; title: string; summary: string }[] = [];
for (let i = 7; seed[i] !== 'Sessions'; i += 3)
  seedResources.push({ kind: seed[i]!.toLowerCase(), title: seed[i + 1]!, summary: seed[i + 2]! });

// The links the fixtures give, in course order: READINGS.md's where it names one, clearly fake
// example.org addresses elsewhere. Test data only; the pack never takes them from here.
const FIXTURE_LINKS = [
  'https://cles.org.uk/the-preston-model/',
  'https://example.org/readings/canadas-irreconcileables',
  'https://www.grocer.coop/articles/civil-power-and-partner-state',
  'https://electionsanddemocracy.ca/which-election/three-levels-government-video-transcript',
  'https://example.org/podcasts/we-sought-the-law',
  'https://www.communitypsychology.com/resisting-state-sanctioned-violence/',
  'https://example.org/papers/free-riding-off-capitalism.pdf',
  'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
];

const MARKUPS = [
  ['session-6-headings.html', 'h1–h3 headings for kinds, linked paragraphs for titles'],
  ['session-6-lists.html', 'one <ul> per resource, HTML entities, a protocol-relative link'],
  ['session-6-paragraphs.html', 'plain paragraphs split by <br>, a tracked http:// link'],
  ['session-6-wordpress.html', 'WordPress-like nested divs with menus, sidebar and footer noise'],
] as const;

describe.each(MARKUPS)('parseCoursePage on %s (%s)', (name) => {
  const parsed = parseFixture(name);

  it('finds the session heading, number, title and intro word for word', () => {
    expect(parsed).not.toBeNull();
    expect(parsed!.number).toBe(6);
    expect(parsed!.heading).toBe(seed[0]);
    expect(parsed!.title).toBe(seed[1]);
    expect(parsed!.intro).toBe(seed[3]);
  });

  it('finds both learning outcomes word for word', () => {
    expect(parsed!.outcomes).toEqual([seed[5]!.slice(2), seed[6]!.slice(2)]);
  });

  it('finds the eight resources with kind, title and blurb word for word', () => {
    expect(parsed!.resources.map(({ kind, title, summary }) => ({ kind, title, summary }))).toEqual(
      seedResources,
    );
  });

  it('takes each title’s link (as the same address)', () => {
    expect(parsed!.resources.map((r) => r.link && normalizeUrl(r.link))).toEqual(
      FIXTURE_LINKS.map(normalizeUrl),
    );
  });

  it('learns a link for each of the five resources the pack does not link', () => {
    const diff = diffSession(bundledPack.sessions[0]!, parsed!);
    expect(diff.learnedLinks).toEqual(
      [
        ['preston-model', 0],
        ['canadas-irreconcileables', 1],
        ['levels-of-government', 3],
        ['we-sought-the-law', 4],
        ['free-riding-off-capitalism', 6],
      ].map(([resourceId, i]) => ({ resourceId, link: FIXTURE_LINKS[i as number] })),
    );
    // The three links the pack has are the page's, give or take www, a slash or a utm tag.
    expect(diff).toMatchObject({ changedLinks: [], added: [], removed: [], changedText: [] });
  });
});

describe('parseCoursePage details', () => {
  it('resolves a protocol-relative link to https, as the page’s own scheme', () => {
    expect(parseFixture('session-6-lists.html')!.resources[1]!.link).toBe(FIXTURE_LINKS[1]);
  });

  it('keeps a link as written, tracking tag and all (the diff normalises, not the parser)', () => {
    expect(parseFixture('session-6-paragraphs.html')!.resources[2]!.link).toBe(
      'http://grocer.coop/articles/civil-power-and-partner-state?utm_source=seize',
    );
  });

  const page = (titleMarkup: string, extraHead = '') => `
    <html><head>${extraHead}</head><body>
      <h1>Session 6 Resources</h1><h2>Building Power for Solidarity</h2><p>Intro.</p>
      <h3>Read</h3><p>${titleMarkup}</p><p>Blurb.</p>
    </body></html>`;

  it.each([
    ['<a href="javascript:alert(1)">T</a>', null],
    ['<a href="JavaScript:void(0)">T</a>', null],
    ['<a href="data:text/html,x">T</a>', null],
    ['<a href="mailto:someone@example.org">T</a>', null],
    ['<a href="http://[bad">T</a>', null],
    ['<a>T</a>', null],
    ['T', null],
    // A script link first does not hide a real one after it.
    [
      '<a href="javascript:void(0)">T</a> <a href="https://example.org/t">(PDF)</a>',
      'https://example.org/t',
    ],
    ['<a href="/readings/t">T</a>', 'https://www.solidarityeconomy.ca/readings/t'],
    ['<a href="t.pdf">T</a>', 'https://www.solidarityeconomy.ca/curriculum/t.pdf'],
    ['<a href="  https://example.org/t  ">T</a>', 'https://example.org/t'],
    ['<a href="http://example.org/t">T</a>', 'http://example.org/t'],
  ])('title %s has link %s', (markup, link) => {
    expect(parseHtml(page(markup))!.resources[0]!.link).toBe(link);
  });

  it('resolves relative links against the page’s <base href>', () => {
    const html = page('<a href="t">T</a>', '<base href="https://example.org/base/">');
    expect(parseHtml(html)!.resources[0]!.link).toBe('https://example.org/base/t');
  });

  it('takes the link of an <a> that wraps the whole title block', () => {
    const html = page('</p><a href="https://example.org/t"><h4>T</h4></a><p>');
    expect(parseHtml(html)!.resources[0]).toEqual({
      kind: 'read',
      title: 'T',
      summary: 'Blurb.',
      link: 'https://example.org/t',
    });
  });

  it.each([
    ['an article page', fixture('../pages/article.html')],
    ['an empty page', ''],
    ['a page with a heading but no resources', '<h1>Session 6 Resources</h1><p>Soon.</p>'],
    [
      'a page with resources but no session heading',
      '<h1>Readings</h1><h3>Read</h3><p><a href="https://example.org/t">T</a></p><p>B.</p>',
    ],
    [
      'the curriculum index',
      '<h1>Curriculum</h1><ul><li>Session 5</li><li>Session 6</li></ul><p>Sessions</p>',
    ],
  ])('returns null for %s', (_, html) => {
    expect(parseHtml(html)).toBeNull();
  });

  it('ignores a heading for another session than the address names', () => {
    const html = page('<a href="https://example.org/t">T</a>').replace('Session 6', 'Session 7');
    expect(parseHtml(html)).toBeNull();
    expect(parseHtml(html, 'https://example.org/some/page')!.number).toBe(7);
  });

  it('passes over a breadcrumb that names the session just before its heading', () => {
    const html = `<p>Session 6</p><p>Session 6 Resources</p><p>Title</p><p>Intro.</p>
      <p>Read</p><p>T</p><p>B.</p>`;
    expect(parseHtml(html)).toMatchObject({ heading: 'Session 6 Resources', title: 'Title' });
  });

  it('passes over a menu of plain divs whose items look like a session and a resource', () => {
    const html = `<div><div>Session 6</div><div>Session 7</div><div>Read</div><div>Blog</div></div>
      <h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
      <p>Read</p><p>T</p><p>B.</p><p>Watch</p><p>V</p><p>C.</p>`;
    expect(parseHtml(html)).toMatchObject({
      heading: 'Session 6 Resources',
      title: 'Title',
      intro: 'Intro.',
    });
    expect(parseHtml(html)!.resources.map((r) => r.title)).toEqual(['T', 'V']);
  });

  it('does not take an intro sentence starting "Session 6" for a heading', () => {
    const html = `<h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
      <p>Session 6 builds on session 5.</p><p>Read</p><p>T</p><p>B.</p>`;
    expect(parseHtml(html)!.intro).toBe('Intro.\n\nSession 6 builds on session 5.');
  });

  it('ignores a look-alike resource outside the heading’s <main>', () => {
    const html = `<main><h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
        <p>Read</p><p><a href="https://example.org/t">T</a></p><p>B.</p></main>
      <div><p>Read</p><p><a href="https://example.org/blog">Our blog</a></p><p>News.</p></div>`;
    expect(parseHtml(html)!.resources.map((r) => r.title)).toEqual(['T']);
  });

  it('keeps a resource without a blurb and drops a kind line with nothing after it', () => {
    const html = `<h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
      <p>Read</p><p>T</p><p>Watch</p><p>V</p><p>B.</p><p>Listen</p><p>Sessions</p><p>Read</p>`;
    expect(parseHtml(html)!.resources).toEqual([
      { kind: 'read', title: 'T', summary: '', link: null },
      { kind: 'watch', title: 'V', summary: 'B.', link: null },
    ]);
  });

  it('takes kind lines in any case and with a colon, but not "Read more"', () => {
    const html = `<h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
      <p>Read more</p><p>LISTEN:</p><p>T</p><p>B.</p><p>Read more</p>`;
    expect(parseHtml(html)!.resources).toEqual([
      { kind: 'listen', title: 'T', summary: 'B.', link: null },
    ]);
  });

  it('skips script, style, hidden and navigation text', () => {
    const html = `<h1>Session 6 Resources</h1><p>Title</p><p>Intro.</p>
      <p>Read</p><script>var read = 'Read';</script><p hidden>Hidden</p>
      <div role="navigation">Menu</div><p>T <style>p{}</style></p><p>B.</p>`;
    expect(parseHtml(html)!.resources).toEqual([
      { kind: 'read', title: 'T', summary: 'B.', link: null },
    ]);
  });
});

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
