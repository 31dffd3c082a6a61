import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import { parsePack, type Pack } from '../../../content/pack-schema';
import {
  buildIndex,
  coursePageMatches,
  findResource,
  matchPatterns,
} from '../../../content/recognizer';
import raw from '../../fixtures/packs/seize-session-6.json';

describe('recogniser on the bundled pack', () => {
  const index = buildIndex(bundledPack);

  it.each([
    ['https://www.grocer.coop/articles/civil-power-and-partner-state', 'civil-power-partner-state'],
    ['http://grocer.coop/articles/civil-power-and-partner-state/', 'civil-power-partner-state'],
    [
      'https://www.grocer.coop/articles/civil-power-and-partner-state?utm_source=seize#main',
      'civil-power-partner-state',
    ],
    ['https://WWW.GROCER.COOP/articles/civil-power-and-partner-state', 'civil-power-partner-state'],
    [
      'https://communitypsychology.com/resisting-state-sanctioned-violence',
      'building-strength-long-haul',
    ],
    [
      'https://podcasters.spotify.com/pod/show/halfpastcapitalism/?fbclid=1',
      'half-past-capitalism',
    ],
  ])('%s is %s', (url, resourceId) => {
    expect(index.lookup(url)).toEqual({ sessionId: 'session-6', resourceId, via: 'link' });
  });

  it.each([
    'https://www.grocer.coop/',
    'https://www.grocer.coop/articles/another-article',
    'https://www.grocer.coop/articles/civil-power-and-partner-state/comments',
    'https://www.grocer.coop/articles/civil-power-and-partner-state?page=2',
    'https://example.org/articles/civil-power-and-partner-state',
    'not a url',
    'javascript:alert(1)',
  ])('%s is not a reading', (url) => {
    expect(index.lookup(url)).toBeNull();
  });

  it('knows exactly the three links of the pack', () => {
    expect(index.size).toBe(3);
  });
});

describe('recogniser with alternates, videos and learned links', () => {
  const pack = structuredClone(raw) as Pack;
  const s = pack.sessions[0]!;
  s.resources[3]!.link = 'https://youtu.be/dQw4w9WgXcQ';
  s.resources[2]!.alternates = ['https://www.grocer.coop/sites/default/files/restakis.pdf'];
  const parsed = parsePack(pack);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const index = buildIndex(
    parsed.pack,
    new Map([['preston-model', 'https://cles.example/the-preston-model/']]),
  );

  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=120s', 'levels-of-government', 'link'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', 'levels-of-government', 'link'],
    ['https://youtu.be/dQw4w9WgXcQ?t=3', 'levels-of-government', 'link'],
    [
      'https://grocer.coop/sites/default/files/restakis.pdf',
      'civil-power-partner-state',
      'alternate',
    ],
    ['https://cles.example/the-preston-model', 'preston-model', 'link'],
  ])('%s is %s (%s)', (url, resourceId, via) => {
    expect(index.lookup(url)).toEqual({ sessionId: 'session-6', resourceId, via });
  });

  it('covers the video’s short and mobile hosts in its match patterns', () => {
    expect(matchPatterns(parsed.pack)).toEqual(
      expect.arrayContaining([
        'https://youtube.com/*',
        'https://www.youtube.com/*',
        'https://m.youtube.com/*',
        'https://youtu.be/*',
      ]),
    );
  });
});

describe('matchPatterns', () => {
  it('names only the readings’ hosts, over https only, never every site', () => {
    // https only: over plain http any network attacker could pose as a reading host.
    expect(matchPatterns(bundledPack)).toEqual([
      'https://communitypsychology.com/*',
      'https://www.communitypsychology.com/*',
      'https://grocer.coop/*',
      'https://www.grocer.coop/*',
      'https://podcasters.spotify.com/*',
    ]);
  });
});

describe('IDN hosts', () => {
  // Chromium's match patterns need the punycode form of a host; the recogniser must find the
  // reading whichever form the link or the address bar uses.
  const pack = structuredClone(raw) as Pack;
  pack.sessions[0]!.resources[3]!.link = 'https://café.example/lecture';
  const parsed = parsePack(pack);
  if (!parsed.ok) throw new Error(parsed.error.message);

  it('gives punycode match patterns for a host written in Unicode', () => {
    const patterns = matchPatterns(parsed.pack);
    expect(patterns).toEqual(
      expect.arrayContaining([
        'https://xn--caf-dma.example/*',
        'https://www.xn--caf-dma.example/*',
      ]),
    );
    expect(patterns.filter((p) => /[^\x20-\x7e]/.test(p))).toEqual([]);
  });

  it.each(['https://xn--caf-dma.example/lecture', 'https://CAFÉ.example/lecture/'])(
    'recognises %s',
    (url) => {
      expect(buildIndex(parsed.pack).lookup(url)?.resourceId).toBe(
        pack.sessions[0]!.resources[3]!.id,
      );
    },
  );
});

describe('findResource', () => {
  it('finds a resource with its session, or null', () => {
    expect(findResource(bundledPack, 'session-6', 'half-past-capitalism')?.resource.title).toBe(
      'Half Past Capitalism',
    );
    expect(findResource(bundledPack, 'session-6', 'nope')).toBeNull();
    expect(findResource(bundledPack, 'session-9', 'half-past-capitalism')).toBeNull();
  });
});

describe('coursePageMatches', () => {
  it('covers only the folder of the sessions’ pages, over https, with and without www.', () => {
    expect(coursePageMatches(bundledPack)).toEqual([
      'https://solidarityeconomy.ca/curriculum/*',
      'https://www.solidarityeconomy.ca/curriculum/*',
    ]);
  });

  it('asks for nothing when no session has a page', () => {
    const pack = {
      ...bundledPack,
      sessions: bundledPack.sessions.map((s) => ({ ...s, pageUrl: null })),
    };
    expect(coursePageMatches(pack)).toEqual([]);
  });
});

describe('the learner’s links in the index', () => {
  const PRESTON_PAGE = 'https://cles.org.uk/the-preston-model/';
  const learner = (resourceId: string, link: string, sessionId = 'session-6') => ({
    sessionId,
    resourceId,
    link,
  });

  it('recognises a page the learner linked, in every form of its address, as via learner', () => {
    const index = buildIndex(bundledPack, undefined, [learner('preston-model', PRESTON_PAGE)]);
    for (const url of [
      PRESTON_PAGE,
      'https://www.cles.org.uk/the-preston-model?utm_source=x#top',
      'http://cles.org.uk/the-preston-model/',
    ])
      expect(index.lookup(url)).toEqual({
        sessionId: 'session-6',
        resourceId: 'preston-model',
        via: 'learner',
      });
  });

  it('never takes an address the pack gives another resource (the pack wins, whatever the order)', () => {
    const reading = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
    const index = buildIndex(bundledPack, undefined, [learner('preston-model', reading)]);
    expect(index.lookup(reading)).toMatchObject({
      resourceId: 'civil-power-partner-state',
      via: 'link',
    });
  });

  it('ignores a link to a resource or session the pack does not have', () => {
    const index = buildIndex(bundledPack, undefined, [
      learner('no-such-resource', PRESTON_PAGE),
      learner('preston-model', 'https://elsewhere.org/p', 'session-9'),
    ]);
    expect(index.lookup(PRESTON_PAGE)).toBeNull();
    expect(index.lookup('https://elsewhere.org/p')).toBeNull();
    expect(index.size).toBe(buildIndex(bundledPack).size);
  });
});
