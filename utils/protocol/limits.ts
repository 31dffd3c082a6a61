/**
 * The one home of every limit and id pattern the learner's data goes through: the request
 * schemas (`request-schema.ts`, `course-schema.ts`), the backup schema
 * (`utils/journal/backup-format.ts`) and the course pack's ids (`content/pack-schema.ts`). A reflection the background accepted must
 * survive a backup and come back editable, so each shape is defined once, here, and the
 * schemas build on the valibot atoms of `schema-atoms.ts`. Plain constants, no schema library:
 * any context may import them.
 */

/** Most characters an id may have (course, session, resource, outcome, reflection, editor). */
export const ID_MAX = 64;

/**
 * Ids of course content (course, session, resource, outcome), as a pack names them: lowercase
 * letters, digits and dashes, not starting with a dash.
 */
export const CONTENT_ID_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{0,${ID_MAX - 1}}$`);

/**
 * Ids of the learner's records (reflections: UUIDs and their conflict copies) and of an
 * editor (a draft's owner): letters of either case, digits and dashes.
 */
export const RECORD_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9-]{0,${ID_MAX - 1}}$`);

/**
 * A host the learner lets the companion show on, as the match pattern the browser grants and
 * the reading script is registered with: `https://` and one host name (lowercase, IDN in its
 * `xn--` form, at least two labels), then `/*`. No wildcard, no port, no path: consent is
 * given per host.
 */
export const HOST_PATTERN =
  /^https:\/\/(?=.{4,253}\/)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\/\*$/;

/** Most hosts one consent may name (a session names a handful; a pack at most a few hundred). */
export const HOSTS_MAX = 500;

/** The random secret an overlay frame proves itself with. */
export const TOKEN_PATTERN = /^[A-Za-z0-9-]{16,64}$/;

/**
 * Sizes of what the learner writes and what a page gives (characters unless said otherwise).
 * Generous for people (50 000 characters is some twenty pages), small enough that a hostile
 * page, message or file cannot exhaust the browser.
 */
export const LIMITS = {
  /** A reflection's or draft's text. */
  text: 50_000,
  /** A quoted passage (`quote.exact`). */
  quote: 5_000,
  /**
   * The context a quote may carry around it (`quote.prefix`, `quote.suffix`); the reading
   * script keeps {@link QUOTE_CONTEXT_KEPT}.
   */
  quoteContext: 64,
  /**
   * The page text the companion reads to take or find a quote, in characters: a position
   * (`quote.position`) lies within it. Some 5,000 printed pages; a longer page is read that far.
   */
  pageText: 10_000_000,
  /** Quotes highlighted on one page (a reading's live reflections with a quote, newest first). */
  quotesOnPage: 500,
  /** A page title. */
  pageTitle: 1_000,
  /** A page address (the page a reflection was written on, a tab's address). */
  url: 8_192,
  /** A link of the course pack or of a link check. */
  link: 2_048,
  /** Outcomes one reflection or draft names (a pack session has at most 100). */
  outcomeIds: 100,
  /** A media time, in seconds (some 115 days: any recording, even a long live stream). */
  mediaTime: 10_000_000,
  /**
   * Reflections in one page of the popup's list: the session's state carries the first page
   * (its newest), "Show more" asks for the next. Small enough that the popup draws at once.
   */
  reflectionsPage: 20,
  /** A search of the learner's reflections. */
  query: 500,
  /** Records of each kind (reflections, drafts, progress) in a backup. */
  records: 100_000,
  /**
   * A backup file, in UTF-8 bytes, checked before it is parsed. Export refuses to write a
   * larger one (it could not be restored), so anything exported can be imported; at some 30 KB
   * a reflection, it holds about a thousand long reflections, and a runtime message (64 MiB in
   * Chromium) still carries it.
   */
  backupBytes: 32 * 1024 * 1024,
  /** A pack version as written into a backup. */
  packVersion: 50,
} as const;

/**
 * The context the reading script keeps on each side of a quote it takes (characters of the
 * page's text): enough to tell repeated passages apart, at most `LIMITS.quoteContext`.
 */
export const QUOTE_CONTEXT_KEPT = 32;
