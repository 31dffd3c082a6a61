import { describe, expect, it } from 'vitest';
import { patternCovers, patternHost, uncoveredPatterns } from '../../../content/companion-hosts';
import { HOST_PATTERN } from '../../../utils/protocol/limits';

describe('patternCovers', () => {
  it.each([
    ['https://cles.org.uk/*', 'cles.org.uk', true],
    ['https://cles.org.uk/*', 'www.cles.org.uk', false],
    ['https://*.cles.org.uk/*', 'www.cles.org.uk', true],
    ['https://*.cles.org.uk/*', 'cles.org.uk', true],
    ['https://*.org.uk/*', 'evilcles.org.uk', true],
    ['https://*.cles.org.uk/*', 'evilcles.org.uk', false],
    ['*://cles.org.uk/*', 'cles.org.uk', true],
    ['https://*/*', 'anything.example', true],
    ['<all_urls>', 'anything.example', true],
    ['http://cles.org.uk/*', 'cles.org.uk', false],
    ['https://cles.org.uk/the-preston-model/*', 'cles.org.uk', false],
    ['nonsense', 'cles.org.uk', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(patternCovers(pattern, host)).toBe(expected);
  });
});

describe('uncoveredPatterns', () => {
  const built = ['https://grocer.coop/*', 'https://www.grocer.coop/*'];

  it('asks for the hosts of links no pattern covers, with www. for a bare domain', () => {
    expect(
      uncoveredPatterns(
        [
          'https://www.grocer.coop/articles/civil-power-and-partner-state',
          'https://cles.org.uk/the-preston-model/',
          'https://electionsanddemocracy.ca/which-election/three-levels-government-video-transcript',
          'https://podcast.example.org/ep/1',
          null,
        ],
        built,
      ),
    ).toEqual([
      'https://cles.org.uk/*',
      'https://electionsanddemocracy.ca/*',
      'https://www.electionsanddemocracy.ca/*',
      'https://podcast.example.org/*',
    ]);
  });

  it('asks nothing for hosts already covered, granted or wildcarded', () => {
    expect(
      uncoveredPatterns(['https://cles.org.uk/a'], [...built, 'https://cles.org.uk/*']),
    ).toEqual([]);
    expect(uncoveredPatterns(['https://a.example/x'], ['https://*/*'])).toEqual([]);
  });

  it('never asks for plain http, local or malformed links', () => {
    expect(
      uncoveredPatterns(
        [
          'http://cles.org.uk/the-preston-model/',
          'https://127.0.0.1/x',
          'https://192.168.0.1/admin',
          'https://localhost/x',
          'https://printer.local/x',
          'javascript:alert(1)',
          'not a url',
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('gives IDN hosts in their xn-- form, which is what the browser grants', () => {
    expect(uncoveredPatterns(['https://café.example/lecture'], [])).toEqual([
      'https://xn--caf-dma.example/*',
      'https://www.xn--caf-dma.example/*',
    ]);
  });

  it('only ever gives patterns of one host, which the host pattern accepts', () => {
    const out = uncoveredPatterns(
      ['https://a.example/x', 'https://sub.b.example/y', 'https://youtu.be/dQw4w9WgXcQ'],
      [],
    );
    expect(out.length).toBeGreaterThan(0);
    for (const p of out) expect(p).toMatch(HOST_PATTERN);
    expect(out.map(patternHost)).toContain('sub.b.example');
  });
});

describe('HOST_PATTERN', () => {
  it.each([
    'https://*/*',
    'https://*.example.org/*',
    'http://example.org/*',
    'https://example.org/path/*',
    'https://example.org:8443/*',
    'https://localhost/*',
    'https://EXAMPLE.org/*',
    '<all_urls>',
    `https://${'a'.repeat(64)}.org/*`,
  ])('refuses %s', (p) => {
    expect(HOST_PATTERN.test(p)).toBe(false);
  });
});
