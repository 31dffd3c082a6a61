/**
 * The one message protocol between the extension's contexts. Every request is named in
 * `request-schema.ts`, its payload is checked with a schema by the background (the
 * receiver), and every reply is `{ ok: true, … }` or `{ ok: false, error }`. Web pages cannot
 * send these messages: the manifest declares no `externally_connectable`, so only the
 * extension's own pages and content scripts reach `runtime.onMessage`.
 */
import type { Resource, Session } from '../../content/pack-schema';
import type { Draft, LearnerLinkRecord, Progress, Quote, Reflection, Settings } from './records';
import type { CourseReplies } from './course-messages';
import type { Request, RequestType } from './request-schema';
import type { SyncErrorCode, SyncStatus } from './sync';

export type { Request, RequestType };

/**
 * Where the keyboard focus went when it last left the overlay: it is still there (the browser
 * window itself lost focus), the learner moved it (a real click, tap or key in the page, or
 * the companion's own Escape or shortcut), or the page took it.
 */
export type FocusLeft = 'kept' | 'learner' | 'page';

/** A reading as the background reports it: ids only; the UI looks the texts up in the pack. */
/**
 * A tab's address and title as the browser gives them (titles are the page's: hostile, cut to
 * the limits), and the reading that address is, if any.
 */
export interface TabPage {
  url: string;
  title: string;
  /** The reading the address is, found by the recogniser, or null. */
  reading: ReadingRef | null;
}

export interface ReadingRef {
  sessionId: string;
  resourceId: string;
}

/** What the overlay needs to show its tab's reading. */
export interface OverlayState {
  courseId: string;
  reading: ReadingRef;
  /** The reading's session, in full: all the overlay shows of the pack. */
  session: Session;
  tabId: number;
  layout: Settings['overlay'];
  progress: Progress | null;
  draft: Draft | null;
  reflections: Reflection[];
}

/**
 * What the popup's writer needs to write on the reading a tab's address is (where no overlay
 * can be): the reading's session, the tab's page as it will be saved, the draft and reflections.
 */
export interface WriterState {
  courseId: string;
  reading: ReadingRef;
  /** The reading's session, in full. */
  session: Session;
  /** The tab's address (without fragment) and title, as a reflection saved there records them. */
  page: { url: string; title: string };
  draft: Draft | null;
  reflections: Reflection[];
}

/**
 * A quoted passage to find and highlight in a reading's page: the reflection it belongs to,
 * the quote, and the highlight's mark: the 1-based place among the session's outcomes of the
 * first outcome the reflection names (its colour and number), or 0 for none.
 */
export interface PageQuote {
  id: string;
  quote: Quote;
  mark: number;
}

/** Which of a reading's quotes the page's quote script found, as the overlay lists them. */
export interface QuotesOnPage {
  /** Whether the highlights are shown ("Show my quotes"). */
  show: boolean;
  /** Reflections whose quote was found on the page, and those whose quote was not. */
  found: string[];
  missing: string[];
}

