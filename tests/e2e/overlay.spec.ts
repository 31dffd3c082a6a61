import type { BrowserContext } from '@playwright/test';
import { testResource, testSession } from '../fixtures/test-pack';
import {
  expect,
  expectBadge,
  fixture,
  OTHER_SITE,
  OTHER_SITE_READING,
  PopupPage,
  READING,
  READING_SITE,
  READING_SITE_OTHER_PAGE,
  ReadingPage,
  reported,
  serve,
  test,
} from './fixtures';

const civilPower = testResource('civil-power-partner-state');

/**
 * Open `url`, a page of a reading's site that is no reading, and prove that the content script
 * handled it and mounted nothing. It reported the page (the background found no reading), and
 * then, after in-page navigation, reported `/about` too: it reports one page at a time and
 * only after it handled the answer for the last, so whatever that answer made it mount is
 * mounted by now.
 */
async function visitNoReading(context: BrowserContext, url: string): Promise<ReadingPage> {
  const reading = await ReadingPage.blank(context);
  await reading.page.goto(url);
  expect((await reported(context, url)).reading).toBeNull();
  await reading.navigateInPage('/about');
  expect((await reported(context, new URL('/about', url).href)).reading).toBeNull();
  expect(await reading.mountedAt()).toEqual([]);
  expect(reading.hasOverlay()).toBe(false);
  return reading;
}
const [before, after] = ['canadas-irreconcileables', 'levels-of-government'].map(testResource);

