/**
 * Who sent a message to the background, told apart by the browser's own sender fields (never
 * by the message). The router (`router.ts`) checks the kind against the table of which sender
 * may send which request (`routes.ts`) before any handler runs.
 */

/** What the background knows of who sent a message (a subset of `runtime.MessageSender`). */
export interface SenderInfo {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/**
 * Who sent a message:
 * - `content-script`: a tab's top frame on a web page (the reading or course-page script; the
 *   browser does not say which, so their handlers check the page's address);
 * - `overlay`: `overlay.html` in a frame inside a tab (a web page can embed it, so its requests
 *   also carry the token the tab's content script gave it);
 * - `popup`: `popup.html`, as the toolbar popup (no tab) or as a tab's top frame;
 * - `options`: the facilitator page `options.html`, likewise;
 * - `unknown`: anything else (a sub-frame of a web page, an extension page framed somewhere).
 */
export type SenderKind = 'content-script' | 'overlay' | 'popup' | 'options' | 'unknown';

/**
 * The path of this extension's page that `url` addresses (e.g. `/popup.html`), or null when
 * `url` is not one of this extension's. URLs are parsed and origins compared whole, never
 * prefixes of strings. The one place that knows this extension's origin(s): a web-accessible
 * page served from a dynamic origin (`use_dynamic_url`) is accepted here, and only here.
 */
function extensionPagePath(url: string, extensionOrigin: string): string | null {
  try {
    const page = new URL(url);
    const own = new URL(extensionOrigin);
    // Scheme and host, not `URL.origin`: that is "null" for extension schemes outside browsers.
    const same = page.protocol === own.protocol && page.host !== '' && page.host === own.host;
    return same ? page.pathname : null;
  } catch {
    return null;
  }
}

/** Tell which kind of sender a message came from (see {@link SenderKind}). */
export function senderKind(sender: SenderInfo, extensionOrigin: string): SenderKind {
  if (sender.url === undefined) return 'unknown';
  const path = extensionPagePath(sender.url, extensionOrigin);
  const tabId = sender.tab?.id;
  if (path === null) {
    let web = false;
    try {
      web = ['http:', 'https:'].includes(new URL(sender.url).protocol);
    } catch {
      // not an address: unknown
    }
    return web && tabId !== undefined && sender.frameId === 0 ? 'content-script' : 'unknown';
  }
  // The overlay is always a frame inside a tab; the extension's other pages never are.
  if (path === '/overlay.html')
    return tabId !== undefined && sender.frameId !== undefined && sender.frameId > 0
      ? 'overlay'
      : 'unknown';
  const topLevel = sender.tab === undefined || (tabId !== undefined && sender.frameId === 0);
  if (!topLevel) return 'unknown';
  if (path === '/popup.html') return 'popup';
  if (path === '/options.html') return 'options';
  return 'unknown';
}
