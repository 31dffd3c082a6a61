import { readFileSync } from 'node:fs';
import { testPack, testResource, testSession } from '../fixtures/test-pack';
import {
  badges,
  EXTENSION_DIR,
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

const civilPower = testResource('civil-power-partner-state');
const BADGE = `S${testSession.number}`;
const READING_TITLE = `Session ${testSession.number} reading: ${civilPower.title}`;
const seed = readFileSync('tests/fixtures/seed-session-6.txt', 'utf8').split('\n');

test('the popup shows Session 6 as the course page gives it', async ({ context, extensionId }) => {
  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  await expect(popup.heading()).toHaveText(`Session 6 ${seed[1]}`);
  await expect(page.getByText(seed[3]!)).toBeVisible();
  expect(await popup.outcomes()).toEqual([seed[5]!.slice(2), seed[6]!.slice(2)]);
  const titles = [];
  for (let i = 8; seed[i - 1] !== 'Sessions'; i += 3) titles.push(seed[i]);
  expect(await popup.resourceTitles()).toEqual(titles);
  // Five of the eight have no confirmed link: they say so and link nowhere.
  await expect(popup.unknownLinks()).toHaveCount(5);
  await expect(popup.resources().getByRole('link')).toHaveCount(3);
  const { contact } = testPack.course;
  await expect(page.getByRole('link', { name: contact.name })).toHaveAttribute(
    'href',
    `mailto:${contact.email}`,
  );
  await expect(popup.currentReading()).toHaveCount(0);
});

test('the manifest asks for no site beyond the readings and the course’s session pages', () => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8')) as {
    permissions?: string[];
    host_permissions?: string[];
    optional_host_permissions?: string[];
    content_scripts: { matches: string[]; js: string[] }[];
    web_accessible_resources: {
      resources: string[];
      matches: string[];
      use_dynamic_url?: boolean;
    }[];
  };
  // alarms: the daily purge of reflections deleted more than 30 days ago; activeTab: the
  // address of the tab the popup opens on; scripting: the reading script on hosts the learner
  // grants. None gives site access at install or shows an install warning.
  expect(manifest.permissions).toEqual([
    'storage',
    'unlimitedStorage',
    'alarms',
    'activeTab',
    'scripting',
  ]);
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
  // The overlay may be embedded by any https page where the reading script runs (the build's
  // hosts and those the learner grants), and the quote script imported there, only through the
  // dynamic id no other site knows.
  expect(manifest.web_accessible_resources).toEqual([
    {
      resources: ['overlay.html', 'quotes.js'],
      matches: ['https://*/*'],
      use_dynamic_url: true,
    },
  ]);
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
    await serve(context, READING_SITE, page);
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
      await expectBadge(context, BADGE, READING_TITLE);
    });
  }

  test('the same reading over plain http gets no badge and no overlay', async ({ context }) => {
    const plain = new ReadingPage(await context.newPage());
    await plain.page.goto('http://grocer.coop/articles/civil-power-and-partner-state/');
    await plain.page.waitForLoadState('load');
    // Prove the channel is live: the same page over https, opened after, is recognised.
    const secure = await context.newPage();
    await secure.goto(READING);
    await expectBadge(context, BADGE, READING_TITLE);
    expect((await badges(context)).filter((b) => b.text !== '')).toHaveLength(1);
    expect(plain.hasOverlay()).toBe(false);
  });

  test('another page of the same site gets no badge, and in-page navigation is followed', async ({
    context,
  }) => {
    const reading = await ReadingPage.open(context, READING);
    await expectBadge(context, BADGE, READING_TITLE);
    await reading.navigateInPage('/articles/other');
    await expect.poll(async () => (await badges(context)).some((b) => b.text !== '')).toBe(false);
    await reading.navigateInPage('/articles/civil-power-and-partner-state/');
    await expectBadge(context, BADGE, READING_TITLE);
  });

  test('the popup says at the top that the active tab is a reading', async ({
    context,
    extensionId,
  }) => {
    const reading = await context.newPage();
    await reading.goto(READING);
    await expectBadge(context, BADGE);
    const popup = await PopupPage.open(context, extensionId);
    // The popup follows the active tab: bring the reading to the front, as when the learner
    // clicks the toolbar button on it.
    await expect(popup.currentReading()).toHaveCount(0);
    await reading.bringToFront();
    await expect(popup.currentReading()).toContainText(civilPower.title);
    await expect(popup.currentReading()).toContainText(
      `Read · resource 3 of ${testSession.resources.length}`,
    );
    await expect(popup.currentResource()).toHaveCount(1);
    await expect(popup.currentResource()).toContainText(civilPower.title);
  });
});
