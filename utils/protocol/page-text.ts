/**
 * A page's address and title as the extension keeps them, the same in the reading script's
 * reports, the popup's view of a tab and a learner's link. Plain functions, no schema library:
 * any context may import them (the reading script among them).
 */
import { LIMITS } from './limits';

/** An address without its `#fragment`: pages change it freely, and it names no other page. */
export const withoutFragment = (href: string): string => href.replace(/#[^]*$/, '');

/** A page's title as shown and stored: whitespace squashed, cut to `LIMITS.pageTitle`. */
export const shownTitle = (title: string): string =>
  title.replace(/\s+/g, ' ').trim().slice(0, LIMITS.pageTitle);
