/**
 * The popup across the course's sessions, with a FICTIONAL Session 7 imported beside the
 * frozen Session 6 (tests/fixtures/fictional-sessions.ts): the learner switches session with
 * the keyboard, sees each session's readings and progress and the course's, searches the whole
 * course, exports the whole course's journal in course order, and can copy the contact's
 * address.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import { fictionalSession7, packWithFictionalSession7 } from '../fixtures/fictional-sessions';
import { testPack, testSession } from '../fixtures/test-pack';
import {
  axeViolations,
  expect,
  FacilitatorPage,
  fixture,
  PopupPage,
  READING_SITE,
  ReadingPage,
  serve,
  test,
} from './fixtures';

const seventh = fictionalSession7.resources[0]!;
const allResources = testSession.resources.length + fictionalSession7.resources.length;

/** The facilitator imports the frozen pack with the fictional Session 7. */
async function importTwoSessions(context: BrowserContext, extensionId: string): Promise<void> {
  const facilitator = await FacilitatorPage.open(context, extensionId);
  await facilitator.importPack(packWithFictionalSession7());
  await expect(facilitator.status()).toContainText('Course pack imported');
  await facilitator.page.close();
}

test('switch session with the keyboard; progress, search and journal across the course', async ({
  context,
  extensionId,
}) => {
  await importTwoSessions(context, extensionId);
  // The learner reads week seven's first reading, marks it done and reflects on it.
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Fictional' }));
  const reading = await ReadingPage.open(context, seventh.link!);
  const overlay = await reading.expand();
  await expect(overlay.heading()).toHaveText(seventh.title);
  await overlay.getByRole('button', { name: 'Mark as done' }).click();
  await overlay.getByRole('checkbox', { name: /Outcome 2/ }).check();
  await reading.writeReflection('Week seven: the commons, fictionally');

  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  // The pack's current session, Session 6, with the course's progress beside its own.
  await expect(popup.sessionPosition()).toHaveText('Session 6 of 7');
  await expect(popup.heading()).toContainText(testSession.title);
  await expect(popup.progressSummary()).toHaveText(`0 of ${testSession.resources.length} done`);
  await expect(popup.courseProgress()).toContainText(`Course: 1 of ${allResources} done`);
  await expect(popup.previousSession()).toBeDisabled();
  await expect(popup.nextSession()).toHaveAccessibleName(
    `Next session: Session 7 — ${fictionalSession7.title}`,
  );

  // Keyboard only: the first Tab reaches Next (Previous is disabled), Enter switches.
  await page.keyboard.press('Tab');
  await expect(popup.nextSession()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(popup.sessionPosition()).toHaveText('Session 7 of 7');
  await expect(popup.heading()).toContainText(fictionalSession7.title);
  expect(await popup.resourceTitles()).toEqual(fictionalSession7.resources.map((r) => r.title));
  await expect(popup.progressSummary()).toHaveText(
    `1 of ${fictionalSession7.resources.length} done`,
  );
  // That session's outcome coverage: the reflection speaks to its second outcome.
  await expect(popup.outcomeItems().nth(1)).toContainText('1 reflection');
  await expect(popup.outcomeItems().nth(0)).toContainText('not reflected on yet');
  await expect(popup.reflections()).toContainText(['Week seven: the commons, fictionally']);
  // Next is disabled at the last session: the focus went to Previous, and Enter goes back.
  await expect(popup.nextSession()).toBeDisabled();
  await expect(popup.previousSession()).toBeFocused();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page)).toEqual([]);
  }
  await page.keyboard.press('Enter');
  await expect(popup.sessionPosition()).toHaveText('Session 6 of 7');
  await expect(popup.nextSession()).toBeFocused();
  expect(await popup.resourceTitles()).toEqual(testSession.resources.map((r) => r.title));

  // Session 6 has no reflection; the whole course's search finds week seven's, named so.
  await popup.searchIn('course');
  await popup.searchBox().fill('commons');
  await expect(popup.searchCount()).toHaveText('1 reflection matches');
  await expect(popup.reflections()).toHaveCount(1);
  await expect(popup.reflections()).toContainText(`Session 7 · ${seventh.title}`);

  // The whole course's journal lists both sessions, in course order.
  await popup.journal().getByRole('radio', { name: 'The whole course' }).check();
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    popup.button('exportMarkdown').click(),
  ]);
  const journal = readFileSync(await markdown.path(), 'utf8');
  const six = journal.indexOf(`## Session 6: ${testSession.title}`);
  const seven = journal.indexOf(`## Session 7: ${fictionalSession7.title}`);
  expect(six).toBeGreaterThan(-1);
  expect(seven).toBeGreaterThan(six);
  expect(journal).toContain('Week seven: the commons, fictionally');

  // The contact's address is on screen as text, to copy without a mail program.
  const { contact } = testPack.course;
  await expect(popup.contactEmail()).toHaveText(contact.email);
  await expect(page.getByRole('link', { name: contact.name })).toHaveAttribute(
    'href',
    `mailto:${contact.email}`,
  );
});

test('the switcher is for this popup only: a new popup shows the pack’s current session', async ({
  context,
  extensionId,
}) => {
  await importTwoSessions(context, extensionId);
  let popup = await PopupPage.open(context, extensionId);
  await popup.nextSession().click();
  await expect(popup.sessionPosition()).toHaveText('Session 7 of 7');
  await popup.page.close();
  popup = await PopupPage.open(context, extensionId);
  await expect(popup.sessionPosition()).toHaveText('Session 6 of 7');
  await expect(popup.heading()).toContainText(testSession.title);
});
