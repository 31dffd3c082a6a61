import type { ResourceKind } from '../content/pack-schema';

/** 24×24 outline paths, one per kind; drawn with `currentColor` so they follow the theme. */
const PATHS: Record<ResourceKind, string> = {
  // compass
  explore: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm3.5 5.5-2 5-5 2 2-5z',
  // open book
  read: 'M3 5.5C5 4.5 8 4.5 12 6.5c4-2 7-2 9-1V19c-2-1-5-1-9 1-4-2-7-2-9-1zM12 6.5V20',
  // play button
  watch: 'M4 5h16v14H4zM10 9v6l5-3z',
  // headphones
  listen: 'M4 15v-3a8 8 0 0 1 16 0v3M4 15h3v5H4zM17 15h3v5h-3z',
};

/**
 * The icon of a resource kind. Decorative: the kind is always also written as a word beside
 * it, so the meaning never rests on the picture alone.
 */
export function KindIcon({ kind }: { kind: ResourceKind }) {
  return (
    <svg
      class="kind-icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[kind]}
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linejoin="round"
      />
    </svg>
  );
}
