/**
 * The background's request router, a pure function of its dependencies so the unit tests can
 * drive it without a browser (WXT's fake browser delivers messages differently from one
 * version to the next). For every message it checks, in order, that it comes from this
 * extension, matches its schema (`RequestSchema`), and comes from a sender the route table
 * (`routes.ts`) allows for its type; only then does the request's handler run. A request that
 * changed what syncs is followed by a sync.
 */
import * as v from 'valibot';
import { issuePath } from '../../utils/protocol/issue-path';
import type { Reply, RequestType } from '../../utils/protocol/messages';
import { RequestSchema } from '../../utils/protocol/request-schema';
import { DatabaseError } from './db/database';
import { fail, Refusal, type BackgroundDeps, type Route } from './deps';
import { ROUTES } from './routes';
import { senderKind, type SenderInfo } from './senders';

/** The handler of `runtime.onMessage`: any message in, a {@link Reply} out. */
export type MessageHandler = (raw: unknown, sender: SenderInfo) => Promise<Reply<RequestType>>;

/**
 * Build the `runtime.onMessage` handler. It validates the payload, checks that the sender is
 * allowed to send that request, dispatches it to its handler, and always resolves to a
 * {@link Reply}; it never throws.
 */
export function createMessageHandler(deps: BackgroundDeps): MessageHandler {
  return async function handle(raw, sender) {
    if (sender.id !== deps.extensionId) return fail('forbidden_sender', 'not this extension');
    const parsed = v.safeParse(RequestSchema, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issuePath(issue);
      return fail('invalid_request', path ? `${path}: ${issue.message}` : issue.message);
    }
    const request = parsed.output;
    // The table pairs each type with its own handler; TypeScript cannot follow that through a union.
    const route = ROUTES[request.type] as Route<RequestType>;
    const kind = senderKind(sender, deps.extensionOrigin);
    if (!route.senders.includes(kind))
      return fail('forbidden_sender', `${request.type} may not come from ${kind}`);
    try {
      const reply = await route.handle(request, sender, deps);
      // A change of what syncs: sync shortly (a no-op while sync is off).
      if (reply.ok && route.syncs) deps.sync?.changed();
      return reply;
    } catch (e) {
      if (e instanceof Refusal) return fail(e.code, e.message);
      if (e instanceof DatabaseError) return fail(e.code, e.message);
      return fail('internal', e instanceof Error ? e.message : String(e));
    }
  };
}
