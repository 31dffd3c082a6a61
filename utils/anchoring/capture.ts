/**
 * A quote as taken from the page: the W3C `TextQuoteSelector` (exact text and its context)
 * and `TextPositionSelector` (where it lies, in code points) of a DOM range over the page's
 * text ({@link PageText}). Runs in the reading script: no fuzzy matching here.
 */
import { codePoints, splitsPair } from '../protocol/code-points';
import { LIMITS, QUOTE_CONTEXT_KEPT } from '../protocol/limits';
import type { Quote } from '../protocol/records';
import { offsetAt, type PageText } from './page-text';

/**
 * The quote `range` selects in `page`, taken from the page at address `source`, or null when
 * it selects no text. Spaces at either end are left out; a passage longer than
 * `LIMITS.quote` is cut (never inside a surrogate pair); the prefix and suffix are the
 * {@link QUOTE_CONTEXT_KEPT} characters of the page's text around it.
 */
export function quoteOfRange(page: PageText, range: Range, source: string): Quote | null {
  const { text } = page;
  let start = offsetAt(page, range.startContainer, range.startOffset);
  let end = offsetAt(page, range.endContainer, range.endOffset);
  if (splitsPair(text, start)) start++;
  while (start < end && text.charCodeAt(start) === 32) start++;
  if (end > start + LIMITS.quote) end = start + LIMITS.quote;
  if (splitsPair(text, end)) end--;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  if (end <= start) return null;
  let from = Math.max(0, start - QUOTE_CONTEXT_KEPT);
  if (splitsPair(text, from)) from++;
  let to = Math.min(text.length, end + QUOTE_CONTEXT_KEPT);
  if (splitsPair(text, to)) to--;
  const startPoint = codePoints(text, start);
  return {
    exact: text.slice(start, end),
    prefix: text.slice(from, start),
    suffix: text.slice(end, to),
    position: { start: startPoint, end: startPoint + codePoints(text.slice(start, end)) },
    source,
  };
}
