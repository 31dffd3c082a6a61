/**
 * Requests about the hosts the companion shows on beyond the build's (`companion-hosts.ts`):
 * which ones (`hosts:state`), and the learner's consent to more (`hosts:enable`). The page
 * that sends `hosts:enable` has just had the browser grant those hosts at the learner's click;
 * the background believes the browser, not the message: a host it does not grant is ignored.
 */
import type { Handler } from '../deps';

/** `hosts:state`: where the companion shows beyond the build's hosts. */
export const hostsState: Handler<'hosts:state'> = async (_request, _sender, deps) => ({
  ok: true,
  enabled: await deps.companion.enabled(),
});

/** `hosts:enable`: the learner let the companion show on these hosts. */
export const hostsEnable: Handler<'hosts:enable'> = async (request, _sender, deps) => ({
  ok: true,
  enabled: await deps.companion.enable(request.origins),
});
