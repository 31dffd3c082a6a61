/**
 * The overlay's keyboard shortcut as the content script sees it. The browser delivers the
 * manifest command (`toggle-overlay`) to the background when it handles the keys itself;
 * where it does not (a headless browser, a shortcut taken by the system), the keys reach the
 * page and this matcher catches them, using the shortcut the learner actually set.
 */

/** A parsed shortcut: modifier flags and the physical key (`KeyL`, `Digit5`, `Period`…). */
export interface Shortcut {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  code: string;
}

const NAMED: Record<string, string> = {
  Comma: 'Comma',
  Period: 'Period',
  Space: 'Space',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  Delete: 'Delete',
  Up: 'ArrowUp',
  Down: 'ArrowDown',
  Left: 'ArrowLeft',
  Right: 'ArrowRight',
};

/**
 * Parse a shortcut as `commands.getAll()` reports it: "Ctrl+Shift+L" (Windows, Linux,
 * Firefox) or "⇧⌘L" (macOS). Returns null for an empty or unknown shortcut.
 */
export function parseShortcut(text: string | null | undefined): Shortcut | null {
  if (!text) return null;
  const sc: Shortcut = { ctrl: false, alt: false, shift: false, meta: false, code: '' };
  // macOS symbols first, then the word form.
  let rest = text
    .replace(/⌃/g, 'MacCtrl+')
    .replace(/⌥/g, 'Alt+')
    .replace(/⇧/g, 'Shift+')
    .replace(/⌘/g, 'Command+');
  rest = rest.replace(/\+\+/g, '+');
  for (const part of rest
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (part === 'Ctrl' || part === 'MacCtrl') sc.ctrl = true;
    else if (part === 'Alt') sc.alt = true;
    else if (part === 'Shift') sc.shift = true;
    else if (part === 'Command') sc.meta = true;
    else if (/^[A-Z]$/i.test(part)) sc.code = `Key${part.toUpperCase()}`;
    else if (/^[0-9]$/.test(part)) sc.code = `Digit${part}`;
    else if (NAMED[part]) sc.code = NAMED[part];
    else return null;
  }
  return sc.code ? sc : null;
}

/** Does a keyboard event press this shortcut? Compares physical keys, as browsers do. */
export function matchesShortcut(e: KeyboardEvent, sc: Shortcut): boolean {
  return (
    e.code === sc.code &&
    e.ctrlKey === sc.ctrl &&
    e.altKey === sc.alt &&
    e.shiftKey === sc.shift &&
    e.metaKey === sc.meta
  );
}
