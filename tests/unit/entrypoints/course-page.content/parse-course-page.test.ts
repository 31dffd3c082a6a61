import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import { normalizeUrl } from '../../../../content/url';
import { diffSession } from '../../../../content/session-diff';
import { FIXTURE_LINKS, fixture, parseFixture, parseHtml } from './course-page-fixtures';

// The expected text comes from the seed itself, not from the pack, so a parser bug and a pack
// bug cannot cancel out.
const seed = readFileSync(join(process.cwd(), 'tests/fixtures/seed-session-6.txt'), 'utf8').split(
  '\n',
);
const seedResources: { kind: string; title: string; summary: string }[] = [];
for (let i = 7; seed[i] !== 'Sessions'; i += 3)
  seedResources.push({ kind: seed[i]!.toLowerCase(), title: seed[i + 1]!, summary: seed[i + 2]! });

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
