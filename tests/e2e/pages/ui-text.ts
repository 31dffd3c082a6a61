/**
 * The extension's own words (its `_locales` catalogs), so that page objects find controls by
 * the names a learner hears, in either language, without copying the catalogs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A message of the extension's English catalog (every catalog has the same keys). */
export type MessageKey = keyof typeof import('../../../public/_locales/en/messages.json');

/** The languages the extension speaks. */
export type Lang = 'en' | 'fr';

const catalogs = new Map<Lang, Record<string, { message: string }>>();

/** The message `key` in `lang`, as the browser shows it (no placeholders filled). */
export function uiText(lang: Lang, key: MessageKey): string {
  let catalog = catalogs.get(lang);
  if (!catalog) {
    const file = join(process.cwd(), 'public/_locales', lang, 'messages.json');
    catalog = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { message: string }>;
    catalogs.set(lang, catalog);
  }
  const message = catalog[key]?.message;
  if (message === undefined) throw new Error(`No message ${key} in ${lang}`);
  return message;
}
