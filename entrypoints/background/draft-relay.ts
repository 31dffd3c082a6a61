/**
 * The background end of an editor's `draft` port (the overlay's, or the popup writer's): the
 * editor streams its draft while the learner types, and the background writes the latest one
 * through the router, as any request.
 */
import type { DraftAck } from '../../utils/protocol/messages';
import type { MessageHandler } from './router';
import type { SenderInfo } from './senders';

/** How long the background waits for typing to pause before writing a draft. */
const DRAFT_WRITE_DELAY_MS = 300;

/**
 * The background end of an editor's `draft` port. The editor posts its whole draft on every
 * change (`DraftPost` in messages.ts); the background writes the latest one when typing pauses, and at
 * once when the port closes (the tab was closed or navigated, the popup closed because the
 * learner clicked elsewhere), so even the last words typed before closing are kept. A `draft:clear` replaces anything pending and is written at
 * once. Each write is answered with its post's number ({@link DraftAck}): a worker stopped
 * before it wrote drops the pending draft, so the editor keeps it until answered and sends it
 * again when its port reconnects.
 */
export function createDraftRelay(
  handle: MessageHandler,
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
      const type =
        typeof request === 'object' && request !== null
          ? (request as { type?: unknown }).type
          : undefined;
      const clear = type === 'draft:clear' || type === 'writer:draft:clear';
      if (clear) return flush();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
      return writing;
    },
    /** The port closed: write what is pending now. */
    disconnect: flush,
  };
}
