/**
 * What the extension's pages share about messages in the UI: status lines for live regions,
 * the text of a reply error, and telling the background's broadcasts from other messages.
 */
import { browser } from 'wxt/browser';
import type { MessageKey, t as translate } from '../utils/i18n';
import type { Broadcast, ReplyError } from '../utils/protocol/messages';

/** A status line for the live region: what just happened, politely or urgently. */
export interface Status {
  text: string;
  kind: 'info' | 'error';
}

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
