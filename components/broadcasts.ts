/**
 * The background's broadcasts as the extension's pages hear them: a listener that tells them
 * from every other runtime message (a content script's request, say).
 */
import { browser } from 'wxt/browser';
import type { Broadcast } from '../utils/protocol/messages';

/** Is this message one the background broadcast (and not a content script's request)? */
function isBroadcast(message: unknown, sender: { id?: string; tab?: unknown }): boolean {
  return (
    sender.id === browser.runtime.id &&
    sender.tab === undefined &&
    typeof message === 'object' &&
    message !== null &&
    'type' in message
  );
}

/**
 * Listen to the background's broadcasts (other runtime messages are ignored and never
 * answered). Returns the function that stops listening, for an effect's cleanup.
 */
export function onBroadcast(listener: (message: Broadcast) => void): () => void {
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (isBroadcast(message, sender)) listener(message as Broadcast);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => {
    browser.runtime.onMessage.removeListener(onMessage);
  };
}
