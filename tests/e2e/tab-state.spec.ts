/**
 * What the background remembers of a tab follows the tab (issue 11, finding 13): when a tab
 * leaves a reading for a site where the content script does not run, nothing is left saying
 * it still shows the reading; in-page navigation and a reload of the reading keep it.
 */
import type { Page } from '@playwright/test';
import {
  badges,
  expect,
  expectBadge,
  fixture,
  PopupPage,
  ReadingPage,
  serve,
  test,
} from './fixtures';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const GROCER = /^https?:\/\/(www\.)?grocer\.coop\//;
const PLACE = { sessionId: 'session-6', resourceId: 'civil-power-partner-state' };

/** The reading the background says tab `tabId` shows, asked as the popup asks. */
const tabReading = (popup: Page, tabId: number) =>
  popup.evaluate(
    (id) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<{ reading?: unknown }> } };
        }
      ).chrome.runtime
        .sendMessage({ type: 'tab:reading', tabId: id })
        .then((r) => r.reading),
    tabId,
  );

test('a tab that leaves a reading for another site no longer shows it', async ({
  context,
  extensionId,
}) => {
  await serve(context, GROCER, fixture('article.html', { TITLE: 'Civil Power and Partner State' }));
  await serve(context, 'https://example.org/**', fixture('article.html', { TITLE: 'Elsewhere' }));
  const reading = await ReadingPage.open(context, READING);
  await expectBadge(context, 'S6');
  const tabId = (await badges(context)).find((b) => b.text === 'S6')!.tabId;
  const popup = await PopupPage.open(context, extensionId);
  expect(await tabReading(popup.page, tabId)).toEqual(PLACE);

  // In-page navigation within the reading keeps it (no new load, no new report needed).
  await reading.page.evaluate(() => {
    history.pushState({}, '', '#part-2');
  });
  await reading.page.evaluate(() => {
    location.hash = 'part-3';
  });
  // The overlay still speaks for the tab's reading: a save needs the tab's state.
  await reading.expand();
  await reading.writeReflection('Written after in-page navigation');
  expect(await tabReading(popup.page, tabId)).toEqual(PLACE);

  // A reload of the reading shows it again (the fresh report is not lost).
  await reading.page.reload();
  await reading.overlay();
  await expect.poll(() => tabReading(popup.page, tabId)).toEqual(PLACE);
  await expectBadge(context, 'S6');

  // Another site, where the content script does not run: the tab shows no reading, no badge.
  await reading.page.goto('https://example.org/elsewhere');
  await expect.poll(() => tabReading(popup.page, tabId)).toBeNull();
  await expect
    .poll(async () => (await badges(context)).find((b) => b.tabId === tabId)?.text)
    .toBe('');
});
