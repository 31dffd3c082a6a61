/** The message catalogues, and `getMessage` as Chromium computes it, for unit tests. */
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';

/** A `messages.json` file. */
export type Catalog = Record<string, { message: string; description?: string }>;
/** Every shipped language's catalogue. */
export const catalogs: Record<'en' | 'fr', Catalog> = { en, fr };

let lang: 'en' | 'fr' = 'en';
/** Choose the language the fake `browser.i18n` answers in. */
export const setTestLanguage = (l: 'en' | 'fr') => {
  lang = l;
};
/** The language the fake `browser.i18n` answers in. */
export const testLanguage = () => lang;

/** Fill `$1`…`$9` from `subs` and turn `$$` into `$`, as `chrome.i18n.getMessage` does. */
export function formatMessage(message: string | undefined, subs?: string | string[]): string {
  if (message === undefined) return '';
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return message.replace(/\$(\$|[1-9])/g, (_, d: string) =>
    d === '$' ? '$' : (list[Number(d) - 1] ?? ''),
  );
}
