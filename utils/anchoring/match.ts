/**
 * Finding a quote again in the page's text: where it was (its `TextPositionSelector`), else
 * where its exact text is (its `TextQuoteSelector`, the context telling repeats apart), else
 * where a slightly edited copy of it is. Runs in the quote script only: the fuzzy search
 * library never ships in the reading script.
 *
 * The order and the idea of scoring candidates by their context and nearness to where the
 * quote was follow the Hypothesis client's `match-quote.ts` (BSD-2-Clause, Hypothes.is
 * Project and contributors); the approximate search is theirs too, `approx-string-match`.
 */
import search from 'approx-string-match';
import { LIMITS } from '../protocol/limits';
import type { Quote } from '../protocol/records';

/** Where a quote was found in the page's text (code units), and by which selector. */
export interface Found {
  start: number;
  end: number;
  /** `position`: where it was; `exact`: its text, elsewhere; `fuzzy`: an edited copy. */
  how: 'position' | 'exact' | 'fuzzy';
}

/** What finding a quote needs of it. */
export type QuoteSelectors = Pick<Quote, 'exact' | 'prefix' | 'suffix' | 'position'>;

/** Exact occurrences weighed at most: a quote found more often is told apart among these. */
const OCCURRENCES_MAX = 1_000;

/**
 * Errors a fuzzy match may have: a quarter of the quote's length (a sentence with a word
 * changed still matches, a different sentence does not), at most 256 (the search's cost
 * grows with it). A quote shorter than {@link FUZZY_LENGTH_MIN} is never matched with errors.
 */
const ERRORS_MAX = 256;
const FUZZY_LENGTH_MIN = 4;

/**
 * A quote shorter than this (a few words) matches with errors only where its context agrees
 * too ({@link CONTEXT_AGREEMENT_MIN} characters next to it): a short string with one error
 * turns up anywhere in a long page.
 */
const SHORT_QUOTE = 32;
const CONTEXT_AGREEMENT_MIN = 8;

/**
 * Characters searched on each side of where the quote was before the whole text is: an
 * edited quote is most likely still near its place, and a window is far cheaper to search.
 */
const WINDOW = 4_096;

const isHigh = (c: number) => c >= 0xd800 && c < 0xdc00;
const isLow = (c: number) => c >= 0xdc00 && c < 0xe000;

/**
 * A converter from code-point offsets (a `TextPositionSelector`'s) to code-unit offsets in
 * `text`: the identity when `text` has no surrogate pairs, else a binary search over them.
 * Build it once per text.
 */
export function codePointIndex(text: string): (codePoint: number) => number {
  if (!/[\ud800-\udbff][\udc00-\udfff]/.test(text)) return (codePoint) => codePoint;
  // The code-point offset of each surrogate pair, in order.
  const pairs: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      pairs.push(i - pairs.length);
      i++;
    }
  }
  return (codePoint) => {
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((pairs[mid] ?? Infinity) < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  };
}

/** How many characters of `prefix` end just before `start` and of `suffix` begin at `end`. */
function contextAgreement(text: string, start: number, end: number, q: QuoteSelectors): number {
  let n = 0;
  const { prefix, suffix } = q;
  while (n < prefix.length && text[start - 1 - n] === prefix[prefix.length - 1 - n]) n++;
  let m = 0;
  while (m < suffix.length && text[end + m] === suffix[m]) m++;
  return n + m;
}

interface Candidate {
  start: number;
  end: number;
  errors: number;
  agreement: number;
  distance: number;
}

/** The better of two candidates: fewer errors, then more context agreeing, then nearer. */
const better = (a: Candidate, b: Candidate): boolean =>
  a.errors !== b.errors
    ? a.errors < b.errors
    : a.agreement !== b.agreement
      ? a.agreement > b.agreement
      : a.distance < b.distance;

/** The errors a fuzzy match of `exact` may have (0: none, match exactly only). */
function errorsAllowed(exact: string): number {
  return exact.length < FUZZY_LENGTH_MIN
    ? 0
    : Math.min(ERRORS_MAX, Math.max(1, Math.floor(exact.length / 4)));
}

/** The best fuzzy match of the quote in `text.slice(from, to)`, or null. */
function fuzzyIn(
  text: string,
  from: number,
  to: number,
  q: QuoteSelectors,
  hint: number,
): Candidate | null {
  const { exact } = q;
  const errors = errorsAllowed(exact);
  if (to - from < exact.length - errors) return null;
  let best: Candidate | null = null;
  for (const m of search(text.slice(from, to), exact, errors)) {
    let start = from + m.start;
    let end = from + m.end;
    // A match may take in a space at either end: the quote never starts or ends with one.
    while (start < end && text.charCodeAt(start) === 32) start++;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    if (end <= start) continue;
    const candidate = {
      start,
      end,
      errors: m.errors,
      agreement: contextAgreement(text, start, end, q),
      distance: Math.abs(start - hint),
    };
    if (exact.length < SHORT_QUOTE && candidate.agreement < CONTEXT_AGREEMENT_MIN) continue;
    if (!best || better(candidate, best)) best = candidate;
  }
  return best;
}

/**
 * Finds a quote in `text` (the page's text, `PageText.text`) and returns where, in code
 * units, or null when it is not there. In order: (1) at its position, when the text there is
 * exactly the quote; (2) its exact text elsewhere, the occurrence whose surroundings agree
 * most with the quote's prefix and suffix, then the nearest to the position; (3) a copy with
 * at most {@link errorsAllowed} edits, searched near the position first, then in the whole
 * text, the one with fewest errors, then most context agreeing, then nearest. A short quote
 * (under 32 characters) matches with edits only where 8 characters of its context agree.
 *
 * `toUnits` converts the quote's code-point position to code units; pass the one
 * {@link codePointIndex} built for `text` when finding many quotes.
 */
export function findQuote(
  text: string,
  quote: QuoteSelectors,
  toUnits: (codePoint: number) => number = codePointIndex(text),
): Found | null {
  const { exact } = quote;
  if (exact.length === 0 || exact.length > LIMITS.quote || text.length === 0) return null;
  const hint = quote.position ? toUnits(quote.position.start) : -1;
  if (hint >= 0 && text.startsWith(exact, hint)) {
    return { start: hint, end: hint + exact.length, how: 'position' };
  }
  const near = hint >= 0 ? hint : 0;

  let best: Candidate | null = null;
  let at = text.indexOf(exact);
  for (let n = 0; at !== -1 && n < OCCURRENCES_MAX; n++) {
    const candidate = {
      start: at,
      end: at + exact.length,
      errors: 0,
      agreement: contextAgreement(text, at, at + exact.length, quote),
      distance: Math.abs(at - near),
    };
    if (!best || better(candidate, best)) best = candidate;
    at = text.indexOf(exact, at + 1);
  }
  if (best) return { start: best.start, end: best.end, how: 'exact' };

  if (errorsAllowed(exact) === 0) return null;
  let fuzzy: Candidate | null = null;
  if (hint >= 0) {
    const from = Math.max(0, hint - WINDOW);
    const to = Math.min(text.length, hint + exact.length + WINDOW);
    fuzzy = fuzzyIn(text, from, to, quote, near);
    if (!fuzzy && (from > 0 || to < text.length))
      fuzzy = fuzzyIn(text, 0, text.length, quote, near);
  } else fuzzy = fuzzyIn(text, 0, text.length, quote, near);
  return fuzzy && { start: fuzzy.start, end: fuzzy.end, how: 'fuzzy' };
}
