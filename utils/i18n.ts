/**
 * Every text a person sees goes through here, so it comes from `public/_locales/<lang>`.
 */
import { browser } from 'wxt/browser';

/** Every message key, checked against the English catalogue at compile time. */
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

// WXT's generated overloads lag behind the catalogue until `wxt prepare` runs again; keys are
// already checked through MessageKey, so call the plain signature.
const getMessage = (key: string, subs?: string[]): string =>
  (browser.i18n.getMessage as (k: string, s?: string[]) => string)(key, subs);

/** The translated text of `key`, with `$1`… placeholders filled from `subs`. */
export function t(key: MessageKey, subs?: string | number | (string | number)[]): string {
  const list = subs === undefined ? undefined : (Array.isArray(subs) ? subs : [subs]).map(String);
  return getMessage(key, list) || key;
}

/**
 * The language the companion speaks: the tag of the catalogue the browser picked its
 * messages from (Chromium started with `--lang=fr` answers French messages while
 * `getUILanguage()` still says `en-US`). Dates, numbers and plurals follow it, so they match
 * the words around them.
 */
export function uiLanguage(): string {
  return getMessage('locale') || browser.i18n.getUILanguage() || 'en';
}

type PluralBase<K extends string> = K extends `${infer B}_other` ? B : never;
/** Keys that have plural forms (`<base>_one`, `<base>_other`, …). */
export type PluralKey = PluralBase<MessageKey>;

/**
 * The plural form of `base` for `count`, e.g. `tn('words', 3)` → "3 words". `browser.i18n`
 * has no plural rules, so the forms are stored as `<base>_one`, `<base>_other` (and any other
 * CLDR category a language needs) and chosen with `Intl.PluralRules`.
 */
export function tn(base: PluralKey, count: number): string {
  const lang = uiLanguage();
  const formatted = new Intl.NumberFormat(lang).format(count);
  const category = new Intl.PluralRules(lang).select(count);
  return (
    getMessage(`${base}_${category}`, [formatted]) || t(`${base}_other` as MessageKey, formatted)
  );
}

/** A date (ISO string) as the learner's language writes it, e.g. "28 novembre 2026, 14 h 05". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * A media position as `m:ss`, or `h:mm:ss` from an hour on (`754` → `12:34`). Fractions are
 * dropped; a negative or non-finite value reads as `0:00`.
 */
export function formatMediaTime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
