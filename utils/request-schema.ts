/**
 * Schemas of the requests in `messages.ts`, kept apart so that only the background (which
 * validates) bundles the schema library; senders import the types alone.
 */
import * as v from 'valibot';
import { FACILITATOR_REQUESTS } from './facilitator-schema';

/** Limits on what a request may carry; generous for people, small for a flood. */
export const LIMITS = {
  url: 8192,
  pageTitle: 1000,
  text: 50_000,
  quote: 5_000,
  quoteContext: 64,
  outcomes: 50,
} as const;

const URL_TEXT = v.pipe(v.string(), v.maxLength(LIMITS.url, 'address too long'));
const TAB_ID = v.pipe(v.number(), v.integer(), v.minValue(0));
const ID = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'not an id'));
/** A random per-overlay secret: proves a frame is the overlay this tab's content script mounted. */
const TOKEN = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{16,64}$/, 'not a token'));
const ISO = v.pipe(v.string(), v.isoTimestamp('not a time'));

/** A passage quoted from the page. */
export const QuoteSchema = v.strictObject({
  exact: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.quote, 'quote too long')),
  prefix: v.pipe(v.string(), v.maxLength(LIMITS.quoteContext)),
  suffix: v.pipe(v.string(), v.maxLength(LIMITS.quoteContext)),
});

const WRITING = {
  text: v.pipe(v.string(), v.maxLength(LIMITS.text, `text longer than ${LIMITS.text} characters`)),
  quote: v.nullable(QuoteSchema),
  mediaTime: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e7))),
  outcomeIds: v.pipe(v.array(ID), v.maxLength(LIMITS.outcomes)),
};

const OVERLAY = v.picklist(['left', 'right']);
/**
 * A backup file's text. The size is checked again, with the precise limit and a readable
 * error, by parseBackup; this bound only keeps a message from carrying anything larger.
 */
const IMPORT_TEXT = v.pipe(v.string(), v.maxLength(25 * 1024 * 1024, 'file too large'));

/** Schemas of every request, by `type`. */
export const RequestSchema = v.variant('type', [
  /** Content script → background: this tab now shows `url` (load or in-page navigation). */
  v.strictObject({
    type: v.literal('page:seen'),
    url: URL_TEXT,
    title: v.pipe(v.string(), v.maxLength(LIMITS.pageTitle)),
    token: TOKEN,
  }),
  /** Content script → background: the learner pressed the overlay's shortcut in the page. */
  v.strictObject({ type: v.literal('overlay:toggle'), token: TOKEN }),
  /** Extension page → background: which reading, if any, tab `tabId` shows. */
  v.strictObject({ type: v.literal('tab:reading'), tabId: TAB_ID }),
  /** Extension page → background: the learner's progress, counts and latest reflections for a session. */
  v.strictObject({ type: v.literal('session:state'), courseId: ID, sessionId: ID }),
  /** Extension page → background: a session's reflections whose text or quote contains `query`. */
  v.strictObject({
    type: v.literal('reflections:search'),
    courseId: ID,
    sessionId: ID,
    query: v.pipe(v.string(), v.maxLength(500)),
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  }),
  /** Extension page → background: everything an export needs (one session, or all: null). */
  v.strictObject({
    type: v.literal('export:prepare'),
    sessionId: v.nullable(ID),
    format: v.picklist(['json', 'markdown']),
  }),
  /** Extension page → background: what importing this backup file would do. */
  v.strictObject({ type: v.literal('import:preview'), text: IMPORT_TEXT }),
  /** Extension page → background: import this backup file (after the learner confirmed). */
  v.strictObject({ type: v.literal('import:apply'), text: IMPORT_TEXT }),
  /** Overlay → background: everything the overlay shows for its tab's reading. */
  v.strictObject({ type: v.literal('overlay:init'), token: TOKEN }),
  /** Overlay → background: the learner expanded, collapsed or moved the overlay. */
  v.strictObject({
    type: v.literal('overlay:layout'),
    token: TOKEN,
    expanded: v.boolean(),
    side: OVERLAY,
    returnFocus: v.optional(v.boolean()),
  }),
  /** Overlay → background: mark the reading done or not done. */
  v.strictObject({ type: v.literal('progress:done'), token: TOKEN, done: v.boolean() }),
  /** Overlay → background: save a reflection (new, or an edit of `id`). */
  v.strictObject({
    type: v.literal('reflection:save'),
    token: TOKEN,
    id: v.optional(ID),
    baseUpdatedAt: v.optional(ISO),
    draftOwner: ID,
    ...WRITING,
    text: v.pipe(
      WRITING.text,
      v.check((s) => s.trim().length > 0, 'text is empty'),
    ),
  }),
  /** Overlay → background: delete (or undo the delete of) one of this reading's reflections. */
  v.strictObject({
    type: v.literal('reflection:delete'),
    token: TOKEN,
    id: ID,
    restore: v.boolean(),
  }),
  /** Overlay → background: save what is being written. */
  v.strictObject({
    type: v.literal('draft:save'),
    token: TOKEN,
    owner: ID,
    editingId: v.nullable(ID),
    baseUpdatedAt: v.nullable(ISO),
    ...WRITING,
  }),
  /** Overlay → background: drop the draft (the learner cleared the editor). */
  v.strictObject({ type: v.literal('draft:clear'), token: TOKEN, owner: ID }),
  /**
   * Overlay → background: the passage selected in the page, the playing media's time, or
   * where the keyboard focus went when it left the overlay (did the page take it?).
   */
  v.strictObject({
    type: v.literal('page:capture'),
    token: TOKEN,
    what: v.picklist(['selection', 'media', 'focus']),
  }),
  ...FACILITATOR_REQUESTS,
]);

/** Any request. */
export type Request = v.InferOutput<typeof RequestSchema>;
/** The `type` names of requests. */
export type RequestType = Request['type'];
