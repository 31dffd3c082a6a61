/**
 * Anchoring a page's quotes: each found in one reading of the page's text, with one
 * code-point converter, and no walk of the DOM per quote (the caller turns what is found into
 * ranges with `rangeAt`, for the quotes it draws).
 */
import { codePointIndex, findQuote, type Found, type QuoteSelectors } from './match';
import type { PageText } from './page-text';

/**
 * Where each of `quotes` is in `page.text` (code units, and by which selector it was found),
 * or null for a quote not found on this page; in the order of `quotes`.
 */
export function anchorQuotes(page: PageText, quotes: readonly QuoteSelectors[]): (Found | null)[] {
  const toUnits = codePointIndex(page.text);
  return quotes.map((quote) => findQuote(page.text, quote, toUnits));
}
