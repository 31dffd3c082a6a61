import { describe, expect, it, vi } from 'vitest';
import { readingStatus } from '../../components/reading-status';
import { countWords } from '../../entrypoints/overlay/ReflectionEditor';
import { highlight } from '../../entrypoints/popup/ReflectionSearch';
import { capturedQuote, mediaTime } from '../../entrypoints/reading.content/page-capture';
import { matchesShortcut, parseShortcut } from '../../entrypoints/reading.content/shortcut';
import {
  createDraftRelay,
  reflectionMatches as matches,
} from '../../entrypoints/background/router';
import type { Progress, Reflection } from '../../utils/protocol/records';
import { formatMediaTime } from '../../utils/i18n';

describe('readingStatus', () => {
  const p = (over: Partial<Progress>): Progress => ({
    key: 'k',
    courseId: 'c',
    sessionId: 's',
    resourceId: 'r',
    firstOpenedAt: null,
    lastOpenedAt: null,
    doneAt: null,
    ...over,
  });
  it.each([
    [null, 'not_started'],
    [p({}), 'not_started'],
    [p({ firstOpenedAt: '2026-11-28T10:00:00Z' }), 'in_progress'],
    [p({ firstOpenedAt: '2026-11-28T10:00:00Z', doneAt: '2026-11-28T11:00:00Z' }), 'done'],
  ])('%o is %s', (progress, status) => {
    expect(readingStatus(progress)).toBe(status);
  });
});

describe('shortcuts', () => {
  const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);
  it.each([
    ['Ctrl+Shift+Y', { code: 'KeyY', ctrlKey: true, shiftKey: true }, true],
    ['Ctrl+Shift+Y', { code: 'KeyY', ctrlKey: true }, false],
    ['Ctrl+Shift+Y', { code: 'KeyY', ctrlKey: true, shiftKey: true, altKey: true }, false],
    ['Ctrl+Shift+9', { code: 'Digit9', ctrlKey: true, shiftKey: true }, true],
    ['⇧⌘Y', { code: 'KeyY', metaKey: true, shiftKey: true }, true],
    ['Alt+Shift+Period', { code: 'Period', altKey: true, shiftKey: true }, true],
  ])('%s matches %o: %s', (text, init, expected) => {
    const sc = parseShortcut(text);
    expect(sc).not.toBeNull();
    expect(matchesShortcut(key(init), sc!)).toBe(expected);
  });
  it.each(['', null, undefined, 'Ctrl+Shift', 'Ctrl+Banana'])('%j is no shortcut', (text) => {
    expect(parseShortcut(text)).toBeNull();
  });
});

describe('page capture', () => {
  it('quotes the selection with context, or nothing when nothing is selected', () => {
    document.body.innerHTML =
      '<p id="p">The social economy needs   a partner state that enables.</p>';
    expect(capturedQuote()).toBeNull();
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

describe('word count and search', () => {
  it.each([
    ['', 0],
    ['  ', 0],
    ['The State as a partner, not a replacement.', 8],
    ['L’État partenaire : une idée.', 4],
  ])('%j has %i words', (text, n) => {
    expect(countWords(text, 'fr')).toBe(n);
  });

  const r = (text: string, quote: string | null = null) =>
    ({ text, quote: quote ? { exact: quote, prefix: '', suffix: '' } : null }) as Reflection;
  it('matches text and quote, ignoring case', () => {
    expect(matches(r('About the STATE'), 'state')).toBe(true);
    expect(matches(r('nothing', 'a partner state'), 'Partner')).toBe(true);
    expect(matches(r('nothing'), 'state')).toBe(false);
    expect(matches(r('anything'), '  ')).toBe(true);
  });
  it('marks every match', () => {
    const parts = highlight('State and state', 'state');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe(' and ');
    expect(highlight('text', '')).toEqual(['text']);
  });
});

describe('draft relay', () => {
  const post = (seq: number, request: object) => ({ seq, request });

  it('writes only the latest draft once typing pauses, and at once when the port closes', async () => {
    vi.useFakeTimers();
    const handle = vi.fn(async () => ({ ok: true as const, savedAt: 'now' }));
    const acks: unknown[] = [];
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 300);
    void relay.message(post(1, { type: 'draft:save', text: 'a' }));
    void relay.message(post(2, { type: 'draft:save', text: 'ab' }));
    expect(handle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenLastCalledWith({ type: 'draft:save', text: 'ab' }, {});
    void relay.message(post(3, { type: 'draft:save', text: 'abc' }));
    await relay.disconnect();
    expect(handle).toHaveBeenLastCalledWith({ type: 'draft:save', text: 'abc' }, {});
    // Each write answers the number of the post it wrote (2 covers 1).
    expect(acks).toEqual([
      { seq: 2, ok: true },
      { seq: 3, ok: true },
    ]);
    vi.useRealTimers();
  });

  it('writes a clear at once, after the save before it, and reports failures', async () => {
    const order: string[] = [];
    const acks: unknown[] = [];
    const handle = vi.fn(async (m: unknown) => {
      order.push((m as { type: string }).type);
      return { ok: false as const, error: { code: 'db_quota' as const } };
    });
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 10_000);
    void relay.message(post(1, { type: 'draft:save', text: 'x' }));
    await relay.message(post(2, { type: 'draft:clear' }));
    expect(order).toEqual(['draft:clear']); // the pending save was replaced, not written
    expect(acks).toEqual([{ seq: 2, ok: false, error: { code: 'db_quota' } }]);
  });

  it('refuses a post without its number, and writes nothing', async () => {
    const handle = vi.fn(async () => ({ ok: true as const, savedAt: 'now' }));
    const acks: unknown[] = [];
    const relay = createDraftRelay(handle, {}, (ack) => acks.push(ack), 10);
    await relay.message({ type: 'draft:save', text: 'x' });
    await relay.disconnect();
    expect(handle).not.toHaveBeenCalled();
    expect(acks).toMatchObject([{ seq: -1, ok: false, error: { code: 'invalid_request' } }]);
  });
});
