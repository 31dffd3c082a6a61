import { useEffect, useRef, useState } from 'preact/hooks';
import type { Reflection } from '../../utils/protocol/records';
import { send } from '../../utils/send';
import { type OverlayState } from '../../utils/protocol/messages';
import { useBackground, type TakeFrom } from '../../components/use-background';
import type { WritingTransport } from '../../components/writing-transport';

/** The collapsed tab's frame is 52 px wide (entrypoints/reading.content/overlay-frame.ts); the open panel far wider. */
const COLLAPSED_MAX_WIDTH = 100;

/** The overlay frame's token: the content script put it in the frame's address. */
export const overlayToken = (): string => location.hash.slice(1);

/** The editor's requests from the overlay: its tab's reading, proved by the frame's token. */
export const overlayTransport = (token: string): WritingTransport => ({
  draftSave: (fields) => ({ type: 'draft:save', token, ...fields }),
  draftClear: (owner) => ({ type: 'draft:clear', token, owner }),
  save: (fields) => send({ type: 'reflection:save', token, ...fields }),
  remove: (id, restore) => send({ type: 'reflection:delete', token, id, restore }),
  capture: (what) => send({ type: 'page:capture', token, what }),
});

type InitReply = { ok: true; state: OverlayState };

/** Take one part of a fresh state into the kept one, the rest (this editor's draft…) as it is. */
const take =
  (key: 'session' | 'reflections'): TakeFrom<InitReply> =>
  (kept, fresh) => ({ ...kept, state: { ...kept.state, [key]: fresh.state[key] } });

/**
 * The overlay's state from the background, kept current: layout changes made by the
 * keyboard shortcut, reflections saved from another tab of the same reading, and its session
 * when the course pack changes.
 */
export function useOverlayState() {
  const [focusRequest, setFocusRequest] = useState(0);
  const init = () => send({ type: 'overlay:init', token: overlayToken() });
  const { reply, error, update } = useBackground<InitReply>(
    init,
    (m, kept) => {
      const s = kept?.state;
      if (!s) return false;
      if (m.type === 'overlay:layout' && m.tabId === s.tabId) {
        // The broadcast carries the news: nothing to ask.
        update((now) => ({ ...now, state: { ...now.state, layout: m.layout } }));
        if (m.focus) setFocusRequest((n) => n + 1);
        return false;
      }
      if (m.type === 'pack:changed') return take('session');
      // Another tab of the same reading saved: take its reflections, keep this editor as it is.
      return m.type === 'reflections:changed' && m.resourceId === s.reading.resourceId
        ? take('reflections')
        : false;
    },
    [],
  );
  const state = reply?.state ?? null;
  const current = useRef(state);
  current.current = state;
  const setState = (next: OverlayState) => {
    update((now) => ({ ...now, state: next }));
  };
  const setReflections = (reflections: Reflection[]) => {
    update((now) => ({ ...now, state: { ...now.state, reflections } }));
  };

  useEffect(() => {
    // The content script resizes this frame when the layout changes. Firefox does not deliver
    // the background's broadcasts to an extension frame inside a web page, so the resize is
    // the signal there: ask the background for the layout and, if the frame was given focus
    // (opened by the shortcut), take it into the panel.
    const onResize = () => {
      // Window resizes change the frame's height too: only a change of width (tab ↔ panel) counts.
      const looksExpanded = window.innerWidth > COLLAPSED_MAX_WIDTH;
      if (looksExpanded === current.current?.layout.expanded) return;
      void init().then((fresh) => {
        if (!fresh.ok) return;
        const layout = fresh.state.layout;
        const was = current.current?.layout;
        if (was && was.expanded === layout.expanded && was.side === layout.side) return;
        update((now) => ({ ...now, state: { ...now.state, layout } }));
        if (layout.expanded && document.hasFocus()) setFocusRequest((n) => n + 1);
      });
    };
    window.addEventListener('resize', onResize);
    // For the same reason, take reflections saved in another tab when this one comes back.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      void init().then((fresh) => {
        if (fresh.ok) update((now) => take('reflections')(now, fresh));
      });
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('resize', onResize);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  // Errors of later answers leave the state shown as it was: only a first failure shows.
  return { state, setState, error: reply ? null : error, setReflections, focusRequest };
}
