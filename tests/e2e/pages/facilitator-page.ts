/**
 * The facilitator page (the extension's options page) as a facilitator uses it: the pack in
 * use, link checks, pack import and export, and what the course's pages taught.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { extensionPage } from '../addresses';
import { uiText, type Lang, type MessageKey } from './ui-text';

/** The facilitator page, opened in a new tab. */
export class FacilitatorPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = 'en',
  ) {}

  /** Open `options.html` in a new tab. */
  static async open(
    context: BrowserContext,
    extensionId: string,
    lang: Lang = 'en',
  ): Promise<FacilitatorPage> {
    const page = await context.newPage();
    await page.goto(extensionPage(extensionId, 'options.html'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    return new FacilitatorPage(page, lang);
  }

  /** Import a pack (an object, or raw file text) through the page's file field. */
  async importPack(pack: unknown, name = 'pack.json'): Promise<void> {
    await this.page.getByLabel(uiText(this.lang, 'packImportLabel')).setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(typeof pack === 'string' ? pack : JSON.stringify(pack)),
    });
  }

  /** Which pack is in use ("the built-in one", "imported …"). */
  packSource(): Locator {
    // Plain text in the page's header, with no role of its own.
    return this.page.getByTestId('pack-source');
  }

  /** What the page last said it did. */
  status(): Locator {
    return this.page.getByRole('status');
  }

  /** What went wrong. */
  alert(): Locator {
    return this.page.getByRole('alert');
  }

  /** A button, by its label's message key. */
  button(key: MessageKey): Locator {
    return this.page.getByRole('button', { name: uiText(this.lang, key) });
  }

  /** How long a link check waits before giving up, in seconds. */
  timeoutField(): Locator {
    return this.page.getByLabel(uiText(this.lang, 'checkTimeoutLabel'));
  }

  /** The bar of the running (or last) check. */
  checkProgress(): Locator {
    return this.page.getByRole('progressbar', { name: uiText(this.lang, 'checkProgressLabel') });
  }

  /** "9 of 9 checked", beside that bar. */
  checkCount(): Locator {
    // Plain text beside the progress bar, which carries the accessible name.
    return this.page.getByTestId('check-count');
  }

  /** One row per resource of the pack's sessions. */
  rows(): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader') });
  }

  /** The row of a resource, by (part of) its title. */
  row(title: string | RegExp): Locator {
    return this.rows().filter({ has: this.page.getByRole('rowheader', { name: title }) });
  }

  /** What the last check of a resource's link found, in words. */
  linkStatus(title: string | RegExp): Locator {
    return this.row(title).getByRole('cell').nth(1);
  }

  /** Each resource's status as the page marks it (`data-status`), by resource id. */
  async statuses(): Promise<Record<string, string>> {
    return this.rows().evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.getAttribute('data-resource-id'),
          row.querySelector('[data-status]')?.getAttribute('data-status'),
        ]),
      ),
    );
  }

  /** What the course's pages showed that the pack does not say. */
  differences(): Locator {
    return this.page.getByRole('region', { name: uiText(this.lang, 'diffsHeading') });
  }

  /** The question before a pack of another course replaces the current one. */
  otherCourseQuestion(): Locator {
    return this.page.getByRole('group').filter({ has: this.button('packOtherCourseConfirm') });
  }
}
