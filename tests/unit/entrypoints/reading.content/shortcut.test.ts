import { describe, expect, it } from 'vitest';
import { matchesShortcut, parseShortcut } from '../../../../entrypoints/reading.content/shortcut';

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
