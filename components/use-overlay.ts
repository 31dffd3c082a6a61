import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Reflection } from '../utils/db';
import type { MessageKey, t as translate } from '../utils/i18n';
import { send, type Broadcast, type OverlayState, type ReplyError } from '../utils/messages';

/** A status line for the live region: what just happened, politely or urgently. */
export interface Status {
  text: string;
  kind: 'info' | 'error';
}

/** The overlay frame's token: the content script put it in the frame's address. */
export const overlayToken = (): string => location.hash.slice(1);

/** Is this message one the background broadcast (and not a content script's request)? */
export function isBroadcast(message: unknown, sender: { id?: string; tab?: unknown }): boolean {
  return (
    sender.id === browser.runtime.id &&
    sender.tab === undefined &&
    typeof message === 'object' &&
    message !== null &&
    'type' in message
  );
}

/** The translated text of a reply error. */
export const errorText = (t: typeof translate, error: ReplyError): string => {
  switch (error.code) {
    case 'invalid_request':
    case 'forbidden_sender':
    case 'not_a_reading':
    case 'not_found':
    case 'invalid_pack':
    case 'db_blocked':
    case 'db_quota':
    case 'db_unavailable':
    case 'internal':
      return t(`error_${error.code}`);
    case 'backup_refused': {
      // The reason is one of backup.ts's codes, each with a text `backupError_<reason>`.
      const key = `backupError_${error.reason ?? ''}` as MessageKey;
      const reason = t(key);
      const why = reason === key ? t('error_backup_refused') : reason;
      return error.path ? `${why} ${t('backupErrorAt', error.path)}` : why;
    }
  }
};

/**
 * The overlay's state from the background, kept current: layout changes made by the
 * keyboard shortcut, and reflections saved from another tab of the same reading.
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
    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      const s = current.current;
      if (!s || !isBroadcast(message, sender)) return undefined;
      const m = message as Broadcast;
      if (m.type === 'overlay:layout' && m.tabId === s.tabId) {
        setState({ ...s, layout: m.layout });
        if (m.focus) setFocusRequest((n) => n + 1);
      } else if (m.type === 'reflections:changed' && m.resourceId === s.reading.resourceId) {
        // Another tab of the same reading saved: take its reflections, keep this editor as it is.
        void init().then((reply) => {
          if (reply.ok)
            setState((now) => (now ? { ...now, reflections: reply.state.reflections } : now));
        });
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    // The content script resizes this frame when the layout changes. Firefox does not deliver
    // the background's broadcasts to an extension frame inside a web page, so the resize is
    // the signal there: ask the background for the layout and, if the frame was given focus
    // (opened by the shortcut), take it into the panel.
    const onResize = () => {
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
      browser.runtime.onMessage.removeListener(onMessage);
      window.removeEventListener('resize', onResize);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const setReflections = useCallback((reflections: Reflection[]) => {
    setState((s) => (s ? { ...s, reflections } : s));
  }, []);
  return { state, setState, error, setReflections, focusRequest };
}
