import { describe, expect, it } from 'vitest';
import {
  classify,
  sameReading,
  type CheckEnd,
  type Hop,
} from '../../../../entrypoints/options/link-status';

const START = 'https://ex.org/reading';

describe('classify', () => {
  it.each<[string, Hop[], CheckEnd, object]>([
    ['200', [{ url: START, status: 200 }], 'response', { status: 'works', httpStatus: 200 }],
    ['204', [{ url: START, status: 204 }], 'response', { status: 'works', httpStatus: 204 }],
    [
      '301 to the same page with a slash',
      [
        { url: START, status: 301 },
        { url: `${START}/`, status: 200 },
      ],
      'response',
      { status: 'redirected', finalUrl: `${START}/`, httpStatus: 200 },
    ],
    [
      'http → https → www',
      [
        { url: 'http://ex.org/reading', status: 301 },
        { url: START, status: 301 },
        { url: 'https://www.ex.org/reading', status: 200 },
      ],
      'response',
      { status: 'redirected' },
    ],
    [
      'a redirect to the home page',
      [
        { url: START, status: 302 },
        { url: 'https://ex.org/', status: 200 },
      ],
      'response',
      { status: 'moved', finalUrl: 'https://ex.org/' },
    ],
    [
      'a redirect to another host',
      [
        { url: START, status: 301 },
        { url: 'https://elsewhere.org/reading', status: 200 },
      ],
      'response',
      { status: 'moved' },
    ],
    [
      'a browser-hidden redirect (status unknown) to the same page',
      [
        { url: START, status: null },
        { url: `${START}/index.html`, status: 200 },
      ],
      'response',
      { status: 'redirected' },
    ],
    [
      '404 after a redirect',
      [
        { url: START, status: 301 },
        { url: 'https://elsewhere.org/x', status: 404 },
      ],
      'response',
      { status: 'not_found', finalUrl: 'https://elsewhere.org/x', httpStatus: 404 },
    ],
    ['404', [{ url: START, status: 404 }], 'response', { status: 'not_found' }],
    ['410', [{ url: START, status: 410 }], 'response', { status: 'not_found' }],
    ['403', [{ url: START, status: 403 }], 'response', { status: 'refused', httpStatus: 403 }],
    ['401', [{ url: START, status: 401 }], 'response', { status: 'refused' }],
    ['429', [{ url: START, status: 429 }], 'response', { status: 'refused' }],
    ['500', [{ url: START, status: 500 }], 'response', { status: 'server_error' }],
    ['503', [{ url: START, status: 503 }], 'response', { status: 'server_error' }],
    [
      'a 3xx without Location',
      [{ url: START, status: 302 }],
      'response',
      { status: 'unreachable', detail: 'bad_redirect', httpStatus: 302 },
    ],
    [
      'a 1xx',
      [{ url: START, status: 101 }],
      'response',
      { status: 'unreachable', detail: 'unexpected_status' },
    ],
    [
      'no status at all',
      [{ url: START, status: null }],
      'response',
      { status: 'unreachable', detail: 'unexpected_status', httpStatus: null },
    ],
    [
      'a timeout',
      [{ url: START, status: null }],
      'timeout',
      { status: 'timed_out', finalUrl: START, httpStatus: null },
    ],
    ['a cancel', [{ url: START, status: null }], 'cancelled', { status: 'cancelled' }],
    [
      'a network error after a redirect',
      [
        { url: START, status: 301 },
        { url: 'https://gone.example/', status: null },
      ],
      'network_error',
      {
        status: 'unreachable',
        detail: 'network_error',
        finalUrl: 'https://gone.example/',
        httpStatus: null,
      },
    ],
    [
      'a redirect loop',
      [
        { url: START, status: 302 },
        { url: `${START}-b`, status: 302 },
      ],
      'redirect_loop',
      { status: 'redirect_loop', httpStatus: 302 },
    ],
    [
      // Classified by what happened, not by how fast: a loop already in the hops stays a loop
      // when the clock runs out before the check noticed it.
      'a timeout after the chain came back to an address',
      [
        { url: START, status: 302 },
        { url: `${START}-b`, status: 302 },
        { url: START, status: null },
      ],
      'timeout',
      { status: 'redirect_loop', httpStatus: 302 },
    ],
    [
      'too many redirects',
      [{ url: START, status: 301 }],
      'too_many_redirects',
      { status: 'unreachable', detail: 'too_many_redirects' },
    ],
    [
      'an invalid address',
      [],
      'invalid_url',
      { status: 'unreachable', detail: 'invalid_url', finalUrl: null },
    ],
  ])('%s', (_, hops, end, expected) => {
    expect(classify(START, hops, end)).toMatchObject(expected);
  });

  it('gives a detail only to unreachable links', () => {
    expect(classify(START, [{ url: START, status: 200 }], 'response')).not.toHaveProperty('detail');
  });
});

describe('sameReading', () => {
  it.each([
    ['https://ex.org/a', 'https://ex.org/a/', true],
    ['http://ex.org/a', 'https://www.ex.org/a', true],
    ['https://ex.org/A/B', 'https://ex.org/a/b', true],
    ['https://ex.org/a', 'https://ex.org/a/index.html', true],
    ['https://ex.org/a/index.php', 'https://ex.org/a/', true],
    ['https://ex.org/a?id=5', 'https://ex.org/a?lang=en&id=5', true],
    ['https://ex.org/a?utm_source=x', 'https://ex.org/a', true],
    ['https://ex.org/a#top', 'https://ex.org/a', true],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1', true],
    ['https://ex.org/a', 'https://ex.org/', false],
    ['https://ex.org/a', 'https://ex.org/a/b', false],
    ['https://ex.org/a', 'https://ex.org/login?next=/a', false],
    ['https://ex.org/a?id=5', 'https://ex.org/a?id=6', false],
    ['https://ex.org/a?id=5', 'https://ex.org/a', false],
    ['https://ex.org/a', 'https://ex.com/a', false],
    ['https://ex.org/a', 'https://ex.org:8443/a', false],
    ['https://ex.org/a', 'not a url', false],
  ])('%s → %s: %s', (start, final, same) => {
    expect(sameReading(start, final)).toBe(same);
  });
});
