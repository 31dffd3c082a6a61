/**
 * The sync requests of the popup and the facilitator page (`sync/service.ts` does the work).
 * Every reply carries the status without the credentials: they go in with `sync:configure`
 * and never come out.
 */
import { Refusal, type BackgroundDeps, type Handler } from '../deps';
import type { SyncService } from '../sync/service';

function service(deps: BackgroundDeps): SyncService {
  if (!deps.sync) throw new Refusal('not_found', 'sync is not available here');
  return deps.sync;
}

/** `sync:state`: on or off, last synced, what waits, the last error. */
export const syncState: Handler<'sync:state'> = async (_request, _sender, deps) => ({
  ok: true,
  sync: await service(deps).status(),
});

/**
 * `sync:configure`: store the settings and sync once. The page asked the browser for exactly
 * the server's origin at the learner's click; the service checks the browser granted it.
 */
export const syncConfigure: Handler<'sync:configure'> = async (request, _sender, deps) => {
  const sync = service(deps);
  const result = await sync.configure(request.settings);
  return typeof result === 'string'
    ? { ok: true, sync: await sync.status(), error: result }
    : { ok: true, sync: result, error: null };
};

/** `sync:test`: reach the server; the reason it cannot be used, or null. */
export const syncTest: Handler<'sync:test'> = async (request, _sender, deps) => ({
  ok: true,
  error: await service(deps).test(request.settings),
});

/** `sync:now`: sync now, whatever the backoff says. */
export const syncNow: Handler<'sync:now'> = async (_request, _sender, deps) => ({
  ok: true,
  sync: await service(deps).syncNow(),
});

/** `sync:disable`: sync off; the journal stays on this device (and on the server). */
export const syncDisable: Handler<'sync:disable'> = async (_request, _sender, deps) => ({
  ok: true,
  sync: await service(deps).disable(),
});
