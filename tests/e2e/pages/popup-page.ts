/**
 * The toolbar popup as the learner sees it: the current session, its resources and outcomes,
 * their reflections and the journal. Found by role and accessible name, in the popup's language.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { extensionPage } from '../addresses';
import { uiText, type Lang, type MessageKey } from './ui-text';

/** The toolbar popup, opened as a page of the extension. */
export class PopupPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
    readonly lang: Lang = 'en',
  ) {}

  /** Open `popup.html` in a new tab of the same window. */
  static async open(
    context: BrowserContext,
    extensionId: string,
    lang: Lang = 'en',
  ): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(extensionPage(extensionId, 'popup.html'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    return new PopupPage(page, extensionId, lang);
  }

  /** The session's number and title. */
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The notice that the active tab is one of the session's readings. */
  currentReading(): Locator {
    return this.region('currentReading');
  }

  /** "3 of 8 done": the session's progress in words, beside its progress bar. */
  progressSummary(): Locator {
    // Plain text with no role: the progress bar beside it carries the accessible name.
    return this.page.getByTestId('progress-summary');
  }

  /** The session's learning outcomes (each with how many reflections speak to it). */
  outcomeItems(): Locator {
    return this.region('outcomesHeading').getByRole('listitem');
  }

  /** Texts of the learning outcomes, in order (without their reflection counts). */
  async outcomes(): Promise<string[]> {
    return this.outcomeItems().evaluateAll((items) =>
      items.map((li) => (li.firstElementChild?.textContent ?? '').trim()),
    );
  }

  /** The session's resources, in order. */
  resources(): Locator {
    return this.region('resourcesHeading').getByRole('listitem');
  }

  /** One resource, by (part of) its title. */
  resource(title: string | RegExp): Locator {
    return this.resources().filter({ has: this.page.getByRole('heading', { name: title }) });
  }

  /** The resource marked as the one the active tab shows. */
  currentResource(): Locator {
    return this.resources().and(this.page.locator('[aria-current="page"]'));
  }

  /** Titles of the session's resources, in order (without "opens in a new tab"). */
  async resourceTitles(): Promise<string[]> {
    return this.resources()
      .getByRole('heading', { level: 3 })
      .evaluateAll((headings) =>
        headings.map((h) => (h.firstElementChild?.firstChild?.textContent ?? '').trim()),
      );
  }

  /** Resources whose link is not known yet (each says so). */
  unknownLinks(): Locator {
    return this.page.getByText(uiText(this.lang, 'linkUnknown'), { exact: true });
  }

  /** The section of the learner's reflections (search and list). */
  reflectionsSection(): Locator {
    return this.region('yourReflections');
  }

  /** The reflections listed, newest first (or those the search found). */
  reflections(): Locator {
    return this.reflectionsSection().getByRole('listitem');
  }

  /** The search box over the reflections. */
  searchBox(): Locator {
    return this.page.getByLabel(uiText(this.lang, 'searchLabel'));
  }

  /** How many reflections the search found. */
  searchCount(): Locator {
    return this.reflectionsSection().getByRole('status');
  }

  /** The journal section: export, backup, restore. */
  journal(): Locator {
    return this.region('journalSection');
  }

  /** When the journal was last exported ("Not exported yet."). */
  lastExport(): Locator {
    // Plain text with no role of its own.
    return this.page.getByTestId('last-export');
  }

  /** What the journal last said it did. */
  journalStatus(): Locator {
    return this.journal().getByRole('status');
  }

  /** What went wrong in the journal. */
  journalError(): Locator {
    return this.journal().getByRole('alert');
  }

  /** The question before a backup is imported, with what it would change. */
  importPreview(): Locator {
    return this.page.getByRole('group', { name: uiText(this.lang, 'importQuestion') });
  }

  /** The notice of reflections that belong to another course, with what to do with them. */
  otherCourses(): Locator {
    return this.journal()
      .getByRole('group')
      .filter({ has: this.button('otherCourseMove') });
  }

  /** Restore the backup in `file` (the file input). */
  async restore(file: string): Promise<void> {
    await this.page.getByLabel(uiText(this.lang, 'importLabel')).setInputFiles(file);
  }

  /** Press a button of the popup by its label's message key. */
  button(key: MessageKey, exact = false): Locator {
    return this.page.getByRole('button', { name: uiText(this.lang, key), exact });
  }

  /** The facilitators' line: how many of the session's links worked when last checked. */
  linkSummary(): Locator {
    // Plain text with no role of its own.
    return this.page.getByTestId('link-summary');
  }

  /**
   * The writer, shown where no overlay can be (a PDF…): named "This page is “‹title›”".
   * Found by its landmark; its name carries the reading's title.
   */
  writer(): Locator {
    const [before, after] = uiText(this.lang, 'writerHeading').split('$1');
    return this.page.getByRole('region', {
      name: new RegExp(`^${escapeRegExp(before ?? '')}.+${escapeRegExp(after ?? '')}$`),
    });
  }

  /** The writer's text box (for a new reflection). */
  writerBox(): Locator {
    return this.writer().getByLabel(uiText(this.lang, 'editorLabel'), { exact: true });
  }

  /** What the writer last said it did ("Reflection saved."). */
  writerStatus(): Locator {
    return this.writer().getByRole('status');
  }

  /** The reflections the writer lists for its reading, newest first. */
  writerReflections(): Locator {
    return this.writer().getByRole('listitem');
  }

  /** The session switcher ("Session 6 of 8" between Previous and Next). */
  switcher(): Locator {
    return this.page.getByRole('navigation', { name: uiText(this.lang, 'sessionSwitcherLabel') });
  }

  /** "Session 6 of 8". */
  sessionPosition(): Locator {
    // Plain text (a polite live region) with no role of its own.
    return this.switcher().getByTestId('session-position');
  }

  /** The switcher's Previous button (its name says where it goes, in either language). */
  previousSession(): Locator {
    return this.switcher().getByRole('button').first();
  }

  /** The switcher's Next button. */
  nextSession(): Locator {
    return this.switcher().getByRole('button').last();
  }

  /** "Course: 12 of 40 done": the course's progress, beside the session's. */
  courseProgress(): Locator {
    // Plain text with no role of its own.
    return this.page.getByTestId('course-progress');
  }

  /** Search this session's reflections, or the whole course's. */
  async searchIn(scope: 'session' | 'course'): Promise<void> {
    await this.reflectionsSection()
      .getByRole('radio', {
        name: uiText(this.lang, scope === 'session' ? 'scopeSession' : 'scopeCourse'),
      })
      .check();
  }

  /** The contact's email address, as text beside the mail link. */
  contactEmail(): Locator {
    // Plain text with no role of its own.
    return this.page.getByTestId('contact-email');
  }

  /** A section of the popup, by its heading. */
  /**
   * "This page is one of this session's resources": link the active tab's page to the resource
   * titled `title`, by keyboard-usable controls (the disclosure, a radio, the submit button).
   */
  async linkThisPage(title: string): Promise<void> {
    await this.page.getByRole('button', { name: uiText(this.lang, 'linkPageOffer') }).click();
    const group = this.page.getByRole('group', { name: uiText(this.lang, 'linkPageLegend') });
    await group.getByRole('radio', { name: title }).check();
    await this.page.getByRole('button', { name: uiText(this.lang, 'linkPageSubmit') }).click();
  }

  /** The offer to link the active tab's page (absent where the page is recognised). */
  linkOffer(): Locator {
    return this.page.getByRole('button', { name: uiText(this.lang, 'linkPageOffer') });
  }

  /** What linking a page said (its live region). */
  linkStatus(): Locator {
    return this.page.getByTestId('link-this-page').getByRole('status');
  }

  /** The "Linked by you (host)" marks of the session's resources. */
  learnerLinks(): Locator {
    return this.page.getByTestId('learner-link');
  }

  /** What removing a learner's link said (the resource list's live region). */
  learnerLinkStatus(): Locator {
    return this.page.getByTestId('learner-link-status');
  }

  private region(heading: MessageKey): Locator {
    return this.page.getByRole('region', { name: uiText(this.lang, heading) });
  }
}

/** `text` as a literal part of a regular expression. */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
