/**
 * Every text a person sees goes through here, so it comes from `public/_locales/<lang>`.
 */
import { browser } from 'wxt/browser';

/** Every message key, checked against the English catalogue at compile time. */
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

/** The translated text of `key`, with `$1`… placeholders filled from `subs`. */
export function t(key: MessageKey, subs?: string | number | (string | number)[]): string {
  const list = subs === undefined ? undefined : (Array.isArray(subs) ? subs : [subs]).map(String);
  return browser.i18n.getMessage(key, list) || key;
}

/** The browser's UI language (e.g. `fr-CA`), which decides the language of the companion. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage() || 'en';
}
