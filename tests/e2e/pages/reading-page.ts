/**
 * A web page in a tab of the learner's browser: a course reading (where the companion mounts
 * its overlay) or any other page of a reading's site (where it must mount nothing).
 */
import { expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { OverlayFrame } from './overlay-frame';
import type { Lang } from './ui-text';

/** Where the overlay frame's address is recognised (it sits in a closed shadow root). */
const isOverlay = (frame: Frame) => frame.url().includes('/overlay.html');

/** A page open in a tab, with the companion's overlay in it if it is a reading. */
export class ReadingPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = 'en',
  ) {}

  /** Open `url` in a new tab and wait for the overlay frame to be mounted. */
  static async open(context: BrowserContext, url: string, lang: Lang = 'en'): Promise<ReadingPage> {
    const reading = await ReadingPage.blank(context, lang);
    await reading.page.goto(url);
    await reading.overlay();
    return reading;
  }

  /**
   * A new tab that has loaded nothing yet, and keeps a record of everything mounted beside the
   * page's `<head>` and `<body>` (the overlay's host) and of the address at that moment: a
   * test can then tell, after the fact, on which address the overlay was mounted.
   */
  static async blank(context: BrowserContext, lang: Lang = 'en'): Promise<ReadingPage> {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __mountedAt: string[] };
      w.__mountedAt = [];
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.target !== document.documentElement) continue;
          for (const node of record.addedNodes)
            if (node !== document.head && node !== document.body && node.nodeType === 1)
              w.__mountedAt.push(location.pathname);
        }
      }).observe(document, { childList: true, subtree: true });
    });
    return new ReadingPage(page, lang);
  }

  /** The path of the page at each moment something was mounted beside `<head>` and `<body>`. */
  async mountedAt(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __mountedAt: string[] }).__mountedAt);
  }

  /** The overlay frame, once it is mounted and drawn. */
  async overlay(): Promise<OverlayFrame> {
    let frame: Frame | undefined;
    await expect.poll(() => (frame = this.page.frames().find(isOverlay))).toBeTruthy();
    // Drawn: either the docked tab's button or the open panel.
    const overlay = new OverlayFrame(frame!, this.lang);
    await overlay.openButton().or(overlay.panel()).waitFor();
    return overlay;
  }

  /** Is there an overlay frame in the page now? */
  hasOverlay(): boolean {
    return this.page.frames().some(isOverlay);
  }

  /** Expand the overlay from its docked tab (by mouse). */
  async expand(): Promise<OverlayFrame> {
    const overlay = await this.overlay();
    await overlay.expand();
    return overlay;
  }

  /** Write a reflection in the overlay and save it. */
  async writeReflection(text: string): Promise<void> {
    await (await this.overlay()).writeReflection(text);
  }

  /** Texts of the reflections listed in the overlay, newest first. */
  async reflectionTexts(): Promise<string[]> {
    return (await this.overlay()).reflectionTexts();
  }

  /** Select `text` in the page, as the learner does before quoting it. */
  async select(text: string): Promise<void> {
    await this.page.evaluate((wanted) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error(`No "${wanted}" in the page`);
    }, text);
  }

  /** Put the keyboard focus in the page's text, as a learner who is reading. */
  async clickInText(): Promise<void> {
    await this.page.getByRole('main').getByRole('paragraph').first().click();
  }

  /** Move to `path` within the page, as single-page sites do (no load). */
  async navigateInPage(path: string): Promise<void> {
    await this.page.evaluate((p) => history.pushState({}, '', p), path);
  }
}
