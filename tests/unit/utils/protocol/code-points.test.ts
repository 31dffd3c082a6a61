import { describe, expect, it } from 'vitest';
import { codePoints, splitsPair } from '../../../../utils/protocol/code-points';

describe('code points', () => {
  it('counts a surrogate pair once, a lone surrogate once, up to an offset', () => {
    expect(codePoints('abc')).toBe(3);
    expect(codePoints('a😀b')).toBe(3);
    expect(codePoints('😀😀', 2)).toBe(1);
    expect(codePoints('😀😀', 3)).toBe(2); // the cut pair's first half
    expect(codePoints('\ud800x\udc00')).toBe(3);
    expect(codePoints('ab', 10)).toBe(2);
  });

  it('tells a boundary inside a surrogate pair', () => {
    expect([0, 1, 2, 3].map((i) => splitsPair('a😀', i))).toEqual([false, false, true, false]);
    expect(splitsPair('x\udc00', 1)).toBe(false);
  });
});
