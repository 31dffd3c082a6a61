/**
 * The companion's overlay as the learner meets it: an extension frame inside a reading, docked
 * as a small tab or open as a panel. Found by role and accessible name, in the frame's language.
 */
import { expect, type Frame, type Locator } from '@playwright/test';
import { uiText, type Lang } from './ui-text';

/** The overlay frame of a reading tab. */
export class OverlayFrame {
  constructor(
    readonly frame: Frame,
    readonly lang: Lang = 'en',
  ) {}

  /** Any control or text of the frame, by role (as `Frame.getByRole`). */
  getByRole(...args: Parameters<Frame['getByRole']>): Locator {
    return this.frame.getByRole(...args);
  }

  /** Any field of the frame, by label (as `Frame.getByLabel`). */
  getByLabel(...args: Parameters<Frame['getByLabel']>): Locator {
    return this.frame.getByLabel(...args);
  }

  /** Any text of the frame (as `Frame.getByText`). */
  getByText(...args: Parameters<Frame['getByText']>): Locator {
    return this.frame.getByText(...args);
  }

  /** The token the content script gave the frame in its address (the page must never see it). */
  token(): string {
    return new URL(this.frame.url()).hash.slice(1);
  }

  /** The docked tab's button that opens the panel. */
  openButton(): Locator {
    return this.frame.getByRole('button', { name: uiText(this.lang, 'overlayOpen') });
  }

  /** The open panel (the frame's main landmark). */
  panel(): Locator {
    return this.frame.getByRole('main');
  }

  /** The panel's button that docks it again. */
  collapseButton(): Locator {
    return this.frame.getByRole('button', { name: uiText(this.lang, 'overlayCollapse') });
  }

  /** Open the panel from its docked tab, by mouse. */
  async expand(): Promise<void> {
    await this.openButton().click();
    await this.panel().waitFor();
  }

  /** The reading's title. */
  heading(): Locator {
    return this.frame.getByRole('heading', { level: 1 });
  }

  /** The session's learning outcomes, in order. */
  outcomes(): Locator {
    return this.region('outcomesHeading').getByRole('listitem');
  }

  /** The learner's status for this reading ("In progress", "Done"). */
  readingStatus(): Locator {
    return this.region('statusHeading').getByRole('paragraph');
  }

  /** What the overlay last said it did ("Reflection saved."). */
  status(): Locator {
    return this.frame.getByRole('status');
  }

  /** What last went wrong (the panel's last alert; the focus alert comes first). */
  error(): Locator {
    return this.frame.getByRole('alert').last();
  }

  /** The alert that the page took the keyboard focus away (hidden while it has nothing to say). */
  focusAlert(): Locator {
    return this.region('reflectionsHeading').getByRole('alert', { includeHidden: true });
  }

  /** The text box for a new reflection. */
  reflectionBox(): Locator {
    return this.frame.getByLabel(uiText(this.lang, 'editorLabel'), { exact: true });
  }

  /** The text box while a saved reflection is being edited. */
  editingBox(): Locator {
    return this.frame.getByLabel(uiText(this.lang, 'editorEditingLabel'), { exact: true });
  }

  /** The passage quoted into the reflection being written. */
  quoteInEditor(): Locator {
    return this.frame
      .getByRole('figure', { name: uiText(this.lang, 'quoteLabel') })
      .getByRole('blockquote');
  }

  /** The reflections written on this reading, newest first. */
  reflections(): Locator {
    return this.region('reflectionsHeading').getByRole('listitem');
  }

  /** The texts of those reflections, newest first. */
  async reflectionTexts(): Promise<string[]> {
    // Each item holds its time, quote, text and tags; the text is the one paragraph the
    // learner wrote, which has no role or name of its own to tell it apart.
    return this.reflections().locator('.reflection-text').allTextContents();
  }

  /** Write a reflection and save it, and wait until it is in the list. */
  async writeReflection(text: string): Promise<void> {
    const before = (await this.reflectionTexts()).filter((t) => t === text).length;
    await this.reflectionBox().fill(text);
    await this.frame.getByRole('button', { name: uiText(this.lang, 'save') }).click();
    // The status may already say "saved" from an earlier save: wait for this one in the list.
    await expect
      .poll(async () => (await this.reflectionTexts()).filter((t) => t === text).length)
      .toBe(before + 1);
    await expect(this.status()).toHaveText(uiText(this.lang, 'saved'));
  }

  /** A section of the panel, by its heading. */
  private region(heading: Parameters<typeof uiText>[1]): Locator {
    return this.frame.getByRole('region', { name: uiText(this.lang, heading) });
  }
}
