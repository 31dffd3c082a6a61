/**
 * Valibot building blocks shared by every schema of the learner's data (requests, backups,
 * facilitator requests, pack ids), built from the limits in `limits.ts`, so a field accepted
 * in one place is accepted everywhere it travels.
 */
import * as v from 'valibot';
import { isPublicUrl, type HostOptions } from '../../content/hosts';
import { isHttpUrl } from '../../content/address';
import { CONTENT_ID_PATTERN, ID_MAX, LIMITS, RECORD_ID_PATTERN, TOKEN_PATTERN } from './limits';
import { withoutFragment } from './page-text';
import { codePoints } from './code-points';

/** A course, session, resource or outcome id (see {@link CONTENT_ID_PATTERN}). */
export const CONTENT_ID = v.pipe(
  v.string(),
  v.regex(CONTENT_ID_PATTERN, `must be 1–${ID_MAX} lowercase letters, digits or dashes`),
);

/** A reflection id or an editor's id (see {@link RECORD_ID_PATTERN}). */
export const RECORD_ID = v.pipe(
  v.string(),
  v.regex(RECORD_ID_PATTERN, `must be 1–${ID_MAX} letters, digits or dashes`),
);

/** An overlay frame's secret. */
export const TOKEN = v.pipe(v.string(), v.regex(TOKEN_PATTERN, 'not a token'));

const ISO_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for a time exactly as `Date#toISOString` writes it (which also rules out 2026-02-30). */
export function isIsoTime(s: string): boolean {
  if (!ISO_TIME_SHAPE.test(s)) return false;
  const d = new Date(s);
  return !Number.isNaN(d.getTime()) && d.toISOString() === s;
}

/**
 * A time as `Date#toISOString` writes it (`2026-11-28T14:05:00.000Z`): the only shape the
 * store writes, so comparing two as strings compares the times.
 */
export const ISO_TIME = v.pipe(
  v.string(),
  v.check(isIsoTime, 'must be a time like 2026-11-28T14:05:00.000Z'),
);

/** A string of at most `max` characters. */
export const boundedText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));

/** Any address text of a page, up to {@link LIMITS}.url characters (not checked further). */
export const URL_TEXT = boundedText(LIMITS.url);

/** A link of the pack or a link check's address, up to {@link LIMITS}.link characters. */
export const LINK_TEXT = boundedText(LIMITS.link);

/**
 * The page a reflection was written on: http(s) only, because the UI links to it and a
 * `javascript:` or `data:` address would run when clicked. Empty means "no page".
 */
export const PAGE_URL = v.union(
  [v.literal(''), v.pipe(URL_TEXT, v.check(isHttpUrl))],
  'must be an http or https address (or empty)',
);

/** A page's title. */
export const PAGE_TITLE = boundedText(LIMITS.pageTitle);

/** What the learner wrote (may be empty: a draft). */
export const TEXT = boundedText(LIMITS.text);

const OFFSET = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.pageText));

/** Where a quote lies in its page's text (a W3C `TextPositionSelector`, in code points). */
export const TEXT_POSITION = v.pipe(
  v.strictObject({ start: OFFSET, end: OFFSET }),
  v.check((p) => p.end > p.start, 'end must be after start'),
);

/**
 * A passage quoted from the page: its text, a little context around it, where it was and on
 * which page. `position` and `source` came with backup format 4: older quotes read as
 * unknown (`null`, `''`). A position must span exactly the quote's text.
 */
export const QUOTE = v.pipe(
  v.strictObject({
    exact: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(LIMITS.quote)),
    prefix: boundedText(LIMITS.quoteContext),
    suffix: boundedText(LIMITS.quoteContext),
    position: v.optional(v.nullable(TEXT_POSITION), null),
    source: v.optional(PAGE_URL, ''),
  }),
  // Reported at `position` (not the whole quote), so a refused backup names the field.
  v.forward(
    v.partialCheck(
      [['exact'], ['position']],
      (q) => q.position === null || q.position.end - q.position.start === codePoints(q.exact),
      'position must span the quoted text',
    ),
    ['position'],
  ),
);

/** Where in a video or podcast the learner was, in seconds. */
export const MEDIA_TIME = v.nullable(
  v.pipe(
    v.number(),
    v.finite('must be a number'),
    v.minValue(0, 'must not be negative'),
    v.maxValue(LIMITS.mediaTime, `must be at most ${LIMITS.mediaTime} seconds`),
  ),
);

/** The outcomes a reflection speaks to. */
export const OUTCOME_IDS = v.pipe(
  v.array(CONTENT_ID),
  v.maxLength(LIMITS.outcomeIds, `must name at most ${LIMITS.outcomeIds}`),
);

/**
 * The address a learner may link as a resource (`link:set`), or null: the page's address
 * without its fragment (the same page, wherever it was scrolled to), over https only (over
 * plain http any network attacker could serve the page), on a public host (never the
 * learner's router or intranet), at most {@link LIMITS}.url characters.
 */
export function learnerLinkOf(url: string, hosts: HostOptions = {}): string | null {
  const link = withoutFragment(url);
  if (link.length > LIMITS.url || !isPublicUrl(link, hosts)) return null;
  try {
    return new URL(link).protocol === 'https:' ? link : null;
  } catch {
    return null;
  }
}

/**
 * A learner's link as stored and backed up: exactly what {@link learnerLinkOf} gives (public
 * hosts only: a backup is not the end-to-end test build).
 */
export const LEARNER_LINK = v.pipe(
  URL_TEXT,
  v.check((s) => learnerLinkOf(s) === s, 'must be an https address on a public host, no #fragment'),
);
