/**
 * The popup's snapshot (decision 30): a popup keeps what it showed of the current session in
 * `storage.session`, so the next one draws at once even when the background's worker is
 * stopped; any change the background announces drops it, so a popup never draws a state older
 * than the last change.
 */
import {
  expect,
  fixture,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  snapshotTexts,
  test,
} from './fixtures';

test('the popup keeps a snapshot of what it showed; a new reflection drops it; the next popup shows both', async ({
  context,
  extensionId,
}) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power' }));
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('The first thought');

  let popup = await PopupPage.open(context, extensionId);
  await expect(popup.reflections()).toContainText(['The first thought']);
  await expect.poll(() => snapshotTexts(context)).toEqual(['The first thought']);
  await popup.page.close();

  // A change: the snapshot goes at once, before any popup opens again.
  await reading.writeReflection('The second thought');
  await expect.poll(() => snapshotTexts(context)).toBeNull();

  popup = await PopupPage.open(context, extensionId);
  await expect(popup.reflections()).toContainText(['The second thought', 'The first thought']);
  await expect
    .poll(() => snapshotTexts(context))
    .toEqual(['The second thought', 'The first thought']);
});
