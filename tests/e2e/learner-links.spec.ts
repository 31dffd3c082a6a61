/**
 * A page the learner links (issue 13, part 2): on an https page the companion does not
 * recognise, the popup offers "This page is one of this session's resources"; the page is
 * then the learner's link for that resource, recognised on the next visit, until removed.
 * The test build is granted the pages' hosts at install, so the popup (opened as a tab) sees
 * the address as `activeTab` shows it when the learner opens the popup on the page.
 */
import { testResource, testSession } from '../fixtures/test-pack';
import {
  PopupPage,
  READING_SITE,
  READING_SITE_OTHER_PAGE,
  ReadingPage,
  axeViolations,
  badges,
  expect,
  expectBadge,
  fixture,
  reported,
  serve,
  test,
} from './fixtures';

const BADGE = `S${testSession.number}`;
const irreconcileables = testResource('canadas-irreconcileables');
const preston = testResource('preston-model');
/** A page on a host outside the build (no content script runs there). */
const PRESTON_PAGE = 'https://cles.org.uk/the-preston-model/';
const PRESTON_SITE = /^https:\/\/cles\.org\.uk\//;

test.use({
  grantedHosts: ['https://grocer.coop/*', 'https://www.grocer.coop/*', 'https://cles.org.uk/*'],
});

test('a page of a reading’s site, linked by the learner, is recognised on the next visit until removed', async ({
  context,
  extensionId,
}) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: irreconcileables.title }));
  const reading = await ReadingPage.blank(context);
  await reading.page.goto(READING_SITE_OTHER_PAGE);
  // The content script reported the page: no reading, so no badge and no overlay.
  expect((await reported(context, READING_SITE_OTHER_PAGE)).reading).toBeNull();
  const popup = await PopupPage.open(context, extensionId);
  await reading.page.bringToFront();
  await popup.linkThisPage(irreconcileables.title);
  await expect(popup.linkStatus()).toHaveText(
    `Linked: this page is now “${irreconcileables.title}”. The companion recognises it from now on.`,
  );
  // The popup recognises the tab at once, and marks the learner's link.
  await expect(popup.currentReading()).toContainText(irreconcileables.title);
  await expect(popup.linkOffer()).toHaveCount(0);
  const mark = popup.resource(irreconcileables.title).getByTestId('learner-link');
  await expect(mark).toContainText('Linked by you (grocer.coop)');
  await expect(popup.resource(irreconcileables.title).getByRole('link')).toHaveAttribute(
    'href',
    READING_SITE_OTHER_PAGE,
  );

  // The next visit: the badge and the overlay, on the reading the learner named.
  await reading.page.reload();
  await expectBadge(context, BADGE);
  const overlay = await reading.expand();
  await expect(overlay.heading()).toHaveText(irreconcileables.title);

  // Removed: said in the list, and the next visit is no reading again.
  await mark.getByRole('button', { name: /^Remove/ }).click();
  await expect(popup.learnerLinkStatus()).toContainText(
    `Your link for “${irreconcileables.title}” is removed.`,
  );
  await expect(popup.learnerLinks()).toHaveCount(0);
  await reading.page.reload();
  // The report of the reloaded page cleared the badge: its answer (no reading) is handled.
  await expect
    .poll(async () => (await badges(context)).filter((b) => b.text === BADGE).length)
    .toBe(0);
  expect(await reading.mountedAt()).toEqual([]);
  expect(reading.hasOverlay()).toBe(false);
});

test('a page on a host outside the build, linked by the learner, is recognised by the popup on the next visit', async ({
  context,
  extensionId,
}) => {
  await serve(context, PRESTON_SITE, fixture('article.html', { TITLE: preston.title }));
  const first = await context.newPage();
  await first.goto(`${PRESTON_PAGE}#section-2`);
  const popup = await PopupPage.open(context, extensionId);
  await first.bringToFront();
  await expect(popup.linkOffer()).toBeVisible();
  await popup.linkThisPage(preston.title);
  await expect(popup.currentReading()).toContainText(preston.title);
  expect(await axeViolations(popup.page)).toEqual([]);
  await popup.page.close();
  await first.close();

  // The next visit, in a new tab: the popup knows the page by its address.
  const again = await context.newPage();
  await again.goto(`${PRESTON_PAGE}?utm_source=newsletter`);
  const next = await PopupPage.open(context, extensionId);
  await again.bringToFront();
  await expect(next.currentReading()).toContainText(preston.title);
  await expect(next.linkOffer()).toHaveCount(0);
  await expect(next.resource(preston.title).getByTestId('learner-link')).toContainText(
    'Linked by you (cles.org.uk)',
  );
  // The link stored is the page's address without its fragment.
  await expect(next.resource(preston.title).getByRole('link')).toHaveAttribute(
    'href',
    PRESTON_PAGE,
  );
});
