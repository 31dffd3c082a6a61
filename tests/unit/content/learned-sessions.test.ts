import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import {
  inNumberOrder,
  pageFingerprint,
  sessionFromPage,
  sessionPageNumber,
  sessionPageUrl,
} from '../../../content/learned-sessions';
import { addSession } from '../../../content/pack-edit';
import { ParsedSessionSchema } from '../../../utils/protocol/course-schema';
import { fixture, parseHtml } from '../entrypoints/course-page.content/course-page-fixtures';

const SESSION_7 = 'https://www.solidarityeconomy.ca/curriculum/session-7';
const parse7 = (name = 'session-7-headings.html') => {
  const parsed = parseHtml(fixture(name), SESSION_7);
  if (!parsed) throw new Error(`${name} does not parse`);
  return parsed;
};

describe('the session page rule', () => {
  it('is an https page of the course’s host, directly in its folder, named session-<N>', () => {
    for (const [url, n] of [
      [SESSION_7, 7],
      ['https://solidarityeconomy.ca/curriculum/session-7', 7],
      ['https://www.solidarityeconomy.ca/curriculum/session-12/', 12],
      ['https://www.solidarityeconomy.ca/curriculum/session-999?ref=menu#top', 999],
    ] as const)
      expect(sessionPageNumber(bundledPack, url), url).toBe(n);
  });

  it('is nothing over http, on another host or port, in another folder, or another name', () => {
    for (const url of [
      'http://www.solidarityeconomy.ca/curriculum/session-7',
      'https://www.solidarityeconomy.ca:8443/curriculum/session-7',
      'https://evil.example/curriculum/session-7',
      'https://solidarityeconomy.ca.evil.example/curriculum/session-7',
      'https://www.solidarityeconomy.ca/other/session-7',
      'https://www.solidarityeconomy.ca/curriculum/old/session-7',
      'https://www.solidarityeconomy.ca/Curriculum/session-7',
      'https://www.solidarityeconomy.ca/curriculum/Session-7',
      'https://www.solidarityeconomy.ca/curriculum/session-07',
      'https://www.solidarityeconomy.ca/curriculum/session-0',
      'https://www.solidarityeconomy.ca/curriculum/session-1000',
      'https://www.solidarityeconomy.ca/curriculum/session-7-notes',
      'https://www.solidarityeconomy.ca/curriculum/session-7//',
      'https://user:pw@www.solidarityeconomy.ca/curriculum/session-7',
      'not a url',
    ])
      expect(sessionPageNumber(bundledPack, url), url).toBeNull();
  });

  it('is nothing for a pack that names no session page', () => {
    const pack = structuredClone(bundledPack);
    pack.sessions[0]!.pageUrl = null;
    expect(sessionPageNumber(pack, SESSION_7)).toBeNull();
  });

  it('keeps the page’s address without query, fragment or trailing slash', () => {
    expect(sessionPageUrl(`${SESSION_7}/?a=1#b`)).toBe(SESSION_7);
  });
});

describe('a session from its page', () => {
  it('gives valid ids, safe links only, and the page’s own words', () => {
    const taken = new Set(['the-fictional-reading-of-session-7']);
    const s = sessionFromPage(parse7(), SESSION_7, taken);
    expect(s).toMatchObject({
      id: 'session-7',
      number: 7,
      heading: 'Session 7 Resources',
      title: 'A Fictional Session for Tests',
      pageUrl: SESSION_7,
    });
    expect(s.outcomes.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(s.resources.map((r) => [r.id, r.kind, r.link])).toEqual([
      ['a-fictional-map-of-test-cooperatives', 'explore', 'https://cles.org.uk/test/session-7-map'],
      // Unique within the pack: the slug was taken.
      [
        'the-fictional-reading-of-session-7-2',
        'read',
        'https://www.grocer.coop/test/session-7-reading',
      ],
      // Plain http is never kept as a link.
      ['an-invented-podcast-episode', 'listen', null],
    ]);
    expect(taken.has('an-invented-podcast-episode')).toBe(true);
  });

  it('reads the same session from pages of different markup', () => {
    const ids = (name: string) =>
      sessionFromPage(parse7(name), SESSION_7, new Set()).resources.map((r) => [r.id, r.link]);
    expect(ids('session-7-lists.html')).toEqual(ids('session-7-headings.html'));
  });

  it('never keeps a link to a private host, and fills empty texts with the title', () => {
    const s = sessionFromPage(
      {
        number: 9,
        heading: 'Session 9',
        title: 'Nine',
        intro: '',
        outcomes: ['  ', 'One'],
        resources: [
          { kind: 'read', title: 'Local', summary: '', link: 'https://192.168.1.1/x' },
          { kind: 'read', title: '   ', summary: 'no title', link: null },
        ],
      },
      'https://www.solidarityeconomy.ca/curriculum/session-9',
      new Set(),
    );
    expect(s.intro).toBe('Nine');
    expect(s.outcomes).toEqual([{ id: 'o1', text: 'One' }]);
    expect(s.resources).toEqual([
      { id: 'local', kind: 'read', title: 'Local', summary: 'Local', link: null },
    ]);
  });

  it('makes a valid pack from a page at every limit: clamped, never refused whole', () => {
    // The parser cuts a page to its limits; the background's schema and the pack accept them.
    const long = (n: number, c = 'é') => c.repeat(n);
    const resources = Array.from(
      { length: 260 },
      (_, i) => `<h3>Read</h3><p><a href="https://www.grocer.coop/r/${i}">${long(400)} ${i}</a></p>
        <p>${long(3000)}</p>`,
    ).join('');
    const html = `<h1>Session 7 Resources</h1><h2>${long(500)}</h2><p>${long(9000)}</p>
      <h2>Learning Outcomes</h2><ul>${Array.from({ length: 150 }, () => `<li>${long(2000)}</li>`).join('')}</ul>
      ${resources}`;
    const parsed = parseHtml(html, SESSION_7);
    expect(parsed?.resources).toHaveLength(200);
    expect(v.safeParse(ParsedSessionSchema, parsed).success).toBe(true);
    const session = sessionFromPage(parsed!, SESSION_7, new Set());
    const result = addSession(bundledPack, session);
    expect(result.ok && result.pack.sessions.map((s) => s.id)).toEqual(['session-6', 'session-7']);
    expect(new Set(session.resources.map((r) => r.id)).size).toBe(200);
  });
});

describe('helpers', () => {
  it('fingerprints what a page says: the same page alike, any change apart', () => {
    const a = parse7();
    expect(pageFingerprint(a)).toBe(pageFingerprint(parse7()));
    expect(pageFingerprint({ ...a, intro: `${a.intro}!` })).not.toBe(pageFingerprint(a));
  });

  it('puts a session before the first of a higher number, keeping the pack’s order', () => {
    const s = (number: number) => ({ ...bundledPack.sessions[0]!, id: `s${number}`, number });
    expect(inNumberOrder([s(2), s(6), s(9)], s(7)).map((x) => x.number)).toEqual([2, 6, 7, 9]);
    expect(inNumberOrder([s(2)], s(7)).map((x) => x.number)).toEqual([2, 7]);
    expect(inNumberOrder([s(9)], s(1)).map((x) => x.number)).toEqual([1, 9]);
    expect(inNumberOrder([], s(1)).map((x) => x.number)).toEqual([1]);
  });
});
