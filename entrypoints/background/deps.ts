/**
 * What every request handler of the background is given and returns: its dependencies on the
 * outside world ({@link BackgroundDeps}, injected so the unit tests drive the handlers without
 * a browser), the shape of a handler and of the table that routes requests to handlers.
 */
import type { SyncService } from './sync/service';
import type { HostOptions } from '../../content/hosts';
import type {
  Broadcast,
  ErrorCode,
  ReadingRef,
  Reply,
  ReplyError,
  Request,
  RequestType,
  TabMessage,
  TabReplies,
} from '../../utils/protocol/messages';
import type { CompanionHosts } from './companion-hosts';
import type { CourseState } from './course-state';
import type { Store } from './db/store';
import type { SenderInfo, SenderKind } from './senders';

/** What the background remembers about a tab that runs the reading content script. */
export interface TabState {
  reading: ReadingRef | null;
  /** The secret the tab's content script gave its overlay frame. */
  token: string;
  url: string;
  title: string;
  /** What the tab's quote script last found of the reading's quotes (absent: not looked yet). */
  quotes?: { found: string[]; missing: string[]; ms: number };
}

/** Where the background remembers each tab's state (survives worker restarts). */
export interface TabStates {
  get(tabId: number): Promise<TabState | null>;
  set(tabId: number, state: TabState | null): Promise<void>;
  /** The tabs it remembers. */
  ids(): Promise<number[]>;
}

/** Everything the handlers need from the outside world. */
export interface BackgroundDeps {
  /** This extension's id; messages from anything else are refused. */
  extensionId: string;
  /** This extension's origin, e.g. `chrome-extension://abc/`. */
  extensionOrigin: string;
  /** The current pack, its recogniser index, and what they were made from. */
  course: CourseState;
  /** The clock (tests set it). */
  now?: () => Date;
  tabs: TabStates;
  /** The match patterns of the build's content scripts: where the companion is at install. */
  builtMatches: readonly string[];
  /** The hosts the learner let the companion show on, and the reading script's registration. */
  companion: CompanionHosts;
  /** The learner's database (opened on first use). */
  store(): Promise<Store>;
  /** Show or clear the toolbar badge of a tab. */
  badge(tabId: number, reading: ReadingRef | null): Promise<void>;
  /**
   * Show on the tab's toolbar button how many links its session page taught, or (`session`)
   * the number of the session it taught.
   */
  learnedBadge(tabId: number, learned: number, session?: number): Promise<void>;
  /** Send a message to a tab's content script (top frame). */
  toTab<M extends TabMessage>(tabId: number, message: M): Promise<TabReplies[M['type']] | null>;
  /** Tell the extension's pages that something changed. */
  broadcast(message: Broadcast): void;
  /**
   * A tab's address and title, as far as the browser lets the extension see them (only with
   * `activeTab` or a host permission; otherwise without `url`), or null if there is no tab.
   */
  tabPage(tabId: number): Promise<{ url?: string; title?: string } | null>;
  /** The overlay's keyboard shortcut as currently set, or null. */
  shortcut(): Promise<string | null>;
  /**
   * Accept loopback addresses in packs: the end-to-end test build only (its manifest grants
   * its local test server; see `loopbackGranted` in content/hosts.ts). Never in shipped code.
   */
  allowLoopback?: boolean;
  /** Sync with the learner's CouchDB server (absent: the requests say `not_found`). */
  sync?: SyncService;
}

/** The time now, by the injected clock if there is one. */
export const clock = (deps: BackgroundDeps): Date => deps.now?.() ?? new Date();

/** The hosts a pack may link to: loopback only in the end-to-end test build. */
export const hostsOf = (deps: BackgroundDeps): HostOptions => ({
  allowLoopback: deps.allowLoopback === true,
});

/** The request of type `T`, as validated by `RequestSchema`. */
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/**
 * The handler of requests of type `T`. The router has already checked that the message is
 * this extension's, matches its schema and comes from a sender the table allows; the handler
 * checks what only it can (a token, the page's own address). It may throw a {@link Refusal}
 * or a database error: the router turns both into a reply.
 */
export type Handler<T extends RequestType> = (
  request: RequestOf<T>,
  sender: SenderInfo,
  deps: BackgroundDeps,
) => Promise<Reply<T>>;

/** Which senders may send a request, and what handles it. */
export interface Route<T extends RequestType> {
  readonly senders: readonly SenderKind[];
  readonly handle: Handler<T>;
  /**
   * A successful reply means what syncs changed (reflections, progress, settings, the
   * learner's links): the router has a sync follow shortly (debounced; nothing while sync is off).
   */
  readonly syncs?: true;
}

/** One route for every request type: TypeScript refuses a request without both. */
export type RouteTable = { readonly [T in RequestType]: Route<T> };

/** A request refused by a handler's own check; the router replies with its code. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** The failed reply with `code` (and a detail for developers). */
export const fail = (code: ErrorCode, detail?: string): { ok: false; error: ReplyError } => ({
  ok: false,
  error: detail === undefined ? { code } : { code, detail },
});
