import { readFileSync } from 'node:fs';
import { badges, expect, expectBadge, fixture, PopupPage, serve, test } from './fixtures';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const READING_TITLE = 'Session 6 reading: Civil Power & Partner State';
const seed = readFileSync('tests/fixtures/seed-session-6.txt', 'utf8').split('\n');

test('the popup shows Session 6 as the course page gives it', async ({ context, extensionId }) => {
  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Session 6 ${seed[1]}`);
  await expect(page.getByText(seed[3]!)).toBeVisible();
  expect(await popup.outcomes()).toEqual([seed[5]!.slice(2), seed[6]!.slice(2)]);
  const titles = [];
  for (let i = 8; seed[i - 1] !== 'Sessions'; i += 3) titles.push(seed[i]);
  expect(await popup.resourceTitles()).toEqual(titles);
  // Five of the eight have no confirmed link: they say so and link nowhere.
  await expect(page.getByText('Link not known yet')).toHaveCount(5);
  await expect(page.locator('.resources a')).toHaveCount(3);
  await expect(page.getByRole('link', { name: 'Hannah Ostiguy Hopp' })).toHaveAttribute(
    'href',
    'mailto:programs@solidarityeconomy.ca',
  );
  await expect(popup.currentReading()).toHaveCount(0);
});

test('the manifest asks for no site beyond the readings and the course’s session pages', () => {
  const manifest = JSON.parse(readFileSync('.output/chrome-mv3/manifest.json', 'utf8')) as {
    permissions?: string[];
    host_permissions?: string[];
    optional_host_permissions?: string[];
    content_scripts: { matches: string[]; js: string[] }[];
    web_accessible_resources: { matches: string[] }[];
  };
  // alarms: the daily purge of reflections deleted more than 30 days ago; no site access.
  expect(manifest.permissions).toEqual(['storage', 'unlimitedStorage', 'alarms']);
  expect(manifest.host_permissions ?? []).toEqual([]);
  // Link checks ask for their hosts when a facilitator starts one, never at install.
  expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  const byScript = Object.fromEntries(manifest.content_scripts.map((c) => [c.js[0], c.matches]));
  expect(byScript['content-scripts/course-page.js']).toEqual([
    'https://solidarityeconomy.ca/curriculum/*',
    'https://www.solidarityeconomy.ca/curriculum/*',
  ]);
  const matches: string[] = byScript['content-scripts/reading.js'] ?? [];
  expect(matches.length).toBeGreaterThan(0);
  for (const m of matches)
    expect(m).toMatch(
      /^https:\/\/(www\.)?(grocer\.coop|communitypsychology\.com|podcasters\.spotify\.com)\/\*$/,
    );
  // Over plain http any network attacker could pose as the course page or a reading: no
  // content script runs there, and no http page may embed the overlay.
  const everyMatch: string[] = [
    ...manifest.content_scripts.flatMap((c) => c.matches),
    ...manifest.web_accessible_resources.flatMap((w) => w.matches),
  ];
  expect(everyMatch.length).toBeGreaterThan(matches.length);
  for (const m of everyMatch) expect(m).toMatch(/^https:\/\//);
});

test.describe('on a reading', () => {
  test.beforeEach(async ({ context }) => {
    const page = fixture('article.html', { TITLE: 'Civil Power and Partner State' });
    await serve(context, /^https?:\/\/(www\.)?grocer\.coop\//, page);
  });

  for (const variant of [
    READING,
    'https://grocer.coop/articles/civil-power-and-partner-state/',
    `${READING}?utm_source=newsletter&utm_medium=email#section-2`,
    'https://WWW.GROCER.COOP/articles/civil-power-and-partner-state?fbclid=abc',
  ]) {
    test(`the badge names the reading at ${variant}`, async ({ context }) => {
      const page = await context.newPage();
      await page.goto(variant);
      await expectBadge(context, 'S6', READING_TITLE);
    });
  }

  test('the same reading over plain http gets no badge and no overlay', async ({ context }) => {
    const plain = await context.newPage();
    await plain.goto('http://grocer.coop/articles/civil-power-and-partner-state/');
    await plain.waitForLoadState('load');
    // Prove the channel is live: the same page over https, opened after, is recognised.
    const secure = await context.newPage();
    await secure.goto(READING);
    await expectBadge(context, 'S6', READING_TITLE);
    expect((await badges(context)).filter((b) => b.text !== '')).toHaveLength(1);
    expect(plain.frames().some((f) => f.url().includes('/overlay.html'))).toBe(false);
  });

  test('another page of the same site gets no badge, and in-page navigation is followed', async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto(READING);
    await expectBadge(context, 'S6', READING_TITLE);
    await page.evaluate(() =>
      (window as unknown as { goTo(p: string): void }).goTo('/articles/other'),
    );
    await expect.poll(async () => (await badges(context)).some((b) => b.text !== '')).toBe(false);
    await page.evaluate(() =>
      (window as unknown as { goTo(p: string): void }).goTo(
        '/articles/civil-power-and-partner-state/',
      ),
    );
    await expectBadge(context, 'S6', READING_TITLE);
  });

  test('the popup says at the top that the active tab is a reading', async ({
    context,
    extensionId,
  }) => {
    const reading = await context.newPage();
    await reading.goto(READING);
    await expectBadge(context, 'S6');
    const popup = await PopupPage.open(context, extensionId);
    // The popup follows the active tab: bring the reading to the front, as when the learner
    // clicks the toolbar button on it.
    await expect(popup.currentReading()).toHaveCount(0);
    await reading.bringToFront();
    await expect(popup.currentReading()).toContainText('Civil Power & Partner State');
    await expect(popup.currentReading()).toContainText('Read · resource 3 of 8');
    await expect(popup.page.locator('[aria-current="page"]')).toHaveAttribute(
      'data-resource-id',
      'civil-power-partner-state',
    );
  });
});
