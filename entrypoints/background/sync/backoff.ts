/**
 * How long sync waits after failures before it tries again: PouchDB's own retry is off (it
 * would retry forever, inside a worker the browser stops anyway), and this bounded backoff is
 * kept in storage, so it holds across the worker stopping. Pure.
 */

/** The first wait after a failure. */
export const BACKOFF_MIN_MS = 60_000;
/** The longest wait: a server down for a day is still tried a few times a day. */
export const BACKOFF_MAX_MS = 6 * 60 * 60_000;

/**
 * The wait before attempt `failures + 1`, after `failures` (≥ 1) failures in a row: doubling
 * from {@link BACKOFF_MIN_MS}, capped at {@link BACKOFF_MAX_MS}, and spread by `random` (0–1)
 * over its upper half, so devices that failed together do not all come back at once. Always
 * within [BACKOFF_MIN_MS / 2, BACKOFF_MAX_MS].
 */
export function backoffMs(failures: number, random: number): number {
  const n = Math.max(1, Math.min(Number.isFinite(failures) ? Math.floor(failures) : 1, 30));
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (n - 1));
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 1;
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
