import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../../content/url';

describe('normalizeUrl', () => {
  it.each([
    [
      'https://www.grocer.coop/articles/civil-power-and-partner-state',
      'https://grocer.coop/articles/civil-power-and-partner-state',
    ],
    [
      'http://grocer.coop/articles/civil-power-and-partner-state/',
      'https://grocer.coop/articles/civil-power-and-partner-state',
    ],
    [
      'HTTPS://WWW.GROCER.COOP/articles/civil-power-and-partner-state#top',
      'https://grocer.coop/articles/civil-power-and-partner-state',
    ],
    ['https://grocer.coop:443/articles/x', 'https://grocer.coop/articles/x'],
    ['http://grocer.coop:80/articles/x', 'https://grocer.coop/articles/x'],
    ['http://127.0.0.1:8080/a/', 'https://127.0.0.1:8080/a'],
    ['https://ex.org/a?utm_source=nl&utm_medium=email&b=2&a=1', 'https://ex.org/a?a=1&b=2'],
    ['https://ex.org/a?fbclid=abc&gclid=def&msclkid=x', 'https://ex.org/a'],
    ['https://ex.org/a?b=2&a=1&a=0', 'https://ex.org/a?a=0&a=1&b=2'],
    ['https://ex.org/', 'https://ex.org'],
    ['https://ex.org', 'https://ex.org'],
    ['https://ex.org/Case/Path', 'https://ex.org/Case/Path'],
    ['https://www.www.ex.org/x', 'https://ex.org/x'],
    ['https://ex.org./x', 'https://ex.org/x'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?t=42&si=abc', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m2s&list=PL1',
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    [
      'https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    [
      'https://www.youtube.com/embed/dQw4w9WgXcQ?start=10',
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    [
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    ['https://youtube.com/shorts/dQw4w9WgXcQ', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=short', 'https://youtube.com/watch?v=short'],
    ['https://www.youtube.com/@channel', 'https://youtube.com/@channel'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  describe('percent-escapes (RFC 3986 §6.2.2)', () => {
    it.each([
      // Unreserved characters escaped are the characters themselves.
      ['https://ex.org/%7Euser/a%2Db%5Fc%2Ed', 'https://ex.org/~user/a-b_c.d'],
      ['https://ex.org/%41%62%43', 'https://ex.org/AbC'],
      // Every other escape keeps its meaning and gets upper-case hex.
      ['https://ex.org/caf%c3%a9', 'https://ex.org/caf%C3%A9'],
      ['https://ex.org/café', 'https://ex.org/caf%C3%A9'],
      ['https://ex.org/a%2fb', 'https://ex.org/a%2Fb'],
      ['https://ex.org/a%3fb%23c%25d', 'https://ex.org/a%3Fb%23c%25d'],
      ['https://ex.org/a%20b', 'https://ex.org/a%20b'],
      ['https://ex.org/a b', 'https://ex.org/a%20b'],
      // Characters a URI may not hold raw are escaped, so raw and escaped meet.
      ['https://ex.org/a[1]|{x}^', 'https://ex.org/a%5B1%5D%7C%7Bx%7D%5E'],
      // A `%` that starts no escape is a literal percent sign.
      ['https://ex.org/100%', 'https://ex.org/100%25'],
      ['https://ex.org/a%zz', 'https://ex.org/a%25zz'],
      ['https://ex.org/%%41', 'https://ex.org/%25A'],
      // Reserved characters are never decoded, in the path…
      ['https://ex.org/a%2Fb/c%40d%3Ae', 'https://ex.org/a%2Fb/c%40d%3Ae'],
      // …nor in the query; unreserved ones are, names included.
      ['https://ex.org/s?q=caf%c3%a9&x=%7e', 'https://ex.org/s?q=caf%C3%A9&x=~'],
      ['https://ex.org/s?q=café', 'https://ex.org/s?q=caf%C3%A9'],
      ['https://ex.org/s?q=a%26b%3dc', 'https://ex.org/s?q=a%26b%3Dc'],
      ['https://ex.org/s?%71=1', 'https://ex.org/s?q=1'],
      ["https://ex.org/s?q='x'", 'https://ex.org/s?q=%27x%27'],
      ['https://ex.org/s?q=[1]', 'https://ex.org/s?q=%5B1%5D'],
      // In a query `+` is a space (form encoding); an escaped plus stays a plus.
      ['https://ex.org/s?q=a+b', 'https://ex.org/s?q=a%20b'],
      ['https://ex.org/s?q=a%20b', 'https://ex.org/s?q=a%20b'],
      ['https://ex.org/s?q=a b', 'https://ex.org/s?q=a%20b'],
      ['https://ex.org/s?q=a%2Bb', 'https://ex.org/s?q=a%2Bb'],
      // In a path `+` is only a plus.
      ['https://ex.org/a+b', 'https://ex.org/a+b'],
      // A name without `=` is a name with an empty value; empty pairs go.
      ['https://ex.org/s?b&a=&&', 'https://ex.org/s?a=&b='],
    ])('%s → %s', (input, expected) => {
      expect(normalizeUrl(input)).toBe(expected);
    });
  });

  it.each([
    'https://café.example/x',
    'https://CAFÉ.example/x',
    'https://xn--caf-dma.example/x',
    'https://XN--CAF-DMA.EXAMPLE/x',
    'http://www.café.example/x/',
  ])('%s is the punycode host', (input) => {
    expect(normalizeUrl(input)).toBe('https://xn--caf-dma.example/x');
  });

  it.each([
    // Specific names: dropped on any host.
    ['https://ex.org/a', 'WT.mc_id=abc&WT.tsrc=email&wt.x=1&utm%5Fsource=x&UTM_Campaign=x'],
    ['https://ex.org/a', '_ga=1&_gl=2&mc_cid=3&mc_eid=4&_hsenc=5&_hsmi=6&oly_enc_id=7'],
    ['https://ex.org/a', 'oly_anon_id=1&vero_id=2&__s=3&ck_subscriber_id=4&rb_clickid=5'],
    ['https://ex.org/a', 's_cid=6&igsh=1&mibextid=2&ttclid=3&triedRedirect=true'],
    // Spotify
    ['https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk', 'si=a1b2c3d4e5&nd=1'],
    ['https://open.spotify.com/track/1', 'context=spotify%3Aplaylist%3A37i9&si=x'],
    ['https://podcasters.spotify.com/pod/show/halfpastcapitalism', 'si=abc'],
    ['https://creators.spotify.com/pod/show/halfpastcapitalism/episodes/x-e2', 'si=abc'],
    // Google Docs and Drive (the file is the id in the path; see url.ts on resourcekey)
    ['https://docs.google.com/document/d/1AbC/edit', 'usp=sharing&ouid=1&rtpof=true&sd=true'],
    ['https://docs.google.com/document/d/1AbC/edit', 'tab=t.0&authuser=1#heading=h.x'],
    ['https://drive.google.com/file/d/0B1v/view', 'usp=sharing&resourcekey=0-nianCdaC'],
    // Substack, Twitter / X
    ['https://someone.substack.com/p/a-slug', 'r=2abc&s=w&utm_campaign=post&showWelcome=true'],
    ['https://x.com/user/status/123', 's=20&t=abcDEF'],
    ['https://twitter.com/user/status/123', 'ref_src=twsrc%5Etfw&ref_url=x'],
    // YouTube pages that are not videos, SoundCloud, Medium
    ['https://youtube.com/@channel', 'si=abc&feature=shared&pp=ygUF'],
    ['https://youtube.com/playlist?list=PL123', 'si=abc'],
    ['https://soundcloud.com/artist/track?in=artist/sets/x', 'si=abc'],
    ['https://medium.com/@a/title-123', 'source=rss----1'],
  ])('%s?…&%s drops the tracking', (page, tracking) => {
    const sep = page.includes('?') ? '&' : '?';
    expect(normalizeUrl(`${page}${sep}${tracking}`)).toBe(page);
  });

  it.each([
    ['https://open.spotify.com/intl-fr/episode/ID1', 'https://open.spotify.com/episode/ID1'],
    ['https://open.spotify.com/intl-pt/episode/ID1?si=x', 'https://open.spotify.com/episode/ID1'],
    ['https://open.spotify.com/INTL-ja/show/S1', 'https://open.spotify.com/show/S1'],
    ['https://open.spotify.com/intl-fr', 'https://open.spotify.com'],
    // One Google document, whatever view of it.
    ['https://docs.google.com/document/d/D1', 'https://docs.google.com/document/d/D1/edit'],
    ['https://docs.google.com/document/d/D1/view', 'https://docs.google.com/document/d/D1/edit'],
    [
      'https://docs.google.com/document/u/1/d/D1/preview',
      'https://docs.google.com/document/d/D1/edit',
    ],
    ['https://drive.google.com/file/d/F1', 'https://drive.google.com/file/d/F1/view'],
    ['https://drive.google.com/file/u/0/d/F1/edit', 'https://drive.google.com/file/d/F1/view'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it.each([
    // Generic names stay on every other host: there they may be the page.
    'https://ex.org/a?si=1',
    'https://ex.org/a?r=1&s=2',
    'https://ex.org/a?resourcekey=2&usp=1',
    'https://ex.org/a?context=x&nd=1&tab=2',
    'https://notspotify.com/a?si=1',
    'https://ex.org/a?mc_page=2',
    // A name that only starts like a tracking one stays.
    'https://ex.org/a?utm=2&wtx=1',
    // Only Spotify's prefix, only on its host: `/fr/` on a site may be another page.
    'https://ex.org/fr/episode/ID1',
    'https://ex.org/intl-fr/episode/ID1',
    'https://open.spotify.com/episode/intl-fr',
    // A sheet of a spreadsheet; a published document, a form: other pages.
    'https://docs.google.com/spreadsheets/d/SH1/edit?gid=5',
    'https://docs.google.com/document/d/D1/pub',
    'https://docs.google.com/forms/d/F1/viewform',
  ])('keeps %s as it is', (url) => {
    expect(normalizeUrl(url)).toBe(url);
  });

  /** Pairs a person would call two different pages. */
  const DIFFERENT_PAGES: [string, string][] = [
    ['https://blog.example/?p=123', 'https://blog.example/?p=124'],
    ['https://blog.example/?p=123', 'https://blog.example/'],
    ['https://blog.example/?page_id=7', 'https://blog.example/?page_id=8'],
    ['https://blog.example/index.php?id=1', 'https://blog.example/index.php?id=2'],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ', 'https://youtube.com/watch?v=9bZkp7q19f0'],
    [
      'https://podcasts.apple.com/us/podcast/id1?i=1001',
      'https://podcasts.apple.com/us/podcast/id1?i=1002',
    ],
    [
      'https://podcasts.apple.com/us/podcast/id1?i=1001',
      'https://podcasts.apple.com/us/podcast/id1',
    ],
    ['https://open.spotify.com/episode/A1', 'https://open.spotify.com/episode/A2'],
    ['https://open.spotify.com/episode/A1', 'https://open.spotify.com/show/A1'],
    ['https://docs.google.com/document/d/D1/edit', 'https://docs.google.com/document/d/D2/edit'],
    ['https://docs.google.com/document/d/D1/edit', 'https://docs.google.com/document/d/D1/pub'],
    ['https://drive.google.com/file/d/F1/view', 'https://drive.google.com/file/d/F2/view'],
    ['https://drive.google.com/open?id=F1', 'https://drive.google.com/open?id=F2'],
    ['https://a.substack.com/p/one', 'https://b.substack.com/p/one'],
    ['https://ex.org/a%2Fb', 'https://ex.org/a/b'],
    ['https://ex.org/a%3Fb', 'https://ex.org/a?b'],
    ['https://ex.org/s?q=a%26b', 'https://ex.org/s?q=a&b'],
    ['https://ex.org/s?q=a%2Bb', 'https://ex.org/s?q=a+b'],
    ['https://ex.org/Case', 'https://ex.org/case'],
    ['https://ex.org/fr/about', 'https://ex.org/about'],
    ['https://ex.org/a?si=1', 'https://ex.org/a?si=2'],
    ['https://café.example/x', 'https://cafe.example/x'],
  ];
  it.each(DIFFERENT_PAGES)('%s and %s stay apart', (a, b) => {
    expect(normalizeUrl(a)).not.toBe(normalizeUrl(b));
  });

  // Real-world forms of Session 6’s readings. Each row: the canonical form, then forms seen
  // in the wild (shared, mailed, localised, re-opened).
  it.each([
    [
      'https://grocer.coop/articles/civil-power-and-partner-state',
      'https://www.grocer.coop/articles/civil-power-and-partner-state?utm_source=newsletter&utm_medium=email&mc_cid=1a2b&mc_eid=3c4d',
      'https://grocer.coop/articles/civil-power-and-partner-state/#comments',
      'http://grocer.coop/articles/civil%2Dpower%2Dand%2Dpartner%2Dstate',
    ],
    [
      'https://communitypsychology.com/resisting-state-sanctioned-violence',
      'https://communitypsychology.com/resisting-state-sanctioned-violence/?fbclid=IwAR0abc',
      'https://www.communitypsychology.com/resisting-state-sanctioned-violence?_gl=1*abc*_ga*MTIz',
    ],
    [
      'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
      'https://podcasters.spotify.com/pod/show/halfpastcapitalism/',
      'https://podcasters.spotify.com/pod/show/halfpastcapitalism?si=0f1e2d3c4b5a',
    ],
    [
      'https://anchor.fm/halfpastcapitalism/episodes/Ep-12-e1abcde',
      'https://anchor.fm/halfpastcapitalism/episodes/Ep-12-e1abcde?utm_source=twitter',
      'https://anchor.fm/halfpastcapitalism/episodes/Ep-12-e1abcde/',
    ],
    [
      'https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk',
      'https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=1a2b3c4d5e6f4a7b',
      'https://open.spotify.com/intl-fr/episode/4rOoJ6Egrf8K2IrywzwOMk',
      'https://open.spotify.com/intl-pt/episode/4rOoJ6Egrf8K2IrywzwOMk?si=x&nd=1&dl_branch=1',
    ],
    [
      'https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/edit',
      'https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/edit?usp=sharing',
      'https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/edit?tab=t.0',
      'https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/view?usp=drive_link',
      'https://docs.google.com/document/d/1a2B3c4D5e6F7g8H9i0J/',
    ],
    [
      'https://drive.google.com/file/d/1ZyXwVuTsRqP/view',
      'https://drive.google.com/file/d/1ZyXwVuTsRqP/view?usp=drive_link',
      'https://drive.google.com/file/d/1ZyXwVuTsRqP/view?usp=sharing&resourcekey=0-abcDEF',
      'https://drive.google.com/file/d/1ZyXwVuTsRqP',
    ],
    [
      'https://someone.substack.com/p/some-slug',
      'https://someone.substack.com/p/some-slug?r=abc&utm_campaign=post',
      'https://someone.substack.com/p/some-slug?utm_source=substack&utm_medium=email&r=2x',
      'https://SOMEONE.substack.com/p/some-slug/',
    ],
    [
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGh',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&pp=ygUF&feature=youtu.be',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m2s',
    ],
  ])('every form of %s is it', (expected, ...forms) => {
    for (const form of forms) expect(normalizeUrl(form), form).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'ftp://ex.org/a',
    'not a url',
    '',
    'chrome://extensions',
  ])('refuses %j', (input) => {
    expect(normalizeUrl(input)).toBeNull();
  });

  it('changes nothing when applied twice (property)', () => {
    const query = fc.array(
      fc.tuple(
        fc.constantFrom('a', 'b', 'utm_source', 'fbclid', 'v', 'q', 'T'),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 4 },
    );
    const url = fc
      .tuple(
        fc.constantFrom('http', 'https', 'HTTP'),
        fc.constantFrom('', 'www.', 'WWW.', 'www.www.', 'm.'),
        fc.constantFrom('example.org', 'grocer.coop', 'youtube.com', 'youtu.be', 'Ex.ORG.'),
        fc.constantFrom('', ':80', ':443', ':8080'),
        fc.webPath(),
        query,
        fc.option(fc.string({ maxLength: 5 })),
      )
      .map(([scheme, www, host, port, path, q, frag]) => {
        const search = q.length ? `?${new URLSearchParams(q).toString()}` : '';
        return `${scheme}://${www}${host}${port}${path}${search}${frag === null ? '' : `#${frag}`}`;
      });
    fc.assert(
      fc.property(
        fc.oneof(url, fc.webUrl({ withQueryParameters: true, withFragments: true })),
        (u) => {
          const once = normalizeUrl(u);
          fc.pre(once !== null);
          expect(normalizeUrl(once)).toBe(once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  /** Hosts with rules of their own, and a generic one. */
  const HOSTS = String.raw`example.org open.spotify.com podcasters.spotify.com docs.google.com
    drive.google.com someone.substack.com x.com soundcloud.com podcasts.apple.com café.example
    xn--caf-dma.example`.split(/\s+/);

  it('changes nothing when applied twice, whatever the escapes (property)', () => {
    // Pieces that exercise the escape rules: unreserved and reserved escapes in either case,
    // a lone `%`, raw characters a URI may not hold, non-ASCII, `+`, and host path forms.
    const piece = fc.constantFrom(
      ...String.raw`a Z / %2f %2F %7e %41 %25 % %% %4 %c3%a9 é + ' [ { | ^ = & ? %3d %26 %2b`.split(
        ' ',
      ),
      ...[' ', 'intl-fr/', 'd/', 'edit', 'view', '.'],
    );
    const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    const url = fc
      .tuple(
        fc.constantFrom(...HOSTS),
        fc.constantFrom('/', '/intl-fr/', '/document/d/', '/file/d/', '/p/'),
        text,
        fc.array(
          fc.tuple(fc.constantFrom('si', 'r', 'usp', 'p', 'i', 'utm_x', 'WT.z', 'q'), text),
          { maxLength: 4 },
        ),
      )
      .map(([host, base, path, q]) => {
        const search = q.map(([k, v]) => `${k}=${v}`).join('&');
        return `https://${host}${base}${path}${search ? `?${search}` : ''}`;
      });
    fc.assert(
      fc.property(url, (u) => {
        const once = normalizeUrl(u);
        fc.pre(once !== null);
        expect(normalizeUrl(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('never merges two addresses that differ in a page-identifying way (property)', () => {
    // What names a page: a path segment, a value of a parameter that is the page on some site
    // (WordPress `p`/`page_id`, `id`, Apple's `i`, `v`, `list`, `q`, `page`), whether such a
    // parameter is there at all, and an escaped `/` against a real one.
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_-]{1,8}$/)
      .filter((s) => !/^(?:edit|view|preview|mobilebasic|intl-.*)$/i.test(s));
    const name = fc.constantFrom('p', 'page_id', 'id', 'i', 'v', 'list', 'q', 'page');
    const value = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
    const base = fc.tuple(
      fc.constantFrom(...HOSTS),
      fc.constantFrom('', '/document/d/D1', '/file/d/F1', '/p/slug', '/episode/E1'),
    );
    type Pair = [a: string, b: string, differ: boolean];
    const at = ([host, path]: [string, string], rest: string) => `https://${host}${path}${rest}`;
    const pair = fc.oneof(
      fc
        .tuple(base, segment, segment)
        .map(([hb, s1, s2]): Pair => [at(hb, `/${s1}`), at(hb, `/${s2}`), s1 !== s2]),
      fc
        .tuple(base, name, value, value)
        .map(([hb, n, v1, v2]): Pair => [at(hb, `?${n}=${v1}`), at(hb, `?${n}=${v2}`), v1 !== v2]),
      fc
        .tuple(base, name, value)
        .map(([hb, n, v]): Pair => [at(hb, `/x?${n}=${v}`), at(hb, '/x'), true]),
      fc
        .tuple(base, segment, segment)
        .map(([hb, s1, s2]): Pair => [at(hb, `/${s1}%2F${s2}`), at(hb, `/${s1}/${s2}`), true]),
    );
    fc.assert(
      fc.property(pair, ([a, b, differ]) => {
        fc.pre(differ);
        expect(normalizeUrl(a)).not.toBe(normalizeUrl(b));
      }),
      { numRuns: 3000 },
    );
  });
});
