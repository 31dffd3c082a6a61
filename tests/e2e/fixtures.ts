/**
 * The Playwright fixture every end-to-end test uses: Debian's Chromium with the built
 * extension loaded, a fresh profile per test, no network (every request is answered by a
 * route or refused), and small page objects so the specs read like the learner's story.
 */
import { test as base, expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchWithExtension, serviceWorker } from './browser';

export * from './browser';

const require = createRequire(import.meta.url);

/** The toolbar popup, opened as a page of the extension. */
export class PopupPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}

  /** Open `popup.html` in a new tab of the same window. */
  static async open(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return new PopupPage(page, extensionId);
  }

  /** Titles of the session's resources, in order. */
  async resourceTitles(): Promise<string[]> {
    return this.page
      .locator('.resources > li .resource-title')
      .evaluateAll((els) =>
        els.map((el) => (el.firstElementChild?.firstChild?.textContent ?? '').trim()),
      );
  }

  /** Texts of the learning outcomes, in order. */
  async outcomes(): Promise<string[]> {
    return this.page.locator('.outcomes > li .outcome-text').allTextContents();
  }

  /** The "you are on this session's reading" notice. */
  currentReading() {
    return this.page.getByTestId('current-reading');
  }
}

/** The few extension APIs the tests call inside the service worker. */
interface ChromeApi {
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
  };
}

/** A course reading open in a tab, with the companion's overlay frame in it. */
export class ReadingPage {
  constructor(readonly page: Page) {}

  /** Open `url` in a new tab and wait for the overlay frame to be mounted. */
  static async open(context: BrowserContext, url: string): Promise<ReadingPage> {
    const page = await context.newPage();
    await page.goto(url);
    const reading = new ReadingPage(page);
    await reading.overlay();
    return reading;
  }

  /** The overlay frame (it sits in a closed shadow root, so it is found by address). */
  async overlay(): Promise<Frame> {
    let frame: Frame | undefined;
    await expect
      .poll(() => (frame = this.page.frames().find((f) => f.url().includes('/overlay.html'))))
      .toBeTruthy();
    await frame!.locator('#app > *').first().waitFor();
    return frame!;
  }

  /** Is there an overlay frame in the page now? */
  hasOverlay(): boolean {
    return this.page.frames().some((f) => f.url().includes('/overlay.html'));
  }

  /** Expand the overlay from its docked tab (by mouse). */
  async expand(): Promise<Frame> {
    const frame = await this.overlay();
    await frame.locator('button.tab').click();
    await frame.locator('.panel').waitFor();
    return frame;
  }

  /** Write a reflection in the overlay and save it (labels in the browser's language). */
  async writeReflection(text: string, lang: 'en' | 'fr' = 'en'): Promise<void> {
    const frame = await this.overlay();
    const fr = lang === 'fr';
    const before = (await this.reflectionTexts()).filter((t) => t === text).length;
    await frame.getByLabel(fr ? 'Votre réflexion' : 'Your reflection').fill(text);
    await frame
      .getByRole('button', { name: fr ? 'Enregistrer la réflexion' : 'Save reflection' })
      .click();
    // The status may already say "saved" from an earlier save: wait for this one in the list.
    await expect
      .poll(async () => (await this.reflectionTexts()).filter((t) => t === text).length)
      .toBe(before + 1);
    await expect(frame.getByTestId('overlay-status')).toHaveText(
      fr ? 'Réflexion enregistrée.' : 'Reflection saved.',
    );
  }

  /** Texts of the reflections listed in the overlay, newest first. */
  async reflectionTexts(): Promise<string[]> {
    return (await this.overlay()).locator('.reflection-text').allTextContents();
  }
}

/** The toolbar badge and title of every tab, read from the extension's service worker. */
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

/** Wait until some tab's badge has `text` (and, if given, `title`). */
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

/** Fixtures: a browser with the extension, and its id; `lang` picks the browser's language. */
export const test = base.extend<{
  lang: 'en' | 'fr';
  context: BrowserContext;
  extensionId: string;
}>({
  lang: ['en', { option: true }],
  context: async ({ lang }, use, testInfo) => {
    const context = await launchWithExtension(
      testInfo.outputPath('profile'),
      lang === 'fr' ? ['--lang=fr'] : [],
    );
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    await use(new URL((await serviceWorker(context)).url()).host);
  },
});

/** Serious and critical accessibility problems axe-core finds in a page or frame (WCAG 2.2 AA). */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  // Injected through the DevTools protocol, which extension pages' CSP does not block.
  await target.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await target.evaluate(() =>
    (
      globalThis as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? ''}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

export { expect };
