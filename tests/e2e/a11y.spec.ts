import { axeViolations, expect, fixture, PopupPage, ReadingPage, serve, test } from './fixtures';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';

for (const lang of ['en', 'fr'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${lang}, ${colorScheme}`, () => {
      test.use({ lang });

      test('the popup has no serious accessibility problem', async ({ context, extensionId }) => {
        await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
        const reading = await ReadingPage.open(context, READING);
        await reading.expand();
        await reading.writeReflection(lang === 'fr' ? 'Une réflexion' : 'A reflection', lang);
        const popup = await PopupPage.open(context, extensionId);
        await popup.page.emulateMedia({ colorScheme });
        await popup.page.getByTestId('popup-reflections').waitFor();
        expect(await axeViolations(popup.page)).toEqual([]);
      });

      test('the overlay has no serious accessibility problem', async ({ context }) => {
        await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
        const reading = await ReadingPage.open(context, READING);
        await reading.page.emulateMedia({ colorScheme });
        const collapsed = await reading.overlay();
        expect(await axeViolations(collapsed)).toEqual([]);
        const frame = await reading.expand();
        await reading.writeReflection(lang === 'fr' ? 'Une réflexion' : 'A reflection', lang);
        expect(await axeViolations(frame)).toEqual([]);
      });
    });
  }
}

test.describe('in French', () => {
  test.use({ lang: 'fr' });
  test('the popup and the overlay speak French; the course keeps its own words', async ({
    context,
    extensionId,
  }) => {
    await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
    const reading = await ReadingPage.open(context, READING);
    const frame = await reading.overlay();
    await frame.getByRole('button', { name: 'Ouvrir le compagnon de lecture' }).click();
    await expect(frame.getByText('Séance 6 · Lire')).toBeVisible();
    await expect(frame.getByRole('heading', { name: 'Objectifs d’apprentissage' })).toBeVisible();
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText(
      'Civil Power & Partner State',
    );
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.page.getByRole('heading', { name: 'Ressources' })).toBeVisible();
    await expect(popup.page.getByText('Lien encore inconnu')).toHaveCount(5);
    await expect(popup.page.getByTestId('progress-summary')).toHaveText('Terminées : 0 sur 8');
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
  await expect(popup.page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('keyboard only: open the overlay, write and save a reflection, find it in the popup', async ({
  context,
  extensionId,
}) => {
  await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  const { page } = reading;
  await page.keyboard.press('Tab'); // into the page, as a keyboard user starts
  await page.keyboard.press('Control+Shift+Y');
  const frame = await reading.overlay();
  await expect(frame.locator('h1')).toBeFocused();
  for (let i = 0; i < 20; i++) {
    if (await frame.getByLabel('Your reflection').evaluate((el) => el === document.activeElement))
      break;
    await page.keyboard.press('Tab');
  }
  await expect(frame.getByLabel('Your reflection')).toBeFocused();
  await page.keyboard.type('Typed without a mouse');
  await page.keyboard.press('Control+Enter');
  await expect(frame.getByTestId('overlay-status')).toHaveText('Reflection saved.');
  await page.keyboard.press('Escape');
  await expect(frame.getByRole('button', { name: 'Open the reading companion' })).toBeVisible();

  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.page.getByTestId('popup-reflections')).toContainText('Typed without a mouse');
  // Export the journal with the keyboard too.
  const exportButton = popup.page.getByRole('button', { name: 'Export journal (Markdown)' });
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
