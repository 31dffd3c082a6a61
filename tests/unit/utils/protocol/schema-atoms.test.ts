import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../utils/protocol/limits';
import { isIsoTime, learnerLinkOf } from '../../../../utils/protocol/schema-atoms';

describe('isIsoTime', () => {
  it.each([
    ['2026-11-28T14:05:00.000Z', true],
    ['2026-11-28T14:05:00Z', false],
    ['2026-11-28T14:05:00.000+01:00', false],
    ['2026-02-30T00:00:00.000Z', false],
    ['2026-11-28', false],
    ['yesterday', false],
  ])('%s → %s', (s, ok) => {
    expect(isIsoTime(s)).toBe(ok);
  });
});

describe('learnerLinkOf (what a learner may link, and the backup accepts)', () => {
  it.each([
    ['https://cles.org.uk/the-preston-model/', 'https://cles.org.uk/the-preston-model/'],
    ['https://cles.org.uk/p?x=1#part-2', 'https://cles.org.uk/p?x=1'],
    ['https://cles.org.uk/p#', 'https://cles.org.uk/p'],
    ['http://cles.org.uk/p', null],
    ['https://192.168.1.1/', null],
    ['https://[::1]/', null],
    ['https://0x7f.1/', null],
    ['https://printer.local/', null],
    ['https://intranet/', null],
    ['javascript:alert(1)', null],
    ['data:text/html,<p>', null],
    ['file:///home/a.pdf', null],
    ['not a url', null],
    [`https://a.org/${'a'.repeat(LIMITS.url)}`, null],
  ])('%s → %s', (url, expected) => {
    expect(learnerLinkOf(url)).toBe(expected);
  });

  it('lets loopback through only where the test build allows it', () => {
    expect(learnerLinkOf('https://127.0.0.1/a', { allowLoopback: true })).toBe(
      'https://127.0.0.1/a',
    );
    expect(learnerLinkOf('https://127.0.0.1/a')).toBeNull();
  });
});
