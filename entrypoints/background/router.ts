/**
 * The background's message handling as a pure function of its dependencies, so the unit tests
 * can drive it without a browser (WXT's fake browser delivers messages differently from one
 * version to the next; see ARCHITECTURE.md).
 *
 * Who may ask what is one table, {@link ALLOWED_SENDERS}, consulted before any request is
 * routed; each handler then checks what only it can (the token, the page's own address):
 * - a content script, from a tab's top frame, reports its own page (`page:seen`);
 * - the overlay frame of a tab speaks only for that tab's reading, and only with the token
 *   the tab's content script registered, so a page that embeds `overlay.html` itself gets
 *   nothing; courses, sessions and resources are taken from the tab, never from the message;
 * - the toolbar popup alone reads, exports and imports the learner's journal;
 * - the facilitator page (`options.html`) alone changes the course.
 */
import * as v from 'valibot';
import { issuePath } from '../../utils/protocol/issue-path';
import type { Session } from '../../content/pack-schema';
import type { ReadingIndex } from '../../content/recognizer';
import { backupTooLarge } from '../../utils/journal/backup-format';
import { backupToJson, buildBackup } from '../../utils/journal/backup-build';
import { parseBackup } from '../../utils/journal/backup-parse';
import type { ImportPlan } from '../../utils/journal/backup-merge';
import { journalFileName as backupFileName } from '../../utils/journal/file-name';
import { DatabaseError, type Reflection, type Settings } from './db/database';
import { isFacilitatorRequest, type FacilitatorRequest } from './course';
import {
  countOf,
  type BackupStatus,
  type Broadcast,
  type DraftAck,
  type ImportCounts,
  type ReflectionCounts,
  type ErrorCode,
  type ReadingRef,
  type Reply,
  type Request,
  type RequestType,
  type TabMessage,
  type TabReplies,
} from '../../utils/protocol/messages';
import { RequestSchema } from '../../utils/protocol/request-schema';
import type { ResourcePlace, Store } from './db/store';

