import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isPublicUrl, loopbackGranted, type HostOptions } from '../../content/hosts';
import type { Pack } from '../../content/pack-schema';
import { checkItems, originsOf } from '../../content/pack-links';
import type { StoredLinkCheck } from '../../utils/protocol/records';
import { t } from '../../utils/i18n';
import { send } from '../../utils/send';
import { type ReplyError } from '../../utils/protocol/messages';
import { checkAll } from './link-check';
import type { LinkResult } from '../../utils/protocol/link-checks';
import type { Notice } from './notice';

/** How many links are checked at the same time. */
const CONCURRENCY = 4;
/** The default time a link may take to answer, in seconds. */
const DEFAULT_TIMEOUT_S = 10;

/**
 * Loopback is checked only in the end-to-end test build, whose manifest grants its local test
 * server at install; the shipped manifest grants no host, so private hosts are never checked.
 */
function hostOptions(): HostOptions {
  try {
    return { allowLoopback: loopbackGranted(browser.runtime.getManifest().host_permissions) };
  } catch {
    // No manifest to read (unit tests' fake browser): public hosts only.
    return {};
  }
}

/** A check in progress: how far it got, and the results so far. */
export interface Run {
  done: number;
  total: number;
  running: boolean;
  results: Map<string, LinkResult>;
}

/** What the page hands {@link useLinkCheckRun}: where notices and saved checks go. */
export interface LinkCheckRunProps {
  pack: Pack | undefined;
  onNotice: (notice: Notice | null) => void;
  onError: (error: ReplyError) => void;
  /** The checks the background stored after this run (its reply to `checks:save`). */
  onSaved: (checks: StoredLinkCheck[]) => void;
}

/**
 * A facilitator's link check: asks for exactly the hosts it needs (and gives back what it
 * added when it ends), checks every link of the pack or of one session with progress and
 * Cancel, then stores the results. The check stops when the page closes.
 */
export function useLinkCheckRun({ pack, onNotice, onError, onSaved }: LinkCheckRunProps) {
  const [run, setRun] = useState<Run | null>(null);
  const [timeoutS, setTimeoutS] = useState(DEFAULT_TIMEOUT_S);
  const controller = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      controller.current?.abort();
    },
    [],
  );

  /** Check every link of the pack, or of one session. Called from a click: a user gesture. */
  const start = async (sessionId?: string) => {
    if (!pack) return;
    const items = checkItems(pack, sessionId);
    if (items.length === 0) {
      onNotice({ kind: 'status', text: t('checkNothing') });
      return;
    }
    const hosts = hostOptions();
    const origins = originsOf(
      items.map((i) => i.url),
      hosts,
    );
    // Which of them this check will add: only those are given back when it ends, so a host
    // the facilitator granted before stays granted.
    const added: string[] = [];
    let granted = origins.length === 0;
    if (!granted) {
      try {
        for (const origin of origins)
          if (!(await browser.permissions.contains({ origins: [origin] }))) added.push(origin);
        // Asked now, while the click still counts as a user gesture, for exactly these hosts.
        // Already granted hosts are answered at once, without a prompt.
        granted = await browser.permissions.request({ origins });
      } catch {
        granted = false;
      }
    }
    if (!granted) {
      onNotice({ kind: 'error', text: t('checkDenied') });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    const results = new Map<string, LinkResult>();
    onNotice(null);
    setRun({ done: 0, total: items.length, running: true, results });
    let all: LinkResult[];
    try {
      all = await checkAll(items, {
        concurrency: CONCURRENCY,
        timeoutMs: timeoutS * 1000,
        signal: abort.signal,
        allowUrl: (url) => isPublicUrl(url, hosts),
        onProgress: (done, total, result) => {
          results.set(result.resourceId, result);
          setRun({ done, total, running: true, results: new Map(results) });
        },
      });
    } finally {
      // Finished, cancelled or failed: the extension keeps no host access it no longer needs.
      if (added.length > 0) await browser.permissions.remove({ origins: added }).catch(() => false);
    }
    controller.current = null;
    setRun({ done: all.length, total: all.length, running: false, results: new Map(results) });
    const finished = all.filter((r) => r.status !== 'cancelled');
    const working = all.filter((r) => r.status === 'works' || r.status === 'redirected').length;
    onNotice({
      kind: 'status',
      text: abort.signal.aborted
        ? t('checkCancelled', [finished.length, all.length])
        : t('checkDone', [working, all.length]),
    });
    const reply = await send({ type: 'checks:save', results: finished });
    if (reply.ok) onSaved(reply.checks);
    else onError(reply.error);
  };

  return {
    run,
    running: run?.running === true,
    start,
    cancel: () => controller.current?.abort(),
    timeoutS,
    setTimeoutS,
  };
}
