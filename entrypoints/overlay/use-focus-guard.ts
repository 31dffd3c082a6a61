import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../utils/send';
import { type FocusLeft } from '../../utils/protocol/messages';

/** Keys with which the learner moves focus out of the panel on purpose. */
const LEAVING_KEYS = new Set(['Tab', 'Escape', 'F6']);

/**
 * Notices when the keyboard focus leaves the open panel without the learner moving it (focus
 * theft, issue 11 finding 2): a page that focuses a field of its own receives what the learner
 * types next. On the frame's `blur` it asks the tab's content script, through the background
 * (never `postMessage`, which the page could forge), where the focus went; the content script
 * alone sees the learner's trusted clicks and keys in the page. The frame knows its own Tab and
 * Escape presses, which the page never sees. Asking, rather than being told, also works in
 * Firefox, which does not deliver broadcasts to extension frames inside web pages.
 *
 * Returns whether the page took the focus (until the learner comes back into the panel) and
 * the last answer, for tests and debugging.
 */
export function useFocusGuard(token: string, open: boolean) {
  const [taken, setTaken] = useState(false);
  const [left, setLeft] = useState<FocusLeft | ''>('');
  const openNow = useRef(open);
  openNow.current = open;

  useEffect(() => {
    // The learner's own way out: a leaving key pressed last, with no focus move inside since.
    let leavingKey = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.isTrusted) leavingKey = LEAVING_KEYS.has(e.key);
    };
    const onFocusIn = () => (leavingKey = false);
    const onBlur = () => {
      if (!openNow.current) return;
      if (leavingKey) {
        setLeft('learner');
        return;
      }
      void send({ type: 'page:capture', token, what: 'focus' }).then((reply) => {
        const where = reply.ok ? (reply.focusLeft ?? null) : null;
        if (!where) return;
        setLeft(where);
        // Focus may have come back while the answer travelled.
        if (where === 'page' && !document.hasFocus()) setTaken(true);
      });
    };
    const onFocus = () => setTaken(false);
    addEventListener('keydown', onKey, true);
    addEventListener('focusin', onFocusIn, true);
    addEventListener('blur', onBlur);
    addEventListener('focus', onFocus);
    return () => {
      removeEventListener('keydown', onKey, true);
      removeEventListener('focusin', onFocusIn, true);
      removeEventListener('blur', onBlur);
      removeEventListener('focus', onFocus);
    };
  }, [token]);

  return { taken, left };
}
