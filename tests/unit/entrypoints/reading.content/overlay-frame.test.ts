import { describe, expect, it } from 'vitest';
import {
  createOverlayFrame,
  MAX_REMOUNTS,
} from '../../../../entrypoints/reading.content/overlay-frame';
import {
  reportedAddress,
  reportedTitle,
} from '../../../../entrypoints/reading.content/page-capture';
import { LIMITS } from '../../../../utils/protocol/limits';

/** Let MutationObserver callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const hosts = () =>
  [...document.documentElement.children].filter(
    (el) => el !== document.head && el !== document.body,
  );

describe('the overlay frame’s host', () => {
  it('is a built-in element, never one a page could define', () => {
    const frame = createOverlayFrame('chrome-extension://x/overlay.html#t');
    expect(hosts().map((h) => h.tagName)).toEqual(['DIV']);
    expect(hosts()[0]!.shadowRoot).toBeNull(); // closed
    frame.remove();
    expect(hosts()).toEqual([]);
  });

  it(`comes back when the page removes it, ${MAX_REMOUNTS} times, then stays away`, async () => {
    const frame = createOverlayFrame('chrome-extension://x/overlay.html#t');
    let back = 0;
    for (let i = 0; i < MAX_REMOUNTS + 3; i++) {
      const host = hosts()[0];
      if (!host) break;
      host.remove();
      await settle();
      if (hosts().length === 1) back++;
    }
    expect(back).toBe(MAX_REMOUNTS);
    expect(hosts()).toEqual([]);
    frame.remove();
  });
});

describe('what the reading content script reports', () => {
  it('clamps a huge title and drops the fragment of the address', () => {
    expect(reportedTitle(`  A\n  title ${'x'.repeat(5000)}`)).toHaveLength(LIMITS.pageTitle);
    expect(reportedTitle('  A\n  title ')).toBe('A title');
    expect(reportedAddress('https://a.example/p?q=1#part-2')).toBe('https://a.example/p?q=1');
    expect(reportedAddress(`https://a.example/${'p'.repeat(9000)}`)).toHaveLength(LIMITS.url);
  });
});
