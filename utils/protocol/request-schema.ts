/**
 * Schemas of the requests in `messages.ts`, kept apart so that only the background (which
 * validates) bundles the schema library; senders import the types alone.
 */
import * as v from 'valibot';
import { COURSE_REQUESTS } from './course-schema';
import { LIMITS } from './limits';
import { SYNC_SETTINGS } from './sync';
import {
  CONTENT_ID,
  ISO_TIME,
  MEDIA_TIME,
  OUTCOME_IDS,
  PAGE_TITLE,
  QUOTE,
  RECORD_ID,
  TEXT,
  TOKEN,
  URL_TEXT,
} from './schema-atoms';

const TAB_ID = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A passage quoted from the page. */
export const QuoteSchema = QUOTE;

const WRITING = {
  text: TEXT,
  quote: v.nullable(QuoteSchema),
  mediaTime: MEDIA_TIME,
  outcomeIds: OUTCOME_IDS,
};

/** A reflection saved by the overlay or the popup's writer: which one, and what it says. */
const REFLECTION_SAVE = {
  id: v.optional(RECORD_ID),
  baseUpdatedAt: v.optional(ISO_TIME),
  draftOwner: RECORD_ID,
  ...WRITING,
  text: v.pipe(
    WRITING.text,
    v.check((s) => s.trim().length > 0, 'text is empty'),
  ),
};

/** A draft streamed by the overlay's or the popup's editor. */
const DRAFT_SAVE = {
  owner: RECORD_ID,
  editingId: v.nullable(RECORD_ID),
  baseUpdatedAt: v.nullable(ISO_TIME),
  ...WRITING,
};

const OVERLAY = v.picklist(['left', 'right']);
/**
 * A backup file's text. The size is checked again, with the precise limit and a readable
 * error, by parseBackup; this bound only keeps a message from carrying anything larger.
 */
const IMPORT_TEXT = v.pipe(v.string(), v.maxLength(LIMITS.backupBytes, 'file too large'));