/** The successful reply payload of each request. */
export interface Replies extends CourseReplies {
  'page:seen': {
    reading: ReadingRef | null;
    layout: Settings['overlay'] | null;
    /** The overlay's shortcut as the learner set it (e.g. "Ctrl+Shift+L"), or null. */
    shortcut: string | null;
    /** The reading has quotes to find in the page: load the quote script. */
    quotes: boolean;
  };
  'overlay:toggle': { toggled: boolean };
  'tab:reading': {
    /** The reading the tab's content script reported (its overlay can mount), or null. */
    reading: ReadingRef | null;
    /**
     * What the tab shows, when the extension may read its address (the learner opened the
     * popup on it: `activeTab`), whether or not a content script runs there; else null.
     */
    page: TabPage | null;
  };
  'session:state': {
    progress: Progress[];
    /** How many reflections speak to each resource and each outcome, and in all. */
    counts: ReflectionCounts;
    /** The newest reflections (a first page of them). */
    recent: Reflection[];
  };
  'journal:status': {
    /** The learner's progress over every session of the course the pack knows. */
    course: CourseProgress;
    backup: BackupStatus;
    /** Live reflections of other courses (a pack of another course was imported). */
    otherCourses: number;
  };
  'reflections:search': {
    total: number;
    reflections: Reflection[];
    /** Searching the whole course: the sessions the reflections listed come from, to name them. */
    sessions: SessionLabels[];
  };
  'export:prepare': {
    /** The file's name, e.g. `seize-fse_session-6_2026-11-28.json`. */
    fileName: string;
    /** For `json` and `annotations`: the file's text (backup, Web Annotations); for `markdown`, empty. */
    json: string;
    /** For `markdown`: what the journal is built from, in the popup (it has the words). */
    reflections: Reflection[];
    progress: Progress[];
  };
  'import:preview': { counts: ImportCounts };
  'import:apply': { counts: ImportCounts };
  'reflections:adopt': { moved: number };
  'overlay:init': { state: OverlayState };
  'overlay:layout': { layout: Settings['overlay'] };
  'progress:done': { progress: Progress };
  'reflection:save': { reflection: Reflection; conflict: boolean; reflections: Reflection[] };
  'reflection:delete': { reflections: Reflection[] };
  'draft:save': { savedAt: string };
  'draft:clear': { cleared: true };
  'page:capture': {
    quote: Quote | null;
    mediaTime: number | null;
    /** For `what: 'focus'`: where the keyboard focus went when it left the overlay, if known. */
    focusLeft?: FocusLeft | null;
  };
  'writer:init': { state: WriterState };
  'writer:save': Replies['reflection:save'];
  'writer:delete': Replies['reflection:delete'];
  'writer:draft:save': Replies['draft:save'];
  'writer:draft:clear': Replies['draft:clear'];
  /** The reading's quotes for its page's quote script; none when the tab shows no reading. */
  'quotes:list': { show: boolean; quotes: PageQuote[] };
  'quotes:found': { recorded: boolean };
  'quotes:open': { opened: boolean };
  /** `found` and `missing` stay empty until the page's quote script has looked. */
  'quotes:state': QuotesOnPage & { looked: boolean };
  'quotes:reveal': { revealed: boolean };
  'quotes:show': { show: boolean };
  /** The learner's link as stored (the tab's address, its fragment dropped). */
  'link:set': { link: LearnerLinkRecord };
  /** Whether the resource had a learner's link (now gone). */
  'link:remove': { removed: boolean };
  // Sync (issue 16).
  'sync:state': { sync: SyncStatus };
  /** `error`: why nothing was stored (the server is not granted, or not an address); else the first sync's status. */
  'sync:configure': { sync: SyncStatus; error: SyncErrorCode | null };
  /** `error`: why the server could not be used, or null. */
  'sync:test': { error: SyncErrorCode | null };
  'sync:now': { sync: SyncStatus };
  'sync:disable': { sync: SyncStatus };
}

/** Reflection counts of a session. */
export interface ReflectionCounts {
  total: number;
  byResource: Record<string, number>;
  byOutcome: Record<string, number>;
}

/**
 * The count stored under `id`, or 0. Only the record's own properties count: after JSON
 * parsing a tally is a plain object, where `constructor` or `toString` would otherwise be read
 * from `Object.prototype`.
 */
export function countOf(tally: Readonly<Record<string, number>>, id: string): number {
  const n: unknown = Object.prototype.hasOwnProperty.call(tally, id) ? tally[id] : 0;
  return typeof n === 'number' ? n : 0;
}

/** The learner's progress over the whole course (every session the pack knows). */
export interface CourseProgress {
  /** Resources marked done. */
  done: number;
  /** Resources of every known session. */
  resources: number;
  /** Live reflections of the course, in every session. */
  reflections: number;
}

/**
 * What names a reflection of a session the popup does not show: the session's outcome ids in
 * order (a reflection's tags say "Outcome 2") and its resources' titles, with translations.
 */
export interface SessionLabels {
  id: string;
  outcomeIds: string[];
  /** Their titles' translations only (`l10n[lang].title`). */
  resources: Pick<Resource, 'id' | 'title' | 'l10n'>[];
}

/** When the learner last exported, and whether a reminder is due. */
export interface BackupStatus {
  lastExportAt: string | null;
  /** Reflections of every course written or changed since the last export (or ever). */
  changedSinceExport: number;
  /** A week has passed since the last export (or the first reflection) with new work unsaved. */
  reminder: boolean;
}

/** What an import does, for the preview and the confirmation. */
export interface ImportCounts {
  added: number;
  updated: number;
  conflicts: number;
  unchanged: number;
  /** The learner's links (pages linked as resources) added or replaced by newer ones. */
  links: number;
}

