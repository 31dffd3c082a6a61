/**
 * The popup's snapshot (`utils/protocol/popup-snapshot.ts`): read before the first render, so a
 * popup opened while the background's worker is stopped draws at once; written when the
 * background has answered the current session. `storage.session` is this extension's only.
 */
import { browser } from 'wxt/browser';
import { POPUP_SNAPSHOT_KEY, type PopupSnapshot } from '../../utils/protocol/popup-snapshot';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** The snapshot, or null when there is none (a change since, a new browser session) or it is unusable. */
export async function readSnapshot(): Promise<PopupSnapshot | null> {
  try {
    const stored: unknown = (await browser.storage.session.get(POPUP_SNAPSHOT_KEY))[
      POPUP_SNAPSHOT_KEY
    ];
    // Written by the popup only, but checked: a snapshot of another shape is not drawn.
    const { view, state } = (isObject(stored) ? stored : {}) as Partial<Record<string, unknown>>;
    if (!isObject(view) || !isObject(state) || !isObject(view.session)) return null;
    const usable =
      Array.isArray(state.recent) &&
      Array.isArray(state.progress) &&
      isObject(state.counts) &&
      state.courseId === view.id &&
      state.sessionId === view.session.id;
    return usable ? ({ view, state } as unknown as PopupSnapshot) : null;
  } catch {
    return null;
  }
}

/** Keep what the popup shows of the current session for the next popup. */
export function writeSnapshot(snapshot: PopupSnapshot): void {
  void browser.storage.session.set({ [POPUP_SNAPSHOT_KEY]: snapshot }).catch(() => undefined);
}