/** Schemas of every request, by `type`. */
export const RequestSchema = v.variant('type', [
  /** Content script → background: this tab now shows `url` (load or in-page navigation). */
  v.strictObject({
    type: v.literal('page:seen'),
    url: URL_TEXT,
    title: PAGE_TITLE,
    token: TOKEN,
  }),
  /** Content script → background: the learner pressed the overlay's shortcut in the page. */
  v.strictObject({ type: v.literal('overlay:toggle'), token: TOKEN }),
  /** Extension page → background: which reading, if any, tab `tabId` shows. */
  v.strictObject({ type: v.literal('tab:reading'), tabId: TAB_ID }),
  /** Extension page → background: the learner's progress, counts and latest reflections for a session. */
  v.strictObject({ type: v.literal('session:state'), courseId: CONTENT_ID, sessionId: CONTENT_ID }),
  /** Extension page → background: the course's progress, the backup reminder, other courses. */
  v.strictObject({ type: v.literal('journal:status'), courseId: CONTENT_ID }),
  /**
   * Extension page → background: a session's reflections (without `sessionId`, the whole
   * course's) whose text or quote contains `query`.
   */
  v.strictObject({
    type: v.literal('reflections:search'),
    courseId: CONTENT_ID,
    sessionId: v.optional(CONTENT_ID),
    query: v.pipe(v.string(), v.maxLength(LIMITS.query)),
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  }),
  /** Extension page → background: everything an export needs (one session, or all: null). */
  v.strictObject({
    type: v.literal('export:prepare'),
    sessionId: v.nullable(CONTENT_ID),
    format: v.picklist(['json', 'markdown', 'annotations']),
  }),
  /** Extension page → background: what importing this backup file would do. */
  v.strictObject({ type: v.literal('import:preview'), text: IMPORT_TEXT }),
  /** Extension page → background: import this backup file (after the learner confirmed). */
  v.strictObject({ type: v.literal('import:apply'), text: IMPORT_TEXT }),
  /** Extension page → background: move every reflection of other courses into the current one. */
  v.strictObject({ type: v.literal('reflections:adopt') }),
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
  v.strictObject({ type: v.literal('reflection:save'), token: TOKEN, ...REFLECTION_SAVE }),
  /** Overlay → background: delete (or undo the delete of) one of this reading's reflections. */
  v.strictObject({
    type: v.literal('reflection:delete'),
    token: TOKEN,
    id: RECORD_ID,
    restore: v.boolean(),
  }),
  /** Overlay → background: save what is being written. */
  v.strictObject({ type: v.literal('draft:save'), token: TOKEN, ...DRAFT_SAVE }),
  /** Overlay → background: drop the draft (the learner cleared the editor). */
  v.strictObject({ type: v.literal('draft:clear'), token: TOKEN, owner: RECORD_ID }),
  /**
   * Overlay → background: the passage selected in the page, the playing media's time, or
   * where the keyboard focus went when it left the overlay (did the page take it?).
   */
  v.strictObject({
    type: v.literal('page:capture'),
    token: TOKEN,
    what: v.picklist(['selection', 'media', 'focus']),
  }),
  // A reading's quotes in its page (the quote script, loaded where a reading has quotes) and
  // in its overlay. The quote script speaks for its tab with the tab's token.
  /** Quote script → background: the quotes to find on this tab's reading. */
  v.strictObject({ type: v.literal('quotes:list'), token: TOKEN }),
  /**
   * Quote script → background: which quotes it found and which not (reflection ids), and how
   * long the last anchoring took (for the benchmark; never shown).
   */
  v.strictObject({
    type: v.literal('quotes:found'),
    token: TOKEN,
    found: v.pipe(v.array(RECORD_ID), v.maxLength(LIMITS.quotesOnPage)),
    missing: v.pipe(v.array(RECORD_ID), v.maxLength(LIMITS.quotesOnPage)),
    ms: v.pipe(v.number(), v.minValue(0), v.maxValue(3_600_000)),
  }),
  /** Quote script → background: the learner clicked the highlight of reflection `id`. */
  v.strictObject({ type: v.literal('quotes:open'), token: TOKEN, id: RECORD_ID }),
  /** Overlay → background: which of the reading's quotes its page shows. */
  v.strictObject({ type: v.literal('quotes:state'), token: TOKEN }),
  /** Overlay → background: scroll the page to reflection `id`'s quote. */
  v.strictObject({ type: v.literal('quotes:reveal'), token: TOKEN, id: RECORD_ID }),
  /** Overlay → background: show or hide the highlights of the learner's quotes. */
  v.strictObject({ type: v.literal('quotes:show'), token: TOKEN, show: v.boolean() }),
  // The popup's writer, where no overlay can be (a PDF, a host not granted): the reading is
  // the one tab `tabId`'s address is, read by the background (handlers/writer.ts).
  /** Popup → background: the session, draft and reflections of the reading tab `tabId` is. */
  v.strictObject({ type: v.literal('writer:init'), tabId: TAB_ID }),
  /** Popup → background: save a reflection on the reading tab `tabId` is. */
  v.strictObject({ type: v.literal('writer:save'), tabId: TAB_ID, ...REFLECTION_SAVE }),
  /** Popup → background: delete (or undo the delete of) one of that reading's reflections. */
  v.strictObject({
    type: v.literal('writer:delete'),
    tabId: TAB_ID,
    id: RECORD_ID,
    restore: v.boolean(),
  }),
  /** Popup → background (on the `draft` port): save what is being written. */
  v.strictObject({ type: v.literal('writer:draft:save'), tabId: TAB_ID, ...DRAFT_SAVE }),
  /** Popup → background (on the `draft` port): drop the draft. */
  v.strictObject({ type: v.literal('writer:draft:clear'), tabId: TAB_ID, owner: RECORD_ID }),
  /**
   * Popup → background: the page tab `tabId` shows is this resource of this session (the
   * background reads the tab's address itself: the popup cannot name another page).
   */
  v.strictObject({
    type: v.literal('link:set'),
    tabId: TAB_ID,
    sessionId: CONTENT_ID,
    resourceId: CONTENT_ID,
  }),
  /** Popup → background: forget the page the learner linked to this resource. */
  v.strictObject({ type: v.literal('link:remove'), sessionId: CONTENT_ID, resourceId: CONTENT_ID }),
  // Sync (issue 16): the popup and the facilitator page only; credentials go to the background
  // and never come back (entrypoints/background/sync/).
  /** Page → background: sync's status (never the credentials). */
  v.strictObject({ type: v.literal('sync:state') }),
  /** Page → background: turn sync on with these settings (the browser granted the server). */
  v.strictObject({ type: v.literal('sync:configure'), settings: SYNC_SETTINGS }),
  /** Page → background: reach the server with these settings (the stored ones: null). */
  v.strictObject({ type: v.literal('sync:test'), settings: v.nullable(SYNC_SETTINGS) }),
  /** Page → background: sync now. */
  v.strictObject({ type: v.literal('sync:now') }),
  /** Page → background: turn sync off (the journal stays). */
  v.strictObject({ type: v.literal('sync:disable') }),
  ...COURSE_REQUESTS,
]);

/** Any request. */
export type Request = v.InferOutput<typeof RequestSchema>;
/** The `type` names of requests. */
export type RequestType = Request['type'];
