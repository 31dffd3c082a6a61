import { testResource, testSession } from '../fixtures/test-pack';
import { packWithFictionalSession7 } from '../fixtures/fictional-sessions';
import {
  axeViolations,
  expect,
  FacilitatorPage,
  fixture,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  test,
} from './fixtures';
import { uiText } from './pages/ui-text';

const resourceCount = testSession.resources.length;

for (const lang of ['en', 'fr'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${lang}, ${colorScheme}`, () => {
      test.use({ lang });

      test('the popup has no serious accessibility problem', async ({ context, extensionId }) => {
        await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
        const reading = await ReadingPage.open(context, READING, lang);
        await reading.expand();
        await reading.writeReflection(lang === 'fr' ? 'Une réflexion' : 'A reflection');
        const popup = await PopupPage.open(context, extensionId, lang);
        await popup.page.emulateMedia({ colorScheme });
        await expect(popup.reflections()).toHaveCount(1);
        expect(await axeViolations(popup.page)).toEqual([]);
      });

      test('the overlay has no serious accessibility problem', async ({ context }) => {
        await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
        const reading = await ReadingPage.open(context, READING, lang);
        await reading.page.emulateMedia({ colorScheme });
        const collapsed = await reading.overlay();
        expect(await axeViolations(collapsed.frame)).toEqual([]);
        const overlay = await reading.expand();
        await reading.writeReflection(lang === 'fr' ? 'Une réflexion' : 'A reflection');
        expect(await axeViolations(overlay.frame)).toEqual([]);
        // With a quote found in the page: its section, the toggle and "Show in the page".
        await reading.select('a partner state');
        await overlay.getByRole('button', { name: uiText(lang, 'quoteSelection') }).click();
        await reading.writeReflection(lang === 'fr' ? 'Une citation' : 'A quote');
        await expect(
          overlay.getByRole('checkbox', { name: uiText(lang, 'quotesShow') }),
        ).toBeVisible();
        await expect(
          overlay.getByRole('button', { name: /./ }).filter({ hasText: uiText(lang, 'quoteShow') }),
        ).toBeVisible();
        expect(await axeViolations(overlay.frame)).toEqual([]);
      });
    });
  }
}

for (const lang of ['en', 'fr'] as const)
  test.describe(`${lang}, with two sessions`, () => {
    test.use({ lang });

    test('the popup’s session switcher and course-wide search have no serious accessibility problem', async ({
      context,
      extensionId,
    }) => {
      const facilitator = await FacilitatorPage.open(context, extensionId, lang);
      await facilitator.importPack(packWithFictionalSession7());
      // Imported when the page says so ("Course pack imported: …", in the page's language).
      await expect(facilitator.status()).toContainText(
        uiText(lang, 'packImported').split('$1')[0]!,
      );
      await facilitator.page.close();
      await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
      const reading = await ReadingPage.open(context, READING, lang);
      await reading.expand();
      await reading.writeReflection(lang === 'fr' ? 'Une réflexion' : 'A reflection');
      const popup = await PopupPage.open(context, extensionId, lang);
      await expect(popup.sessionPosition()).toHaveText(
        lang === 'fr' ? 'Séance 6 sur 7' : 'Session 6 of 7',
      );
      await popup.nextSession().click();
      await expect(popup.sessionPosition()).toHaveText(
        lang === 'fr' ? 'Séance 7 sur 7' : 'Session 7 of 7',
      );
      // Session 7 has no reflection: the course's search offers the one of Session 6.
      await popup.searchIn('course');
      await expect(popup.reflections()).toHaveCount(1);
      for (const colorScheme of ['light', 'dark'] as const) {
        await popup.page.emulateMedia({ colorScheme });
        expect(await axeViolations(popup.page)).toEqual([]);
      }
    });
  });

test.describe('in French', () => {
  test.use({ lang: 'fr' });
  test('the popup and the overlay speak French; the course keeps its own words', async ({
    context,
    extensionId,
  }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
    const reading = await ReadingPage.open(context, READING, 'fr');
    const overlay = await reading.overlay();
    await overlay.getByRole('button', { name: 'Ouvrir le compagnon de lecture' }).click();
    await expect(overlay.getByText(`Séance ${testSession.number} · Lire`)).toBeVisible();
    await expect(overlay.getByRole('heading', { name: 'Objectifs d’apprentissage' })).toBeVisible();
    await expect(overlay.heading()).toHaveText(testResource('civil-power-partner-state').title);
    const popup = await PopupPage.open(context, extensionId, 'fr');
    await expect(popup.page.getByRole('heading', { name: 'Ressources' })).toBeVisible();
    await expect(popup.page.getByText('Lien encore inconnu')).toHaveCount(5);
    await expect(popup.progressSummary()).toHaveText(`Terminées : 0 sur ${resourceCount}`);
    expect(await popup.page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');
  });
});

test('the popup reads at 200% text size without horizontal scrolling', async ({
  context,
  extensionId,
}) => {
  const popup = await PopupPage.open(context, extensionId);
  await popup.page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  const overflow = await popup.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(popup.heading()).toBeVisible();
});

test('keyboard only: open the overlay, write and save a reflection, find it in the popup', async ({
  context,
  extensionId,
}) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  const { page } = reading;
  await page.keyboard.press('Tab'); // into the page, as a keyboard user starts
  await page.keyboard.press('Control+Shift+Y');
  const overlay = await reading.overlay();
  await expect(overlay.heading()).toBeFocused();
  for (let i = 0; i < 20; i++) {
    if (await overlay.reflectionBox().evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(overlay.reflectionBox()).toBeFocused();
  await page.keyboard.type('Typed without a mouse');
  await page.keyboard.press('Control+Enter');
  await expect(overlay.status()).toHaveText('Reflection saved.');
  await page.keyboard.press('Escape');
  await expect(overlay.openButton()).toBeVisible();

  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.reflections()).toContainText('Typed without a mouse');
  // Export the journal with the keyboard too.
  const exportButton = popup.button('exportMarkdown');
  for (let i = 0; i < 60; i++) {
    if (await exportButton.evaluate((el) => el === document.activeElement)) break;
    await popup.page.keyboard.press('Tab');
  }
  await expect(exportButton).toBeFocused();
  const [download] = await Promise.all([
    popup.page.waitForEvent('download'),
    popup.page.keyboard.press('Enter'),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
});

test('the accessibility check finds problems when there are some', async ({
  context,
  extensionId,
}) => {
  // Guards the checks above against passing vacuously.
  const popup = await PopupPage.open(context, extensionId);
  await popup.page.evaluate(() => {
    const button = document.createElement('button');
    button.append(document.createElement('img'));
    document.body.append(button);
  });
  expect((await axeViolations(popup.page)).join('\n')).toMatch(/button-name/);
});
