/** The learner's settings, one record each, read with their defaults. */
import type { Settings } from '../../../utils/protocol/records';
import type { StoreContext } from './store-context';

/** Default settings, used until the learner changes one. */
export const DEFAULT_SETTINGS: Settings = {
  overlay: { side: 'right', expanded: false },
  lastExportAt: null,
  showQuotes: true,
};

/** The settings operations over a store's context. */
export function settingsOperations({ db, guard }: StoreContext) {
  return {
    /** A setting, or its default. */
    getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
      return guard(async () => {
        const rec = await db.get('settings', key);
        return (rec?.value as Settings[K] | undefined) ?? DEFAULT_SETTINGS[key];
      });
    },

    /** Change a setting. */
    setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
      return guard(async () => {
        await db.put('settings', { key, value });
      });
    },
  };
}
