import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Reflection } from '../../utils/protocol/records';
import { send, type OverlayState, type ReplyError } from '../../utils/protocol/messages';
import { onBroadcast } from '../../components/ui-messages';

/** The collapsed tab's frame is 52 px wide (entrypoints/reading.content/overlay-frame.ts); the open panel far wider. */
const COLLAPSED_MAX_WIDTH = 100;

/** The overlay frame's token: the content script put it in the frame's address. */
export const overlayToken = (): string => location.hash.slice(1);

/**
 * The overlay's state from the background, kept current: layout changes made by the
 * keyboard shortcut, reflections saved from another tab of the same reading, and its session
 * when the course pack changes.
 */
export function useOverlayState() {
  const [state, setState] = useState<OverlayState | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    const init = () => send({ type: 'overlay:init', token: overlayToken() });
    void init().then((reply) => {
      if (reply.ok) setState(reply.state);
      else setError(reply.error);
    });
    const stopListening = onBroadcast((m) => {
      const s = current.current;
      if (!s) return;
      if (m.type === 'overlay:layout' && m.tabId === s.tabId) {
        setState({ ...s, layout: m.layout });
        if (m.focus) setFocusRequest((n) => n + 1);
      } else if (m.type === 'pack:changed') {
        void init().then((reply) => {
          if (reply.ok) setState((now) => (now ? { ...now, session: reply.state.session } : now));
        });
      } else if (m.type === 'reflections:changed' && m.resourceId === s.reading.resourceId) {
        // Another tab of the same reading saved: take its reflections, keep this editor as it is.
        void init().then((reply) => {
          if (reply.ok)
            setState((now) => (now ? { ...now, reflections: reply.state.reflections } : now));
        });
      }
    });
    // The content script resizes this frame when the layout changes. Firefox does not deliver
    // the background's broadcasts to an extension frame inside a web page, so the resize is
    // the signal there: ask the background for the layout and, if the frame was given focus
    // (opened by the shortcut), take it into the panel.
    const onResize = () => {
      // Window resizes change the frame's height too: only a change of width (tab ↔ panel) counts.
      const looksExpanded = window.innerWidth > COLLAPSED_MAX_WIDTH;
      if (looksExpanded === current.current?.layout.expanded) return;
      void init().then((reply) => {
        if (!reply.ok) return;
        const layout = reply.state.layout;
        const was = current.current?.layout;
        if (was && was.expanded === layout.expanded && was.side === layout.side) return;
        setState((now) => (now ? { ...now, layout } : now));
        if (layout.expanded && document.hasFocus()) setFocusRequest((n) => n + 1);
      });
    };
    window.addEventListener('resize', onResize);
    // For the same reason, take reflections saved in another tab when this one comes back.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      void init().then((reply) => {
        if (reply.ok)
          setState((now) => (now ? { ...now, reflections: reply.state.reflections } : now));
      });
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopListening();
      window.removeEventListener('resize', onResize);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const setReflections = useCallback((reflections: Reflection[]) => {
    setState((s) => (s ? { ...s, reflections } : s));
  }, []);
  return { state, setState, error, setReflections, focusRequest };
}
