/**
 * What the popup showed last of the current session, kept in `storage.session` (in memory,
 * this browser session only, never readable by content scripts) so that a popup opened while
 * the background's worker is stopped draws at once and the background's answers then replace
 * it. The background removes it on every change it announces (a reflection, progress, the pack,
 * an export…), so it is never older than the last change: at most the answer is the same.
 */
import type { CurrentPackView } from './course-messages';
import type { Replies } from './messages';

/** The `storage.session` key of the snapshot. */
export const POPUP_SNAPSHOT_KEY = 'popupSnapshot';

/** The popup's default view and that session's state, as the background last answered them. */
export interface PopupSnapshot {
  view: CurrentPackView;
  state: Replies['session:state'] & { courseId: string; sessionId: string };
}
