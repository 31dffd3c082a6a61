/**
 * What a link check finds, as the facilitator page reports it and the background stores it
 * (`StoredLinkCheck`). The checker that produces these is the facilitator page's
 * (entrypoints/options/link-check.ts, where the table of statuses is); the shapes are shared so
 * that the background, the popup and the course domain can read results without importing it.
 */

/** What a check found; see the table at the top of entrypoints/options/link-check.ts. */
export type LinkStatus =
  | 'works'
  | 'redirected'
  | 'moved'
  | 'not_found'
  | 'refused'
  | 'server_error'
  | 'redirect_loop'
  | 'timed_out'
  | 'unreachable'
  | 'missing'
  | 'cancelled';

/**
 * Why a link is `unreachable`. (`redirect_loop` is no longer produced, a loop having its own
 * status; results stored by earlier versions may still carry it.)
 */
export type LinkDetail =
  | 'invalid_url'
  | 'network_error'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'redirect_failed'
  | 'private_host'
  | 'bad_redirect'
  | 'unexpected_status';

/**
 * One address of a redirect chain and the HTTP status it answered. `null` when no status is
 * known: the browser hid it (an opaque redirect), or the request got no answer (the last hop
 * of a check that timed out, failed or was cancelled).
 */
export interface Hop {
  url: string;
  status: number | null;
}

/** The result of checking one resource's link. */
export interface LinkResult {
  resourceId: string;
  /** The link as given; `null` for a resource without one (`missing`). */
  url: string | null;
  status: LinkStatus;
  finalUrl: string | null;
  /** Every address requested, in order, starting with `url`; empty when nothing was requested. */
  chain: Hop[];
  httpStatus: number | null;
  /**
   * Milliseconds from the first request to the answer that decided, redirects and a GET retry
   * included; `null` exactly when `httpStatus` is.
   */
  ms: number | null;
  /** When the check ended, as an ISO 8601 date-time. */
  checkedAt: string;
  detail?: LinkDetail;
}

/** One resource to check: its id and its link, `null` when it has none. */
export interface LinkItem {
  resourceId: string;
  url: string | null;
}
