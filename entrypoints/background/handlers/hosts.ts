/**
 * Requests about the hosts the companion shows on beyond the build's (`companion-hosts.ts`):
 * which ones (`hosts:state`), and the learner's consent to more (`hosts:enable`). The page
 * that sends `hosts:enable` has just had the browser grant those hosts at the learner's click;
 * the background believes the browser, not the message: a host it does not grant is ignored.
 */
import { patternHost, uncoveredPatterns } from '../../../content/companion-hosts';
import { addressesOf } from '../../../content/recognizer';
import type { CompanionHostsState } from '../../../utils/protocol/course-messages';
import { hostsOf, type BackgroundDeps, type Handler } from '../deps';

/**
 * Every address of the readings of session `sessionId` (else of the whole pack): links,
 * alternates, and the pages the learner linked.
 */
function readingLinks(deps: BackgroundDeps, sessionId: string | undefined): string[] {
  const sessions = deps.course
    .pack()
    .sessions.filter((s) => sessionId === undefined || s.id === sessionId);
  const ids = new Set(sessions.flatMap((s) => s.resources.map((r) => r.id)));
  return [
    ...sessions.flatMap((s) => s.resources.flatMap(addressesOf).filter((l) => l !== null)),
    ...deps.course
      .learnerLinks()
      .filter((l) => ids.has(l.resourceId))
      .map((l) => l.link),
  ];
}

/** What the companion reaches, given the hosts `enabled` beyond the build's. */
function state(deps: BackgroundDeps, sessionId: string | undefined, enabled: string[]) {
  const missing = uncoveredPatterns(
    readingLinks(deps, sessionId),
    [...deps.builtMatches, ...enabled],
    hostsOf(deps),
  );
  const missingHosts = [...new Set(missing.map((p) => patternHost(p).replace(/^www\./, '')))];
  return { ok: true, enabled, missing, missingHosts } satisfies { ok: true } & CompanionHostsState;
}

/** `hosts:state`: where the companion shows beyond the build's hosts, and where not yet. */
export const hostsState: Handler<'hosts:state'> = async (request, _sender, deps) =>
  state(deps, request.sessionId, await deps.companion.enabled());

/** `hosts:enable`: the learner let the companion show on these hosts (the whole pack's state). */
export const hostsEnable: Handler<'hosts:enable'> = async (request, _sender, deps) =>
  state(deps, undefined, await deps.companion.enable(request.origins));
