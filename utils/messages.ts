/**
 * The one message protocol between the extension's contexts. Every request is named here,
 * its payload is checked with a schema by the background (the receiver), and every reply is
 * `{ ok: true, … }` or `{ ok: false, error }`. Web pages cannot send these messages: the
 * manifest declares no `externally_connectable`, so only the extension's own pages and
 * content scripts reach `runtime.onMessage`.
 */
import { browser } from 'wxt/browser';
import type { Request, RequestType } from './request-schema';

export type { Request, RequestType };

/** A reading as the background reports it: ids only; the UI looks the texts up in the pack. */
export interface ReadingRef {
  sessionId: string;
  resourceId: string;
}

/** The successful reply payload of each request. */
export interface Replies {
  'page:seen': { reading: ReadingRef | null };
  'tab:reading': { reading: ReadingRef | null };
}

/**
 * Machine-readable error codes; each has a translated text `error_<code>` in
 * `public/_locales/*\/messages.json`.
 */
export type ErrorCode = 'invalid_request' | 'forbidden_sender' | 'internal';

/** Why a request failed: a code to translate and, for developers, the detail. */
export interface ReplyError {
  code: ErrorCode;
  detail?: string;
}

/** The reply to a request of type `T`. */
export type Reply<T extends RequestType> =
  ({ ok: true } & Replies[T]) | { ok: false; error: ReplyError };

/**
 * Send a request to the background and wait for its reply. A failure to deliver (the
 * worker restarting, the extension reloaded) comes back as an `internal` error, not a throw.
 */
export async function send<T extends RequestType>(
  request: Extract<Request, { type: T }>,
): Promise<Reply<T>> {
  try {
    const reply = await browser.runtime.sendMessage<typeof request, Reply<T> | undefined>(request);
    return reply ?? { ok: false, error: { code: 'internal', detail: 'no reply' } };
  } catch (e) {
    return { ok: false, error: { code: 'internal', detail: String(e) } };
  }
}