/**
 * Machine-readable error codes; each has a translated text `error_<code>` in
 * `public/_locales/*\/messages.json`.
 */
export type ErrorCode =
  | 'invalid_request'
  | 'forbidden_sender'
  | 'not_a_reading'
  | 'not_found'
  | 'invalid_pack'
  | 'db_blocked'
  | 'db_quota'
  | 'db_unavailable'
  | 'backup_refused'
  /** `link:set`: the browser did not show the tab's address, or there is no such tab. */
  | 'link_no_address'
  /** `link:set`: the address is not https on a public host (or is too long). */
  | 'link_not_public'
  /** `link:set`: the address already is another resource (its link or an alternate). */
  | 'link_taken'
  | 'internal';

/** Why a request failed: a code to translate and, for developers, the detail. */
export interface ReplyError {
  code: ErrorCode;
  detail?: string;
  /** For `backup_refused`: why (a code with text `backupError_<reason>`) and where in the file. */
  reason?: string;
  path?: string;
}

/** The reply to a request of type `T`. */
export type Reply<T extends RequestType> =
  ({ ok: true } & Replies[T]) | { ok: false; error: ReplyError };

/**
 * A draft request an editor streams to the background on its `draft` port: the overlay's
 * (by its token) or the popup writer's (by the tab whose address is the reading).
 */
export type DraftRequest = Extract<
  Request,
  { type: 'draft:save' | 'draft:clear' | 'writer:draft:save' | 'writer:draft:clear' }
>;

/**
 * What the editor posts on its `draft` port: a draft request, numbered so that the
 * background can say which one it has written. The editor keeps the latest until then.
 */
export interface DraftPost {
  /** Grows with each post of one editor; a later post replaces every earlier one. */
  seq: number;
  request: DraftRequest;
}

/**
 * The background's answer on the `draft` port: the post numbered `seq` (and so every one
 * before it) was handled: written, or refused with `error`.
 */
export interface DraftAck {
  seq: number;
  ok: boolean;
  error?: ReplyError;
}

/** Messages the background sends to a tab's content script (top frame). */
export type TabMessage =
  | {
      type: 'overlay:apply';
      expanded: boolean;
      side: 'left' | 'right';
      /** Where keyboard focus goes: into the overlay (opened by shortcut), back to the page (Escape), or nowhere. */
      focus: 'overlay' | 'page' | 'none';
    }
  | { type: 'page:selection' }
  | { type: 'page:media' }
  /** Where did the keyboard focus go when it last left the overlay (focus theft, issue 11)? */
  | { type: 'page:focus' }
  /**
   * The reading's quotes or the learner's choice changed: the quote script asks again (the
   * reading script loads it first if it is not there yet).
   */
  | { type: 'quotes:refresh' }
  /** To the quote script: scroll the page to reflection `id`'s quote and mark it briefly. */
  | { type: 'quotes:scroll'; id: string };

/** Replies of the content script to {@link TabMessage}s. */
export interface TabReplies {
  'overlay:apply': null;
  'page:selection': { quote: Quote | null };
  'page:media': { mediaTime: number | null };
  'page:focus': { left: FocusLeft | null };
  'quotes:refresh': null;
  'quotes:scroll': { scrolled: boolean };
}

/** A notice the background broadcasts to the extension's pages (overlay frames, popup). */
export type Broadcast =
  | { type: 'overlay:layout'; tabId: number; layout: Settings['overlay']; focus: boolean }
  | { type: 'progress:changed'; courseId: string; resourceId: string }
  | { type: 'reflections:changed'; courseId: string; resourceId: string }
  | { type: 'journal:exported'; courseId: string }
  | { type: 'pack:changed' }
  | { type: 'checks:changed' }
  /** The hosts the companion shows on changed (the learner granted or removed one). */
  | { type: 'hosts:changed' }
  /** Tab `tabId`'s quote script found (or lost) quotes, or the learner's choice changed. */
  | { type: 'quotes:changed'; tabId: number }
  /** The learner clicked the highlight of reflection `id` in tab `tabId`: show it. */
  | { type: 'overlay:reveal'; tabId: number; id: string }
  /** A sync ran (issue 16): its status changed. */
  | { type: 'sync:changed' };
