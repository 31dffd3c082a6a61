/**
 * What the extension's background shows or remembers of each tab (the toolbar badge, and its
 * `storage.session` record), read inside its service worker: how a test proves that a content
 * script did report a page before it checks that nothing came of it.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { serviceWorker } from './browser';

/** The few extension APIs the tests call inside the service worker. */
interface ChromeApi {
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
  };
  storage: { session: { get(k: null): Promise<Record<string, unknown>> } };
}

/** The toolbar badge and title of every tab. */
export async function badges(
  context: BrowserContext,
): Promise<{ tabId: number; text: string; title: string }[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    // Runs in the service worker, where `chrome` is the extension API.
    const { chrome } = globalThis as unknown as { chrome: ChromeApi };
    const tabs = await chrome.tabs.query({});
    return Promise.all(
      tabs.map(async (tab) => ({
        tabId: tab.id!,
        text: await chrome.action.getBadgeText({ tabId: tab.id! }),
        title: await chrome.action.getTitle({ tabId: tab.id! }),
      })),
    );
  });
}

/** Wait until exactly one tab's badge has `text` (and, if given, `title`). */
export async function expectBadge(
  context: BrowserContext,
  text: string,
  title?: string,
): Promise<void> {
  await expect
    .poll(
      async () =>
        (await badges(context)).filter((b) => b.text === text && (!title || b.title === title))
          .length,
    )
    .toBe(1);
}

/** What the background remembers of a tab: the page its content script last reported. */
export interface TabState {
  url: string;
  title: string;
  token: string;
  reading: { sessionId: string; resourceId: string } | null;
  /** What the tab's quote script found of the reading's quotes (reflection ids). */
  quotes?: { found: string[]; missing: string[]; ms: number };
}

/** What the background remembers of every tab (its `storage.session`). */
export async function tabStates(context: BrowserContext): Promise<TabState[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: ChromeApi };
    const all = await chrome.storage.session.get(null);
    return Object.entries(all)
      .filter(([k]) => k.startsWith('tab:'))
      .map(([, v]) => v as TabState);
  });
}

/**
 * Wait until a content script has reported `url` and the background has recorded it: proof
 * that the script runs on that page and its channel to the background is live.
 */
export async function reported(context: BrowserContext, url: string): Promise<TabState> {
  let state: TabState | undefined;
  await expect
    .poll(async () => (state = (await tabStates(context)).find((s) => s.url === url)), {
      message: `a content script reports ${url}`,
    })
    .toBeTruthy();
  return state!;
}

/**
 * The hosts the reading script is registered on beyond the build's (the learner's grants):
 * the matches of its registration, sorted, or [] when it is not registered.
 */
export async function grantedScriptHosts(context: BrowserContext): Promise<string[]> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        scripting: {
          getRegisteredContentScripts(f: { ids: string[] }): Promise<{ matches?: string[] }[]>;
        };
      };
    };
    const [script] = await chrome.scripting.getRegisteredContentScripts({
      ids: ['reading-granted'],
    });
    return [...(script?.matches ?? [])].sort();
  });
}

/**
 * Remove a host the extension was granted, as the learner does in the browser's extension
 * settings (its page, `chrome://extensions`, calls the same private API).
 */
export async function removeHostInSettings(
  context: BrowserContext,
  extensionId: string,
  pattern: string,
): Promise<void> {
  const settings = await context.newPage();
  await settings.goto(`chrome://extensions/?id=${extensionId}`);
  await settings.evaluate(
    ([id, host]) => {
      const { chrome } = globalThis as unknown as {
        chrome: {
          developerPrivate: { removeHostPermission(id: string, host: string): Promise<void> };
        };
      };
      return chrome.developerPrivate.removeHostPermission(id, host);
    },
    [extensionId, pattern] as const,
  );
  await settings.close();
}

/** The texts of the reflections in the popup's snapshot (`storage.session`), or null: none. */
export async function snapshotTexts(context: BrowserContext): Promise<string[] | null> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: ChromeApi };
    const { popupSnapshot } = (await chrome.storage.session.get(null)) as {
      popupSnapshot?: { state: { recent: { text: string }[] } };
    };
    return popupSnapshot ? popupSnapshot.state.recent.map((r) => r.text) : null;
  });
}

/**
 * A request to the background from an extension page open in `page` (the popup, the
 * facilitator page), exactly as that page sends it; the reply as it comes.
 */
export async function askAsPage(page: Page, message: object): Promise<Record<string, unknown>> {
  return page.evaluate(
    (m) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<Record<string, unknown>> } };
        }
      ).chrome.runtime.sendMessage(m),
    message,
  );
}
