/**
 * What the reading script shares with the quote script (`entrypoints/quotes/`), which the
 * reading script loads in the same tab where the reading has quotes. Both run in the extension's
 * isolated world of the page: a global there is the extension's alone (the page's scripts live
 * in another world and never see it), so this is how the quote script gets the tab's token and
 * the closed shadow root it draws its highlights in.
 */

/** The reading script's side of the page, as the quote script sees it. */
export interface PageCompanion {
  /** The tab's token (the background checks it on every request of the page's scripts). */
  readonly token: string;
  /** The overlay's closed shadow root, or null while no overlay is mounted. */
  shadow(): ShadowRoot | null;
  /** Called by the reading script whenever it mounts or removes the overlay (set by the quote script). */
  changed?: () => void;
}

/** The key of {@link PageCompanion} on the isolated world's global object. */
export const PAGE_COMPANION = Symbol.for('reading-companion.page');

/** The isolated world's global object, with the shared {@link PageCompanion}. */
export const companionGlobal = globalThis as typeof globalThis & {
  [PAGE_COMPANION]?: PageCompanion;
};
