/**
 * Consent per host: a reading whose link lives on a host the build does not cover (here one the
 * course page teaches) gets the companion once the learner lets it, from the popup; still after
 * the browser restarts; and no longer once the learner removes the permission in the browser.
 *
 * Headless Chromium never answers a permission prompt, so these tests load a copy of the build
 * whose manifest grants the hosts at install (`grantedBuild`): the popup still calls
 * `permissions.request`, which Chromium then answers at once. The companion does not show on a
 * granted host before the learner's click: consent is the click, not the grant.
 */
import type { BrowserContext, TestInfo } from '@playwright/test';
import { testResource } from '../fixtures/test-pack';
import {
  CoursePage,
  ELSEWHERE,
  ELSEWHERE_SITE,
  expect,
  expectBadge,
  extensionPage,
  fixture,
  grantedBuild,
  grantedScriptHosts,
  launchWithExtension,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  removeHostInSettings,
  serve,
  serviceWorker,
  test,
} from './fixtures';

/** The Preston Model: the headings fixture of the course page links it on cles.org.uk. */
const preston = testResource('preston-model');
const PRESTON = 'https://cles.org.uk/the-preston-model/';
/** Every host the course page fixture links to outside the build: what the popup asks for. */
const NEW_HOSTS = [
  'https://cles.org.uk/*',
  'https://electionsanddemocracy.ca/*',
  'https://example.org/*',
  'https://www.electionsanddemocracy.ca/*',
  'https://www.example.org/*',
];

/** Start the browser on `profile` with the granted build in `extension`, its pages served. */
async function start(profile: string, extension: string): Promise<BrowserContext> {
  const context = await launchWithExtension(profile, [], true, true, extension);
  await CoursePage.serve(context, CoursePage.html('session-6-headings.html', ELSEWHERE));
  await serve(context, /^https:\/\/cles\.org\.uk\//, fixture('article.html', { TITLE: 'Preston' }));
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power' }));
  return context;
}

/** Open the course page, which teaches five links (four on hosts outside the build). */
async function learnLinks(context: BrowserContext): Promise<void> {
  await CoursePage.open(context);
  await expectBadge(context, '+5', 'Learned 5 links from this course page');
}

/** Let the companion show on the hosts of the session's readings, from the popup. */
async function consent(context: BrowserContext, extensionId: string): Promise<void> {
  const popup = await PopupPage.open(context, extensionId);
  const consent = popup.page.getByTestId('companion-consent');
  await expect(consent).toContainText('cles.org.uk');
  await consent.getByRole('button', { name: 'Show the companion on these sites' }).click();
  await expect(popup.page.getByRole('status').filter({ hasText: 'will now show on' })).toHaveText(
    'The companion will now show on cles.org.uk, electionsanddemocracy.ca, example.org.',
  );
  await expect(consent).toHaveCount(0);
  await popup.page.close();
}

function paths(testInfo: TestInfo) {
  return {
    profile: testInfo.outputPath('profile'),
    extension: grantedBuild(testInfo.outputPath('extension'), NEW_HOSTS),
  };
}

test('a learned link on a new host gets the overlay once the learner lets it, and keeps it after a restart', async ({
  lang,
}, testInfo) => {
  expect(lang).toBe('en'); // these tests start their own browsers, in English
  const { profile, extension } = paths(testInfo);
  let context = await start(profile, extension);
  const extensionId = new URL((await serviceWorker(context)).url()).host;

  // Before consent: the reading is known (the popup recognises the tab by its address), but
  // no script runs on its host, so no overlay.
  await learnLinks(context);
  const before = await ReadingPage.blank(context);
  await before.page.goto(PRESTON);
  const popup = await PopupPage.open(context, extensionId);
  await before.page.bringToFront();
  await expect(popup.currentReading()).toContainText(preston.title);
  expect(before.hasOverlay()).toBe(false);
  expect(await grantedScriptHosts(context)).toEqual([]);
  await popup.page.close();

  await consent(context, extensionId);
  expect(await grantedScriptHosts(context)).toEqual(NEW_HOSTS);
  // The tab already open on the reading gets the companion at once, without a reload.
  await before.page.bringToFront();
  const overlay = await before.overlay();
  await overlay.expand();
  await expect(overlay.heading()).toHaveText(preston.title);
  await before.page.reload();
  await before.overlay();
  await context.close();

  // The browser restarts: the consent holds, the overlay mounts again.
  context = await start(profile, extension);
  await expect.poll(() => grantedScriptHosts(context)).toEqual(NEW_HOSTS);
  const after = await ReadingPage.open(context, PRESTON);
  // The learner left the overlay open before the restart: it opens open.
  await expect((await after.overlay()).heading()).toHaveText(preston.title);
  await context.close();
});

test('a host whose permission the learner removes loses the overlay; a host never granted has nothing', async ({
  lang,
}, testInfo) => {
  expect(lang).toBe('en'); // these tests start their own browsers, in English
  const { profile, extension } = paths(testInfo);
  const context = await start(profile, extension);
  try {
    const extensionId = new URL((await serviceWorker(context)).url()).host;
    await learnLinks(context);
    await consent(context, extensionId);
    await ReadingPage.open(context, PRESTON);

    // The learner removes the site in the browser's extension settings.
    await removeHostInSettings(context, extensionId, 'https://cles.org.uk/*');
    await expect.poll(() => grantedScriptHosts(context)).not.toContain('https://cles.org.uk/*');
    expect(await grantedScriptHosts(context)).toContain('https://example.org/*');

    const again = await ReadingPage.blank(context);
    await again.page.goto(PRESTON);
    await again.page.waitForLoadState('load');
    // The channel is live: a reading on a built host, opened after, gets its overlay.
    await ReadingPage.open(context, READING);
    expect(again.hasOverlay()).toBe(false);
    expect(await again.mountedAt()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a site the learner never granted cannot fetch the overlay or see the companion', async ({
  context,
  extensionId,
}) => {
  await serve(context, ELSEWHERE_SITE, fixture('article.html', { TITLE: 'Elsewhere' }));
  const page = await ReadingPage.blank(context);
  await page.page.goto(ELSEWHERE);
  // The channel is live: a reading opened after gets its overlay.
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power' }));
  await ReadingPage.open(context, READING);
  expect(await page.mountedAt()).toEqual([]);
  const fetched = await page.page.evaluate(
    async (url) => {
      try {
        return (await fetch(url)).status;
      } catch {
        return 'refused';
      }
    },
    extensionPage(extensionId, 'overlay.html'),
  );
  expect(fetched).toBe('refused');
});
