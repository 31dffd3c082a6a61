/**
 * The hosts the learner let the companion show on, beyond the build's (docs/decisions.md,
 * "Consent per host"). The learner's click asks the browser for exactly those hosts
 * (`permissions.request`, from the page: it needs the click's gesture); the background then
 * remembers the consent and registers the reading script there (`scripting`), so the overlay
 * mounts as on the build's hosts. A host counts while it is both consented and granted: a host
 * granted for a link check alone gets no companion, and a host whose permission the learner
 * removes in the browser loses it at once (`permissions.onRemoved`). Registrations are made
 * again from that rule whenever the worker starts, so they survive browser restarts and
 * extension updates whatever the browser keeps of them.
 */
import { HOST_PATTERN } from '../../utils/protocol/limits';

/** The id of the reading script's registration on the hosts the learner granted. */
export const GRANTED_SCRIPT_ID = 'reading-granted';

/** What the consent needs from the browser (injected, so unit tests drive it without one). */
export interface CompanionHostsApi {
  /** The host patterns the browser grants the extension now. */
  granted(): Promise<string[]>;
  /** The hosts the learner consented to, as stored (absent: none). */
  consented(): Promise<string[]>;
  saveConsented(patterns: string[]): Promise<void>;
  /** The matches of the reading script's registration, or null when it is not registered. */
  registered(): Promise<string[] | null>;
  /** Register (`existing: false`) or update the reading script with `matches`. */
  register(matches: string[], existing: boolean): Promise<void>;
  unregister(): Promise<void>;
  /** Run the reading script now in open tabs on `patterns` that do not run it yet. */
  injectOpenTabs(patterns: string[]): Promise<void>;
}

/** The consent per host, over the browser API it is given. */
export interface CompanionHosts {
  /** The host patterns where the companion shows beyond the build's: consented and granted. */
  enabled(): Promise<string[]>;
  /**
   * The learner agreed and the browser granted `patterns`: remember them, register the reading
   * script, run it in open tabs there. Returns the enabled patterns; the ones the browser does
   * not grant (the learner said no) are not remembered.
   */
  enable(patterns: string[]): Promise<string[]>;
  /** Bring the registration in line with consent and grants (worker start, permission change). */
  sync(): Promise<void>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const other = new Set(b);
  return a.length === other.size && new Set(a).size === a.length && a.every((x) => other.has(x));
};

/** The consent per host over `api`. Calls run one at a time, in order. */
export function createCompanionHosts(api: CompanionHostsApi): CompanionHosts {
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const enabledNow = async () => {
    const [granted, consented] = await Promise.all([api.granted(), api.consented()]);
    const grants = new Set(granted);
    return consented.filter((p) => HOST_PATTERN.test(p) && grants.has(p)).sort();
  };

  const syncNow = async () => {
    const enabled = await enabledNow();
    const registered = await api.registered();
    if (enabled.length === 0) {
      if (registered !== null) await api.unregister();
    } else if (registered === null || !sameSet(registered, enabled)) {
      await api.register(enabled, registered !== null);
      // Tabs that loaded before this registration (restored at start, say) get the script now.
      const added = enabled.filter((p) => !registered?.includes(p));
      if (added.length) await api.injectOpenTabs(added);
    }
    return enabled;
  };

  return {
    enabled: () => inOrder(enabledNow),
    sync: () => inOrder(syncNow).then(() => undefined),
    enable: (patterns) =>
      inOrder(async () => {
        const granted = new Set(await api.granted());
        const agreed = patterns.filter((p) => HOST_PATTERN.test(p) && granted.has(p));
        const consented = await api.consented();
        const next = [...new Set([...consented, ...agreed])].sort();
        if (!sameSet(next, consented)) await api.saveConsented(next);
        return syncNow();
      }),
  };
}
