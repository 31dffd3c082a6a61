import { describe, expect, it } from 'vitest';
import { isHttpUrl, linkHost } from '../../../content/address';

describe('isHttpUrl', () => {
  it.each([
    ['https://grocer.coop/a', true],
    ['http://grocer.coop', true],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['/relative/path', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });
});

describe('linkHost', () => {
  it.each([
    ['https://www.grocer.coop/articles/x', 'grocer.coop'],
    ['https://podcasters.spotify.com/pod/show/x', 'podcasters.spotify.com'],
    ['https://café.example/x', 'xn--caf-dma.example'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(linkHost(url)).toBe(expected);
  });
});
