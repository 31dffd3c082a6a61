import { describe, expect, it } from 'vitest';
import { capturedQuote, mediaTime } from '../../../../entrypoints/reading.content/page-capture';
import { formatMediaTime } from '../../../../utils/i18n';

describe('page capture', () => {
  it('quotes the selection with context and position, or nothing when nothing is selected', () => {
    document.body.innerHTML =
      '<p id="p">The social economy needs   a partner state that enables.</p>';
    expect(capturedQuote()).toBeNull();
    getSelection()!.collapse(document.getElementById('p')!.firstChild, 3);
    expect(capturedQuote()).toBeNull();
    getSelection()!.removeAllRanges();
    const text = document.getElementById('p')!.firstChild!;
    const start = text.textContent!.indexOf('a partner');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + 'a partner state'.length);
    getSelection()!.addRange(range);
    expect(capturedQuote()).toEqual({
      exact: 'a partner state',
      prefix: 'The social economy needs ',
      suffix: ' that enables.',
      position: { start: 25, end: 40 },
      source: 'http://localhost:3000/',
    });
  });

  it('reads the time of a playing or started medium', () => {
    document.body.innerHTML = '<video></video><audio></audio>';
    expect(mediaTime()).toBeNull();
    const audio = document.querySelector('audio')!;
    Object.defineProperty(audio, 'currentTime', { value: 754.8 });
    expect(mediaTime()).toBe(754);
  });

  it.each([
    [0, '0:00'],
    [75, '1:15'],
    [754.9, '12:34'],
    [3723, '1:02:03'],
  ])('formats %f s as %s', (s, text) => {
    expect(formatMediaTime(s)).toBe(text);
  });
});