/** What the handler knows of who sent a message (a subset of `runtime.MessageSender`). */
export interface SenderInfo {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/**
 * Who sent a message, told apart by the browser's own sender fields (never by the message):
 * - `content-script`: a tab's top frame on a web page (the reading or course-page script; the
 *   browser does not say which, so their handlers check the page's address);
 * - `overlay`: `overlay.html` in a frame inside a tab (a web page can embed it, so its requests
 *   also carry the token the tab's content script gave it);
 * - `popup`: `popup.html`, as the toolbar popup (no tab) or as a tab's top frame;
 * - `options`: the facilitator page `options.html`, likewise;
 * - `unknown`: anything else (a sub-frame of a web page, an extension page framed somewhere).
 */
export type SenderKind = 'content-script' | 'overlay' | 'popup' | 'options' | 'unknown';

/** Every {@link SenderKind}, for tests and for reading the table. */
export const SENDER_KINDS: readonly SenderKind[] = [
  'content-script',
  'overlay',
  'popup',
  'options',
  'unknown',
];

/**
 * Which senders may send each request. The popup reads, exports and imports the learner's
 * journal; the overlay frame, which lives inside a web page, gets only the requests of its own
 * reading (each checked against its tab's token) and the course pack it shows (course data, no
 * learner's words); the facilitator page alone changes the course.
 */
export const ALLOWED_SENDERS: { readonly [T in RequestType]: readonly SenderKind[] } = {
  'page:seen': ['content-script'],
  'overlay:toggle': ['content-script'],
  'course:page': ['content-script'],
  'tab:reading': ['popup'],
  'session:state': ['popup'],
  'reflections:search': ['popup'],
  'export:prepare': ['popup'],
  'import:preview': ['popup'],
  'import:apply': ['popup'],
  'reflections:adopt': ['popup', 'options'],
  'overlay:init': ['overlay'],
  'overlay:layout': ['overlay'],
  'progress:done': ['overlay'],
  'reflection:save': ['overlay'],
  'reflection:delete': ['overlay'],
  'draft:save': ['overlay'],
  'draft:clear': ['overlay'],
  'page:capture': ['overlay'],
  // The popup reads the whole pack only for a Markdown export; it shows `pack:view`.
  'pack:current': ['popup', 'options'],
  'pack:view': ['popup'],
  'facilitator:state': ['popup', 'options'],
  'checks:save': ['options'],
  'pack:import': ['options'],
  'pack:reset': ['options'],
  'pack:session': ['options'],
  'diff:resolve': ['options'],
};

/**
 * The path of this extension's page that `url` addresses (e.g. `/popup.html`), or null when
 * `url` is not one of this extension's. URLs are parsed and origins compared whole, never
 * prefixes of strings. The one place that knows this extension's origin(s): a web-accessible
 * page served from a dynamic origin (`use_dynamic_url`) is accepted here, and only here.
 */
export function extensionPagePath(url: string, extensionOrigin: string): string | null {
  try {
    const page = new URL(url);
    const own = new URL(extensionOrigin);
    // Scheme and host, not `URL.origin`: that is "null" for extension schemes outside browsers.
    const same = page.protocol === own.protocol && page.host !== '' && page.host === own.host;
    return same ? page.pathname : null;
  } catch {
    return null;
  }
}

/** Tell which kind of sender a message came from (see {@link SenderKind}). */
export function senderKind(sender: SenderInfo, extensionOrigin: string): SenderKind {
  if (sender.url === undefined) return 'unknown';
  const path = extensionPagePath(sender.url, extensionOrigin);
  const tabId = sender.tab?.id;
  if (path === null) {
    let web = false;
    try {
      web = ['http:', 'https:'].includes(new URL(sender.url).protocol);
    } catch {
      // not an address: unknown
    }
    return web && tabId !== undefined && sender.frameId === 0 ? 'content-script' : 'unknown';
  }
  // The overlay is always a frame inside a tab; the extension's other pages never are.
  if (path === '/overlay.html')
    return tabId !== undefined && sender.frameId !== undefined && sender.frameId > 0
      ? 'overlay'
      : 'unknown';
  const topLevel = sender.tab === undefined || (tabId !== undefined && sender.frameId === 0);
  if (!topLevel) return 'unknown';
  if (path === '/popup.html') return 'popup';
  if (path === '/options.html') return 'options';
  return 'unknown';
}

/** What the background remembers about a tab that runs the reading content script. */
export interface TabState {
  reading: ReadingRef | null;
  /** The secret the tab's content script gave its overlay frame. */
  token: string;
  url: string;
  title: string;
}

/** Where the background remembers each tab's state (survives worker restarts). */
export interface TabStates {
  get(tabId: number): Promise<TabState | null>;
  set(tabId: number, state: TabState | null): Promise<void>;
}

/** Everything the handler needs from the outside world. */
export interface BackgroundDeps {
  /** This extension's id; messages from anything else are refused. */
  extensionId: string;
  /** This extension's origin, e.g. `chrome-extension://abc/`. */
  extensionOrigin: string;
  /** The id of the course the current pack describes. */
  courseId(): string;
  /** The current pack's version, written into backups. */
  packVersion(): string;
  /** The clock (tests set it). */
  now?: () => Date;
  /** The current recogniser index (rebuilt when the pack changes). */
  index(): ReadingIndex;
  /** The current pack's session `sessionId` (the overlay's, sent with `overlay:init`). */
  session(sessionId: string): Session | undefined;
  tabs: TabStates;
  /** The learner's database (opened on first use). */
  store(): Promise<Store>;
  /** Show or clear the toolbar badge of a tab. */
  badge(tabId: number, reading: ReadingRef | null): Promise<void>;
  /** Send a message to a tab's content script (top frame). */
  toTab<M extends TabMessage>(tabId: number, message: M): Promise<TabReplies[M['type']] | null>;
  /** Tell the extension's pages that something changed. */
  broadcast(message: Broadcast): void;
  /** The overlay's keyboard shortcut as currently set, or null. */
  shortcut(): Promise<string | null>;
  /** Course-pack and facilitator requests (`entrypoints/background/course.ts`). */
  facilitator(request: FacilitatorRequest, sender: SenderInfo): Promise<AnyReply>;
}

type AnyReply = Reply<RequestType>;

/** How many of a session's newest reflections `session:state` sends (the popup's first page). */
export const RECENT = 50;
/** How long new work may go without an export before the popup reminds the learner. */
export const REMINDER_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Count reflections by resource and by outcome. The tallies are null-prototype objects: a pack
 * may name an outcome `constructor` or `__proto__`, which a plain `{}` would read from (or
 * write to) `Object.prototype`. They cross the message boundary as plain JSON objects, so
 * readers look a count up with {@link countOf}.
 */
export function countReflections(reflections: readonly Reflection[]): ReflectionCounts {
  const byResource = Object.create(null) as Record<string, number>;
  const byOutcome = Object.create(null) as Record<string, number>;
  for (const r of reflections) {
    byResource[r.resourceId] = countOf(byResource, r.resourceId) + 1;
    for (const o of r.outcomeIds) byOutcome[o] = countOf(byOutcome, o) + 1;
  }
  return { total: reflections.length, byResource, byOutcome };
}

/** Does a reflection's text or quote contain the query (ignoring case)? An empty query matches all. */
export function reflectionMatches(r: Reflection, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  return (
    !q ||
    r.text.toLocaleLowerCase().includes(q) ||
    (r.quote?.exact.toLocaleLowerCase().includes(q) ?? false)
  );
}

/**
 * Whether the learner should be reminded to export: there is work written or changed since
 * the last export, and a week has passed since that export (or, never exported, since the
 * oldest such work).
 */
export function backupStatus(
  all: readonly Reflection[],
  lastExportAt: string | null,
  at: Date,
): BackupStatus {
  const changed = all.filter((r) => lastExportAt === null || r.updatedAt > lastExportAt);
  let since = lastExportAt;
  if (since === null)
    for (const r of changed) if (since === null || r.createdAt < since) since = r.createdAt;
  const reminder =
    changed.length > 0 && since !== null && at.getTime() - Date.parse(since) > REMINDER_AFTER_MS;
  return { lastExportAt, changedSinceExport: changed.length, reminder };
}

function importCounts(plan: ImportPlan): ImportCounts {
  return {
    added: plan.add.length,
    updated: plan.update.length,
    conflicts: plan.conflicts.length,
    unchanged: plan.unchanged + plan.keptLocal,
  };
}

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

const fail = (code: ErrorCode, detail?: string): AnyReply => ({
  ok: false,
  error: detail === undefined ? { code } : { code, detail },
});

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * Build the `runtime.onMessage` handler. It validates the payload, checks that the sender is
 * allowed to send that request, and always resolves to a {@link Reply}; it never throws.
 */
export function createMessageHandler(deps: BackgroundDeps) {
  const now = () => deps.now?.() ?? new Date();

  /** The tab and reading an overlay frame speaks for, or a refusal. */
  async function overlayTab(sender: SenderInfo, token: string) {
    // ALLOWED_SENDERS already let only overlay frames in; the token proves which tab's.
    const tabId = sender.tab?.id;
    if (tabId === undefined)
      throw new Refusal('forbidden_sender', 'only the overlay frame of a tab may ask');
    const state = await deps.tabs.get(tabId);
    if (!state || state.token !== token)
      throw new Refusal('forbidden_sender', 'this overlay was not mounted by the tab');
    if (!state.reading) throw new Refusal('not_a_reading', 'the tab is not on a reading');
    const place: ResourcePlace = { courseId: deps.courseId(), ...state.reading };
    return { tabId, state, place };
  }

  async function ownReflection(store: Store, place: ResourcePlace, id: string) {
    const found = await store.getReflection(id);
    if (!found || found.courseId !== place.courseId || found.resourceId !== place.resourceId)
      throw new Refusal('not_found', 'no such reflection on this reading');
    return found;
  }

  async function route(request: Request, sender: SenderInfo): Promise<AnyReply> {
    if (isFacilitatorRequest(request)) return deps.facilitator(request, sender);
    switch (request.type) {
      case 'page:seen': {
        // Only a content script in a tab's top frame speaks for that tab, and only for its
        // own origin: a script cannot claim its tab shows a reading on another site.
        const tabId = sender.tab?.id;
        if (
          tabId === undefined ||
          sender.frameId !== 0 ||
          !sender.url ||
          !sameOrigin(sender.url, request.url)
        )
          return fail(
            'forbidden_sender',
            'page:seen must come from a tab’s top frame, about its own origin',
          );
        const match = deps.index().lookup(request.url);
        const reading = match ? { sessionId: match.sessionId, resourceId: match.resourceId } : null;
        const before = await deps.tabs.get(tabId);
        // The same page reported again (a page flooding history states, say) changes nothing:
        // no write, no badge, no broadcast; the reply is the same.
        const unchanged =
          before !== null &&
          before.url === request.url &&
          before.token === request.token &&
          before.title === request.title &&
          before.reading?.sessionId === reading?.sessionId &&
          before.reading?.resourceId === reading?.resourceId;
        if (!unchanged) {
          await deps.tabs.set(tabId, {
            reading,
            token: request.token,
            url: request.url,
            title: request.title,
          });
          // Most pages of a reading's site are not readings: leave their (empty) badge alone.
          if (reading || before?.reading) await deps.badge(tabId, reading);
        }
        if (!reading) return { ok: true, reading, layout: null, shortcut: null };
        let layout: Settings['overlay'] | null = null;
        try {
          const store = await deps.store();
          if (!unchanged) {
            await store.markOpened({ courseId: deps.courseId(), ...reading });
            deps.broadcast({
              type: 'progress:changed',
              courseId: deps.courseId(),
              resourceId: reading.resourceId,
            });
          }
          layout = await store.getSetting('overlay');
        } catch {
          // The overlay still mounts without the database; it shows the error itself.
          layout = { side: 'right', expanded: false };
        }
        return { ok: true, reading, layout, shortcut: await deps.shortcut() };
      }

      case 'overlay:toggle': {
        const tabId = sender.tab?.id;
        const state = tabId === undefined ? null : await deps.tabs.get(tabId);
        if (tabId === undefined || sender.frameId !== 0 || !state || state.token !== request.token)
          return fail(
            'forbidden_sender',
            'only the tab’s own content script may toggle its overlay',
          );
        return { ok: true, toggled: await toggleOverlay(deps, tabId) };
      }

      case 'tab:reading': {
        return { ok: true, reading: (await deps.tabs.get(request.tabId))?.reading ?? null };
      }

      case 'session:state': {
        const store = await deps.store();
        const [progress, course, everything, lastExportAt] = await Promise.all([
          store.progressBySession(request.courseId, request.sessionId),
          store.courseReflections(request.courseId),
          store.allReflections(),
          store.getSetting('lastExportAt'),
        ]);
        const reflections = course.filter(
          (r) => r.deletedAt === null && r.sessionId === request.sessionId,
        );
        return {
          ok: true,
          progress,
          counts: countReflections(reflections),
          recent: reflections.slice(0, RECENT),
          // A whole backup holds every course, so the reminder counts every course's work.
          backup: backupStatus(everything, lastExportAt, now()),
          otherCourses: everything.filter(
            (r) => r.deletedAt === null && r.courseId !== request.courseId,
          ).length,
        };
      }

      case 'reflections:search': {
        const store = await deps.store();
        const found = (await store.courseReflections(request.courseId)).filter(
          (r) =>
            r.deletedAt === null &&
            r.sessionId === request.sessionId &&
            reflectionMatches(r, request.query),
        );
        return { ok: true, total: found.length, reflections: found.slice(0, request.limit) };
      }

      case 'export:prepare': {
        const store = await deps.store();
        const courseId = deps.courseId();
        const at = now();
        const fileName = backupFileName({
          courseId,
          sessionId: request.sessionId,
          date: at,
          ext: request.format === 'json' ? 'json' : 'md',
        });
        const inScope = (x: { sessionId: string }) =>
          request.sessionId === null || x.sessionId === request.sessionId;
        let reply: Reply<'export:prepare'>;
        if (request.format === 'json') {
          // A whole backup holds every course in the database; a session's, this course's.
          const data = await store.exportData(request.sessionId === null ? null : courseId);
          const backup = buildBackup(data, {
            courseId,
            packVersion: deps.packVersion(),
            sessionId: request.sessionId,
            now: at,
          });
          const json = backupToJson(backup);
          // Never hand out a file the import would refuse.
          if (backupTooLarge(json))
            return {
              ok: false,
              error: { code: 'backup_refused', reason: 'too_large', detail: 'export too large' },
            };
          reply = { ok: true, fileName, json, reflections: [], progress: [] };
        } else {
          const [all, progress] = await Promise.all([
            store.courseReflections(courseId),
            store.exportData(courseId).then((d) => d.progress),
          ]);
          reply = {
            ok: true,
            fileName,
            json: '',
            reflections: all.filter((r) => r.deletedAt === null && inScope(r)),
            progress: progress.filter(inScope),
          };
        }
        // Only a backup that restores everything silences the reminder: a Markdown journal
        // cannot be imported, and one session's backup leaves the rest unsaved.
        if (request.format === 'json' && request.sessionId === null) {
          await store.setSetting('lastExportAt', at.toISOString());
          deps.broadcast({ type: 'journal:exported', courseId });
        }
        return reply;
      }

      case 'import:preview':
      case 'import:apply': {
        const parsed = parseBackup(request.text, { courseId: deps.courseId() });
        if (!parsed.ok)
          return {
            ok: false,
            error: {
              code: 'backup_refused',
              reason: parsed.error.code,
              path: parsed.error.path,
              detail: parsed.error.detail,
            },
          };
        const store = await deps.store();
        const plan =
          request.type === 'import:apply'
            ? await store.applyImport(parsed.backup)
            : await store.previewImport(parsed.backup);
        if (request.type === 'import:apply')
          deps.broadcast({
            type: 'reflections:changed',
            courseId: deps.courseId(),
            resourceId: '*',
          });
        return { ok: true, counts: importCounts(plan) };
      }

      case 'reflections:adopt': {
        const courseId = deps.courseId();
        const moved = await (await deps.store()).adoptReflections(courseId);
        deps.broadcast({ type: 'reflections:changed', courseId, resourceId: '*' });
        return { ok: true, moved };
      }

      case 'overlay:init': {
        const { tabId, state, place } = await overlayTab(sender, request.token);
        if (!state.reading) return fail('not_a_reading');
        // The overlay receives its reading's session, never the pack (it may be large).
        const session = deps.session(state.reading.sessionId);
        if (!session) return fail('not_a_reading');
        const store = await deps.store();
        const [layout, progress, draft, reflections] = await Promise.all([
          store.getSetting('overlay'),
          store.getProgress(place.courseId, place.resourceId),
          store.getDraft(place.courseId, place.resourceId),
          store.listByResource(place.courseId, place.resourceId),
        ]);
        return {
          ok: true,
          state: {
            courseId: place.courseId,
            reading: state.reading,
            session,
            tabId,
            layout,
            progress,
            draft,
            reflections,
          },
        };
      }

      case 'overlay:layout': {
        const { tabId } = await overlayTab(sender, request.token);
        const layout = { side: request.side, expanded: request.expanded };
        await (await deps.store()).setSetting('overlay', layout);
        await deps.toTab(tabId, {
          type: 'overlay:apply',
          ...layout,
          focus: request.returnFocus ? 'page' : 'none',
        });
        return { ok: true, layout };
      }

      case 'progress:done': {
        const { place } = await overlayTab(sender, request.token);
        const progress = await (await deps.store()).setDone(place, request.done);
        deps.broadcast({
          type: 'progress:changed',
          courseId: place.courseId,
          resourceId: place.resourceId,
        });
        return { ok: true, progress };
      }

      case 'reflection:save': {
        const { state, place } = await overlayTab(sender, request.token);
        const store = await deps.store();
        if (request.id !== undefined) await ownReflection(store, place, request.id);
        const { reflection, conflict } = await store.saveReflection(
          {
            ...place,
            text: request.text,
            quote: request.quote,
            mediaTime: request.mediaTime,
            outcomeIds: request.outcomeIds,
            pageUrl: state.url,
            pageTitle: state.title,
          },
          {
            ...(request.id !== undefined && { id: request.id }),
            ...(request.baseUpdatedAt !== undefined && { baseUpdatedAt: request.baseUpdatedAt }),
            draftOwner: request.draftOwner,
          },
        );
        deps.broadcast({
          type: 'reflections:changed',
          courseId: place.courseId,
          resourceId: place.resourceId,
        });
        const reflections = await store.listByResource(place.courseId, place.resourceId);
        return { ok: true, reflection, conflict, reflections };
      }

      case 'reflection:delete': {
        const { place } = await overlayTab(sender, request.token);
        const store = await deps.store();
        await ownReflection(store, place, request.id);
        if (request.restore) await store.restoreReflection(request.id);
        else await store.deleteReflection(request.id);
        deps.broadcast({
          type: 'reflections:changed',
          courseId: place.courseId,
          resourceId: place.resourceId,
        });
        return {
          ok: true,
          reflections: await store.listByResource(place.courseId, place.resourceId),
        };
      }

      case 'draft:save': {
        const { place } = await overlayTab(sender, request.token);
        const draft = await (
          await deps.store()
        ).saveDraft({
          ...place,
          owner: request.owner,
          text: request.text,
          quote: request.quote,
          mediaTime: request.mediaTime,
          outcomeIds: request.outcomeIds,
          editingId: request.editingId,
          baseUpdatedAt: request.baseUpdatedAt,
        });
        return { ok: true, savedAt: draft.updatedAt };
      }

      case 'draft:clear': {
        const { place } = await overlayTab(sender, request.token);
        await (await deps.store()).clearDraft(place.courseId, place.resourceId, request.owner);
        return { ok: true, cleared: true };
      }

      case 'page:capture': {
        const { tabId } = await overlayTab(sender, request.token);
        if (request.what === 'focus') {
          const reply = await deps.toTab(tabId, { type: 'page:focus' });
          return { ok: true, quote: null, mediaTime: null, focusLeft: reply?.left ?? null };
        }
        if (request.what === 'selection') {
          const reply = await deps.toTab(tabId, { type: 'page:selection' });
          return { ok: true, quote: reply?.quote ?? null, mediaTime: null };
        }
        const reply = await deps.toTab(tabId, { type: 'page:media' });
        return { ok: true, quote: null, mediaTime: reply?.mediaTime ?? null };
      }
    }
  }

  return async function handle(raw: unknown, sender: SenderInfo): Promise<AnyReply> {
    if (sender.id !== deps.extensionId) return fail('forbidden_sender', 'not this extension');
    const parsed = v.safeParse(RequestSchema, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issuePath(issue);
      return fail('invalid_request', path ? `${path}: ${issue.message}` : issue.message);
    }
    const kind = senderKind(sender, deps.extensionOrigin);
    if (!ALLOWED_SENDERS[parsed.output.type].includes(kind))
      return fail('forbidden_sender', `${parsed.output.type} may not come from ${kind}`);
    const request = parsed.output;
    const tabId = sender.tab?.id;
    try {
      // A page's report and the check that its tab left it (tabLoaded) never interleave.
      if (request.type === 'page:seen' && tabId !== undefined)
        return await inTabOrder(deps, tabId, () => route(request, sender));
      return await route(request, sender);
    } catch (e) {
      if (e instanceof Refusal) return fail(e.code, e.message);
      if (e instanceof DatabaseError) return fail(e.code, e.message);
      return fail('internal', e instanceof Error ? e.message : String(e));
    }
  };
}

const tabQueues = new WeakMap<BackgroundDeps, Map<number, Promise<unknown>>>();

/** Run `task` after every earlier task of the same tab has finished (one at a time per tab). */
function inTabOrder<T>(deps: BackgroundDeps, tabId: number, task: () => Promise<T>): Promise<T> {
  const queues = tabQueues.get(deps) ?? new Map<number, Promise<unknown>>();
  tabQueues.set(deps, queues);
  const run = (queues.get(tabId) ?? Promise.resolve()).then(task);
  const tail = run.catch(() => undefined);
  queues.set(tabId, tail);
  void tail.then(() => {
    if (queues.get(tabId) === tail) queues.delete(tabId);
  });
  return run;
}

/**
 * A tab finished loading (`tabs.onUpdated`, status `complete`): if it showed a reading and
 * our content script is no longer in its page, it left for a site where that script does not
 * run, so it shows no reading and loses its badge. Without the `tabs` permission the event
 * carries no address, and Chromium reports `loading`/`complete` for in-page navigation too
 * (history.pushState, a new #fragment), so the content script is asked instead of the event:
 * any answer proves the page (or its successor on a reading host, which reports itself) is
 * ours. A page that reported itself meanwhile brought a new token and is never cleared.
 */
export async function tabLoaded(deps: BackgroundDeps, tabId: number): Promise<void> {
  const before = await deps.tabs.get(tabId);
  if (!before?.reading) return;
  // Any answer will do (the media question has no side effects): our script is there.
  if ((await deps.toTab(tabId, { type: 'page:media' })) !== null) return;
  await inTabOrder(deps, tabId, async () => {
    if ((await deps.tabs.get(tabId))?.token !== before.token) return;
    await deps.tabs.set(tabId, null);
    await deps.badge(tabId, null);
  });
}

/** Two toggles of one tab closer than this are one key press delivered twice. */
const SAME_PRESS_MS = 400;
const lastToggle = new WeakMap<BackgroundDeps, Map<number, number>>();

/**
 * The toolbar shortcut: open or close the overlay of a reading tab, moving keyboard focus
 * into it when it opens and back to the page when it closes.
 */
export async function toggleOverlay(deps: BackgroundDeps, tabId: number): Promise<boolean> {
  // One key press can arrive twice, as the browser's command and as the page's key event
  // (Firefox delivers both): the second, within moments of the first, is the same press.
  const at = (deps.now?.() ?? new Date()).getTime();
  const toggles = lastToggle.get(deps) ?? new Map<number, number>();
  lastToggle.set(deps, toggles);
  const previous = toggles.get(tabId);
  if (previous !== undefined && at - previous < SAME_PRESS_MS) return false;
  toggles.set(tabId, at);
  const state = await deps.tabs.get(tabId);
  if (!state?.reading) return false;
  const store = await deps.store();
  const current = await store.getSetting('overlay');
  const layout = { ...current, expanded: !current.expanded };
  await store.setSetting('overlay', layout);
  await deps.toTab(tabId, {
    type: 'overlay:apply',
    ...layout,
    focus: layout.expanded ? 'overlay' : 'page',
  });
  deps.broadcast({ type: 'overlay:layout', tabId, layout, focus: layout.expanded });
  return true;
}

/** How long the background waits for typing to pause before writing a draft. */
export const DRAFT_WRITE_DELAY_MS = 300;

/**
 * The background end of an overlay's `draft` port. The editor posts its whole draft on every
 * change (`DraftPost` in messages.ts); the background writes the latest one when typing pauses, and at
 * once when the port closes (the tab was closed or navigated), so even the last words typed
 * before closing the tab are kept. A `draft:clear` replaces anything pending and is written at
 * once. Each write is answered with its post's number ({@link DraftAck}): a worker stopped
 * before it wrote drops the pending draft, so the editor keeps it until answered and sends it
 * again when its port reconnects.
 */
export function createDraftRelay(
  handle: (message: unknown, sender: SenderInfo) => Promise<AnyReply>,
  sender: SenderInfo,
  answer: (ack: DraftAck) => void,
  delayMs = DRAFT_WRITE_DELAY_MS,
) {
  let pending: { seq: number; request: unknown } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending === null) return writing;
    const { seq, request } = pending;
    pending = null;
    // Writes stay in order: a clear never overtakes the save before it.
    writing = writing
      .then(() => handle(request, sender))
      .then((reply) => {
        answer(reply.ok ? { seq, ok: true } : { seq, ok: false, error: reply.error });
      });
    return writing;
  };
  return {
    /** A post from the editor: the draft as it is now, or a clear. */
    message(raw: unknown) {
      // Untrusted until `handle` checks the request; only the number is read here.
      const post = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const { seq, request } = post;
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
        answer({ seq: -1, ok: false, error: { code: 'invalid_request', detail: 'seq' } });
        return writing;
      }
      pending = { seq, request };
      const clear =
        typeof request === 'object' &&
        request !== null &&
        (request as { type?: unknown }).type === 'draft:clear';
      if (clear) return flush();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
      return writing;
    },
    /** The port closed: write what is pending now. */
    disconnect: flush,
  };
}
