/**
 * The overlay's place in the page: an `<iframe>` of the extension's `overlay.html`, inside a
 * closed shadow root. The project's decision records say why an iframe: a page script saw every
 * key typed into a shadow-root editor and could read its value, but sees nothing inside an
 * extension frame (it is cross-origin), and the frame loads even under `frame-src 'none'`.
 * The closed shadow root keeps the page's CSS and scripts from restyling or finding the frame.
 *
 * The host is a built-in `<div>`, never a custom element: `createElement('some-name')` in the
 * content script still uses the page's custom-element registry, so a page that defined the name
 * first would run its own constructor and, with `attachInternals()`, hold even a closed shadow
 * root, the frame's address and its token (issue 11, finding 1).
 */
import { t } from '../../utils/i18n';
import type { FocusLeft } from '../../utils/protocol/messages';

/** Width of the open panel, and of the page margin that keeps the text beside it visible. */
const PANEL_WIDTH = 380;
/** Below this viewport width there is no room to push the page; the panel covers it instead. */
const PUSH_MIN_VIEWPORT = 900;
/** How many times the frame is put back after the page removes it, before giving up quietly. */
export const MAX_REMOUNTS = 5;

const CSS = `
:host { all: initial !important; }
iframe {
  position: fixed; z-index: 2147483647; border: 0; margin: 0; padding: 0;
  background: transparent; color-scheme: normal; display: block;
}
iframe.collapsed { top: 40%; width: 52px; height: 140px; }
iframe.expanded { top: 0; width: min(${PANEL_WIDTH}px, 100vw); height: 100vh;
  box-shadow: 0 0 0 1px rgba(0,0,0,.25), 0 4px 24px rgba(0,0,0,.2); }
iframe.right { right: 0; } iframe.left { left: 0; }
`;

/** A mounted overlay frame. */
export interface OverlayFrame {
  /** Open or close it, dock it to a side, and move keyboard focus if asked. */
  apply(expanded: boolean, side: 'left' | 'right', focus: 'overlay' | 'page' | 'none'): void;
  /** Where the focus went when it last left the frame (see {@link FocusLeft}). */
  focusLeft(): FocusLeft;
  /** Take it out of the page and give the page back its margin. */
  remove(): void;
  /** Its closed shadow root, where the quote script also draws the learner's highlights. */
  readonly shadow: ShadowRoot;
}

/** The learner's own input events: only these, when trusted, may move focus out of the overlay. */
const LEARNER_INPUT = ['pointerdown', 'mousedown', 'touchstart', 'keydown'] as const;

/** Mount the overlay frame for `src` (an extension URL) at the end of the page. */
export function createOverlayFrame(src: string, doc: Document = document): OverlayFrame {
  const view = doc.defaultView ?? window;
  const host = doc.createElement('div');
  // Inline !important beats any page rule that would hide or move the host.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const frame = doc.createElement('iframe');
  frame.src = src;
  frame.title = t('overlayFrameTitle');
  frame.className = 'collapsed right';
  shadow.append(style, frame);
  doc.documentElement.append(host);

  // The page may take the frame out; put it back a few times, then leave the page alone.
  let remounts = 0;
  const watcher = new MutationObserver(() => {
    if (host.isConnected || remounts >= MAX_REMOUNTS) return;
    remounts++;
    doc.documentElement.append(host);
  });
  watcher.observe(doc.documentElement, { childList: true });

  // Focus theft (issue 11, finding 2). What last moved the focus in the page since the frame
  // last had it: a trusted input event of the learner (or this script's own move) being
  // handled in the same task, or else the page's script. Events a page dispatches are never
  // trusted. Unknown counts as the page's doing: a false alarm is better than a silent theft.
  let learnerActing = false;
  let moved: FocusLeft | null = null;
  const onInput = (e: Event) => {
    if (!e.isTrusted) return;
    learnerActing = true;
    moved = 'learner';
    setTimeout(() => (learnerActing = false));
  };
  const onFocusIn = (e: Event) => {
    if (e.target !== host) moved = learnerActing ? 'learner' : 'page';
  };
  // The page's window blurs when the focus goes into the frame: start afresh.
  const onBlur = (e: Event) => {
    if (e.target === view && doc.activeElement === host) moved = null;
  };
  for (const type of LEARNER_INPUT) view.addEventListener(type, onInput, true);
  view.addEventListener('focusin', onFocusIn, true);
  view.addEventListener('blur', onBlur);
  frame.addEventListener('blur', () => (moved = learnerActing ? 'learner' : 'page'));

  const html = doc.documentElement;
  let pushed: 'left' | 'right' | null = null;
  let returnTo: Element | null = null;

  const push = (side: 'left' | 'right' | null) => {
    if (pushed) html.style.removeProperty(`margin-${pushed}`);
    pushed = side;
    if (side) html.style.setProperty(`margin-${side}`, `${PANEL_WIDTH}px`, 'important');
  };

  return {
    shadow,
    apply(expanded, side, focus) {
      frame.className = `${expanded ? 'expanded' : 'collapsed'} ${side}`;
      // Keep the text beside the panel rather than under it, where there is room.
      push(expanded && view.innerWidth >= PUSH_MIN_VIEWPORT ? side : null);
      if (focus === 'overlay') {
        if (doc.activeElement !== host) returnTo = doc.activeElement;
        frame.focus();
      } else if (focus === 'page') {
        // The learner asked for this (Escape, the shortcut, the collapse button).
        learnerActing = true;
        frame.blur();
        const target =
          returnTo instanceof HTMLElement && returnTo.isConnected ? returnTo : doc.body;
        // The body takes focus only with a tabindex; give it one just for this.
        const temporary = target === doc.body && !doc.body.hasAttribute('tabindex');
        if (temporary) doc.body.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
        if (temporary) doc.body.removeAttribute('tabindex');
        returnTo = null;
        learnerActing = false;
      }
    },
    focusLeft() {
      return doc.activeElement === host ? 'kept' : (moved ?? 'page');
    },
    remove() {
      watcher.disconnect();
      for (const type of LEARNER_INPUT) view.removeEventListener(type, onInput, true);
      view.removeEventListener('focusin', onFocusIn, true);
      view.removeEventListener('blur', onBlur);
      push(null);
      host.remove();
    },
  };
}
