/**
 * The background's message handling as a pure function of its dependencies, so the unit tests
 * can drive it without a browser (WXT's fake browser delivers messages differently from one
 * version to the next; see ARCHITECTURE.md).
 */
import * as v from 'valibot';
import type { ReadingIndex } from '../content/recognizer';
import type { ReadingRef, Reply, Request, RequestType } from './messages';
import { RequestSchema } from './request-schema';

/** What the handler knows of who sent a message (a subset of `runtime.MessageSender`). */
export interface SenderInfo {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/** Where the background remembers which reading each tab shows (survives worker restarts). */
export interface TabReadings {
  get(tabId: number): Promise<ReadingRef | null>;
  set(tabId: number, reading: ReadingRef | null): Promise<void>;
}

/** Everything the handler needs from the outside world. */
export interface BackgroundDeps {
  /** This extension's id; messages from anything else are refused. */
  extensionId: string;
  /** This extension's origin, e.g. `chrome-extension://abc/`; only its pages may ask about tabs. */
  extensionOrigin: string;
  /** The current recogniser index (rebuilt when the pack changes). */
  index(): ReadingIndex;
  tabs: TabReadings;
  /** Show or clear the toolbar badge of a tab. */
  badge(tabId: number, reading: ReadingRef | null): Promise<void>;
}

type AnyReply = Reply<RequestType>;

const fail = (
  code: 'invalid_request' | 'forbidden_sender' | 'internal',
  detail?: string,
): AnyReply => ({
  ok: false,
  error: detail === undefined ? { code } : { code, detail },
});

function isExtensionPage(sender: SenderInfo, deps: BackgroundDeps): boolean {
  // A content script's sender.url is its page's address, never the extension's origin.
  return sender.url?.startsWith(deps.extensionOrigin) === true;
}

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
  return async function handle(raw: unknown, sender: SenderInfo): Promise<AnyReply> {
    if (sender.id !== deps.extensionId) return fail('forbidden_sender', 'not this extension');
    const parsed = v.safeParse(RequestSchema, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p) => String((p as { key: unknown }).key)).join('.') ?? '';
      return fail('invalid_request', path ? `${path}: ${issue.message}` : issue.message);
    }
    const request: Request = parsed.output;
    try {
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
          const reading = match
            ? { sessionId: match.sessionId, resourceId: match.resourceId }
            : null;
          await deps.tabs.set(tabId, reading);
          await deps.badge(tabId, reading);
          return { ok: true, reading };
        }
        case 'tab:reading': {
          if (!isExtensionPage(sender, deps))
            return fail('forbidden_sender', 'only extension pages may ask');
          return { ok: true, reading: await deps.tabs.get(request.tabId) };
        }
      }
    } catch (e) {
      return fail('internal', e instanceof Error ? e.message : String(e));
    }
  };
}