test.describe('the overlay on a reading', () => {
  test.beforeEach(async ({ context }) => {
    await serve(
      context,
      READING_SITE,
      fixture('article.html', { TITLE: 'Civil Power and Partner State' }),
    );
  });

  for (const url of [
    READING,
    'https://grocer.coop/articles/civil-power-and-partner-state/',
    `${READING}?utm_campaign=s6#part-2`,
  ]) {
    test(`appears at ${url}, names the session and its outcomes`, async ({ context }) => {
      const reading = await ReadingPage.open(context, url);
      const overlay = await reading.expand();
      await expect(overlay.heading()).toHaveText(civilPower.title);
      await expect(overlay.getByText(`Session ${testSession.number} · Read`)).toBeVisible();
      await expect(overlay.outcomes()).toHaveText(testSession.outcomes.map((o) => o.text));
      await expect(overlay.readingStatus()).toHaveText('In progress');
      // Previous and next resources of the session; neither link is known.
      const nav = overlay.getByRole('navigation');
      await expect(nav).toContainText(`Previous: ${before!.title} (link not known yet)`);
      await expect(nav).toContainText(`Next: ${after!.title} (link not known yet)`);
    });
  }

  test('does not appear on another page of the same site, and follows in-page navigation', async ({
    context,
  }) => {
    const reading = await visitNoReading(context, READING_SITE_OTHER_PAGE);
    // In-page navigation to the reading: the same script mounts the overlay, there only.
    await reading.navigateInPage(new URL(READING).pathname);
    await expect.poll(() => reading.mountedAt()).toEqual([new URL(READING).pathname]);
    await reading.overlay();
    await reading.navigateInPage('/about');
    await expect.poll(() => reading.hasOverlay()).toBe(false);
    expect(await reading.page.evaluate(() => document.documentElement.children.length)).toBe(2);
  });

  test('does not appear at a reading’s address on another reading’s site', async ({ context }) => {
    // Both sites run the content script; only the reading's own site has it at this path.
    await serve(context, OTHER_SITE, fixture('article.html', { TITLE: 'Same path, other site' }));
    const lookAlike = new URL(new URL(READING).pathname, OTHER_SITE_READING).href;
    const reading = await visitNoReading(context, lookAlike);
    // The channel is live: this site's own reading, reached in the same tab, gets the overlay.
    await reading.navigateInPage(new URL(OTHER_SITE_READING).pathname);
    await expect.poll(() => reading.mountedAt()).toEqual([new URL(OTHER_SITE_READING).pathname]);
    await reading.overlay();
    await expectBadge(context, `S${testSession.number}`);
  });

  test('collapse, side and done survive a reload, and the popup shows the progress', async ({
    context,
    extensionId,
  }) => {
    const reading = await ReadingPage.open(context, READING);
    let overlay = await reading.expand();
    await overlay.getByRole('button', { name: 'Move to the left' }).click();
    await overlay.getByRole('button', { name: 'Mark as done' }).click();
    await expect(overlay.readingStatus()).toHaveText('Done');
    await expect(overlay.getByRole('button', { name: 'Mark as not done' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await reading.page.reload();
    overlay = await reading.overlay();
    await expect(overlay.getByRole('button', { name: 'Move to the right' })).toBeVisible();
    await expect(overlay.readingStatus()).toHaveText('Done');
    const box = await reading.page.evaluate(() =>
      document.documentElement.style.getPropertyValue('margin-left'),
    );
    expect(box).toBe('380px'); // the page moved aside: the panel covers no text

    await overlay.collapseButton().click();
    await reading.page.reload();
    overlay = await reading.overlay();
    await expect(overlay.openButton()).toBeVisible();

    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.progressSummary()).toHaveText(`1 of ${testSession.resources.length} done`);
    await expect(popup.resource(civilPower.title)).toContainText('Done');
  });

  test('works with the keyboard alone: shortcut opens, Tab reaches every control, Escape collapses', async ({
    context,
  }) => {
    const reading = await ReadingPage.open(context, READING);
    const { page } = reading;
    await reading.clickInText(); // the learner is reading
    await page.keyboard.press('Control+Shift+Y');
    const overlay = await reading.overlay();
    await expect(overlay.collapseButton()).toBeVisible();
    await expect(overlay.heading()).toBeFocused();

    const reached = new Set<string>();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const name = await overlay.frame.evaluate(() => {
        const el = document.activeElement;
        return el && el !== document.body
          ? (el.getAttribute('aria-label') ?? el.textContent).trim()
          : '';
      });
      if (name) reached.add(name);
    }
    for (const control of [
      'Collapse',
      'Move to the left',
      'Mark as done',
      'Quote the selected text',
      'Save reflection',
    ]) {
      expect([...reached]).toContain(control);
    }

    await page.keyboard.press('Escape');
    await expect(overlay.openButton()).toBeVisible();
    // Focus is back in the page, where the learner was (not on the overlay's host).
    expect(await page.evaluate(() => document.body.contains(document.activeElement))).toBe(true);
  });
});

test('a page with a strict Content-Security-Policy still gets the overlay', async ({ context }) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Strict' }), {
    'Content-Security-Policy': "default-src 'none'; frame-src 'none'",
  });
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  await expect(overlay.heading()).toHaveText(civilPower.title);
  await expectBadge(context, `S${testSession.number}`);
});

test('a hostile page captures nothing the learner types', async ({ context }) => {
  await serve(context, READING_SITE, fixture('hostile.html'));
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  const secret = 'Ma réflexion secrète sur l’État partenaire 4217';
  await overlay.reflectionBox().click();
  await reading.page.keyboard.type(secret, { delay: 5 });
  await overlay.getByRole('button', { name: 'Save reflection' }).click();
  await expect(overlay.status()).toHaveText('Reflection saved.');
  const captured = () =>
    reading.page.evaluate(() => (window as unknown as { __captured: string[] }).__captured);
  // The page's spy is live: it looks again every 100 ms; wait for a look after the save.
  const savedAt = (await captured()).length;
  await expect
    .poll(async () => (await captured()).slice(savedAt).some((c) => c.startsWith('host-shadow:')))
    .toBe(true);
  const log = (await captured()).join('\n');
  for (const piece of ['secrète', '4217', 'partenaire', 'Ma r']) expect(log).not.toContain(piece);
  expect(log).not.toMatch(/keydown:[A-Za-z]/);
  expect(log).toContain('host-shadow:null'); // closed shadow root, not forced open
  const token = overlay.token();
  expect(token.length).toBeGreaterThan(16);
  expect(log).not.toContain(token); // the overlay's secret never reached the page
});
