/**
 * What the background remembers of a tab follows the tab (issue 11, finding 13): when a tab
 * leaves a reading for a site where the content script does not run, nothing is left saying
 * it still shows the reading; in-page navigation and a reload of the reading keep it.
 */
import type { Page } from '@playwright/test';
import { testSession } from '../fixtures/test-pack';
import {
  badges,
  ELSEWHERE,
  ELSEWHERE_SITE,
  expect,
  expectBadge,
  fixture,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  test,
} from './fixtures';

const PLACE = { sessionId: testSession.id, resourceId: 'civil-power-partner-state' };
const BADGE = `S${testSession.number}`;

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
  await serve(
    context,
    READING_SITE,
    fixture('article.html', { TITLE: 'Civil Power and Partner State' }),
  );
  await serve(context, ELSEWHERE_SITE, fixture('article.html', { TITLE: 'Elsewhere' }));
  const reading = await ReadingPage.open(context, READING);
  await expectBadge(context, BADGE);
  const tabId = (await badges(context)).find((b) => b.text === BADGE)!.tabId;
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
  await expectBadge(context, BADGE);

  // Another site, where the content script does not run: the tab shows no reading, no badge.
  await reading.page.goto(ELSEWHERE);
  await expect.poll(() => tabReading(popup.page, tabId)).toBeNull();
  await expect
    .poll(async () => (await badges(context)).find((b) => b.tabId === tabId)?.text)
    .toBe('');
});
