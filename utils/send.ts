/**
 * How every context but the background talks to it: one typed call over
 * `runtime.sendMessage`. Apart from the protocol (`utils/protocol/`), which is pure types and
 * schemas, because this is the one piece of it that needs the browser.
 */
import { browser } from 'wxt/browser';
import type { Reply, Request, RequestType } from './protocol/messages';

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
