/**
 * Unicode code points, as the W3C `TextPositionSelector` counts a page's text, against the
 * UTF-16 code units JavaScript strings index by. Plain functions, no schema library: the
 * reading script (which takes a quote's position) and the request schemas both use them.
 */

const isHigh = (c: number) => c >= 0xd800 && c < 0xdc00;
const isLow = (c: number) => c >= 0xdc00 && c < 0xe000;

/**
 * How many Unicode code points `s` has before code unit `end` (all of `s` by default): a
 * surrogate pair counts once, a lone surrogate once.
 */
export function codePoints(s: string, end: number = s.length): number {
  const stop = Math.min(end, s.length);
  let n = stop;
  for (let i = 0; i < stop - 1; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}

/** True when code unit `i` of `s` is the second half of a surrogate pair (no boundary there). */
export function splitsPair(s: string, i: number): boolean {
  return i > 0 && i < s.length && isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1));
}
