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
});
