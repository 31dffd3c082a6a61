import { useEffect, useRef, useState, type Inputs } from 'preact/hooks';
import type { Broadcast, ReplyError } from '../utils/protocol/messages';
import { onBroadcast } from './broadcasts';

/** A reply as `send` gives it: `{ ok: true, … }` or the error. */
type AnyReply<R> = R | { ok: false; error: ReplyError };

/** Takes part of a fresh reply into the kept one (the rest of the kept reply stays). */
export type TakeFrom<R> = (kept: R, fresh: R) => R;

/** What a view keeps of the background's replies to one request (see {@link useBackground}). */
export interface BackgroundReply<R> {
  /** The last successful reply; `null` until one came. */
  reply: R | null;
  /** The error of the last reply; `null` once one succeeded again (or before any came). */
  error: ReplyError | null;
  /** Whether any reply (a success or an error) came. */
  loaded: boolean;
  /** How many successful replies came: it changes whenever the data may have. */
  version: number;
  /** Ask again now, e.g. after an action whose result the page waits for. */
  reload: () => Promise<void>;
  /** Change the kept reply in place: an action's own reply said what changed. */
  update: (change: (reply: R) => R) => void;
}

const NOTHING_YET = { reply: null, error: null, loaded: false, version: 0 };

/**
 * Ask the background once, keep its reply, and ask again whenever a broadcast says the reply
 * is stale, while the view is open: the one way the extension's pages load what they show.
 *
 * @param ask sends the request (`() => send({ type: … })`); `null` when there is nothing to ask
 *   (the kept reply stays)
 * @param reloadOn which broadcasts make the kept reply stale: `true` replaces it with a fresh
 *   reply, a {@link TakeFrom} takes only part of the fresh one (`kept` is `null` until a reply
 *   came); read when a broadcast arrives, so it may also act on broadcasts that carry their news
 * @param deps what the request depends on: a change asks again (the kept reply stays until then)
 * @param watch other events that make the reply stale (tab switches, say): call `reload` on
 *   each; returns the function that stops watching
 * @param initial a reply known before asking (a snapshot of the last one): shown at once, and
 *   replaced by the background's answer, which is still asked for
 */
export function useBackground<R extends { ok: true }>(
  ask: () => Promise<AnyReply<R> | null>,
  reloadOn: (broadcast: Broadcast, kept: R | null) => boolean | TakeFrom<R>,
  deps: Inputs,
  watch?: (reload: () => void) => () => void,
  initial?: R | null,
): BackgroundReply<R> {
  const [state, setState] = useState<Omit<BackgroundReply<R>, 'reload' | 'update'>>(() =>
    initial ? { reply: initial, error: null, loaded: true, version: 1 } : NOTHING_YET,
  );
  const kept = useRef(state.reply);
  kept.current = state.reply;
  const load = useRef<(take?: TakeFrom<R>) => Promise<void>>(async () => {});

  useEffect(() => {
    let alive = true;
    load.current = async (take) => {
      const reply = await ask();
      if (!alive || !reply) return;
      setState((s) =>
        reply.ok
          ? {
              reply: take && s.reply ? take(s.reply, reply) : reply,
              error: null,
              loaded: true,
              version: s.version + 1,
            }
          : { ...s, error: reply.error, loaded: true },
      );
    };
    void load.current();
    const stopListening = onBroadcast((m) => {
      const stale = reloadOn(m, kept.current);
      if (stale) void load.current(stale === true ? undefined : stale);
    });
    const stopWatching = watch?.(() => void load.current());
    return () => {
      alive = false;
      stopListening();
      stopWatching?.();
    };
    // The caller names what the request depends on, as for any effect.
  }, deps);

  return {
    ...state,
    reload: () => load.current(),
    update: (change) => {
      setState((s) => (s.reply ? { ...s, reply: change(s.reply) } : s));
    },
  };
}
