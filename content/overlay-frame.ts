/**
 * The overlay's place in the page: an `<iframe>` of the extension's `overlay.html`, inside a
 * closed shadow root. ARCHITECTURE.md records why an iframe: a page script saw every key
 * typed into a shadow-root editor and could read its value, but sees nothing inside an
 * extension frame (it is cross-origin), and the frame loads even under `frame-src 'none'`.
 * The closed shadow root keeps the page's CSS and scripts from restyling or finding the frame.
 */
import { t } from '../utils/i18n';

/** Width of the open panel, and of the page margin that keeps the text beside it visible. */
const PANEL_WIDTH = 380;
/** Below this viewport width there is no room to push the page; the panel covers it instead. */
const PUSH_MIN_VIEWPORT = 900;

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
  /** Take it out of the page and give the page back its margin. */
  remove(): void;
}

/** Mount the overlay frame for `src` (an extension URL) at the end of the page. */
export function createOverlayFrame(src: string, doc: Document = document): OverlayFrame {
  const host = doc.createElement('reading-companion');
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

  const html = doc.documentElement;
  let pushed: 'left' | 'right' | null = null;
  let returnTo: Element | null = null;

  const push = (side: 'left' | 'right' | null) => {
    if (pushed) html.style.removeProperty(`margin-${pushed}`);
    pushed = side;
    if (side) html.style.setProperty(`margin-${side}`, `${PANEL_WIDTH}px`, 'important');
  };

  return {
    apply(expanded, side, focus) {
      frame.className = `${expanded ? 'expanded' : 'collapsed'} ${side}`;
      // Keep the text beside the panel rather than under it, where there is room.
      push(
        expanded && doc.defaultView && doc.defaultView.innerWidth >= PUSH_MIN_VIEWPORT
          ? side
          : null,
      );
      if (focus === 'overlay') {
        if (doc.activeElement !== host) returnTo = doc.activeElement;
        frame.focus();
      } else if (focus === 'page') {
        frame.blur();
        const target =
          returnTo instanceof HTMLElement && returnTo.isConnected ? returnTo : doc.body;
        // The body takes focus only with a tabindex; give it one just for this.
        const temporary = target === doc.body && !doc.body.hasAttribute('tabindex');
        if (temporary) doc.body.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
        if (temporary) doc.body.removeAttribute('tabindex');
        returnTo = null;
      }
    },
    remove() {
      push(null);
      host.remove();
    },
  };
}
