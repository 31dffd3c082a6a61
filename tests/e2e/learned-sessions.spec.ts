/**
 * Sessions learned from the course's own pages (issue 14), in the built extension: a learner
 * opens the page of a session the pack lacks (fictional Session 7, served offline under the
 * course's address) and gets that session without anyone importing a pack; its reading gets
 * the overlay naming it; a browser restart keeps it; the facilitator adds it to the pack.
 * Nothing is learned over http, under another folder or in a frame.
 */
import type { BrowserContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Pack } from '../../content/pack-schema';
import {
  badges,
  CoursePage,
  ELSEWHERE,
  ELSEWHERE_SITE,
  expect,
  expectBadge,
  extensionPage,
  FacilitatorPage,
  PopupPage,
  fixture,
  launchWithExtension,
  READING_SITE,
  ReadingPage,
  serve,
  serviceWorker,
  SESSION_7_PAGE,
  SESSION_7_READING,
  test,
} from './fixtures';

const OUTCOMES_7 = [
  'A first fictional outcome, so a reflection can name it',
  'A second fictional outcome about testing sessions learned from pages',
];
const LEARNED_TITLE = 'Learned Session 7 from this course page';

/** The popup's `pack:view` of `sessionId`, asked from the popup's own page. */
async function packView(
  context: BrowserContext,
  extensionId: string,
  sessionId?: string,
): Promise<{ ok: boolean; session?: { id: string; title: string }; learnedSessions?: string[] }> {
  const page = await context.newPage();
  await page.goto(extensionPage(extensionId, 'popup.html'));
  const reply = await page.evaluate(
    (id) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<never> } };
        }
      ).chrome.runtime.sendMessage({ type: 'pack:view', ...(id && { sessionId: id }) }),
    sessionId,
  );
  await page.close();
  return reply;
}

/** Serve Session 7's page and its reading in `context`. */
async function serveSite(context: BrowserContext, markup?: string): Promise<void> {
  await CoursePage.serveSession7(context, markup);
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Fictional reading' }));
}

/**
 * The overlay of Session 7's reading names Session 7, its title and its outcomes. `leftOpen`:
 * the learner left the overlay open before, so it opens open.
 */
async function expectOverlayOfSession7(context: BrowserContext, leftOpen = false): Promise<void> {
  const reading = await ReadingPage.open(context, SESSION_7_READING);
  const overlay = await reading.overlay();
  if (leftOpen) await expect(overlay.panel()).toBeVisible();
  else await overlay.expand();
  await expect(overlay.heading()).toHaveText('The Fictional Reading of Session 7');
  await expect(overlay.getByText('Session 7 · Read')).toBeVisible();
  await expect(overlay.getByText('A Fictional Session for Tests')).toBeVisible();
  await expect(overlay.outcomes()).toHaveText(OUTCOMES_7);
  await reading.page.close();
}

test('a session page the pack lacks teaches the session; its reading gets the overlay; a restart keeps both', async ({
  lang,
}, testInfo) => {
  expect(lang).toBe('en'); // this test starts its own browsers, in English
  test.setTimeout(90_000); // two browser starts
  const profile = testInfo.outputPath('profile');
  let context = await launchWithExtension(profile);
  await serveSite(context);
  const extensionId = new URL((await serviceWorker(context)).url()).host;
  expect(await packView(context, extensionId, 'session-7')).toMatchObject({ ok: false });

  await CoursePage.open(context, SESSION_7_PAGE);
  await expectBadge(context, '+S7', LEARNED_TITLE);
  // The popup has it, and (the learner opened its page last) shows it by default.
  expect(await packView(context, extensionId, 'session-7')).toMatchObject({
    ok: true,
    session: { id: 'session-7', title: 'A Fictional Session for Tests' },
    learnedSessions: ['session-7'],
  });
  expect(await packView(context, extensionId)).toMatchObject({ session: { id: 'session-7' } });
  await expectOverlayOfSession7(context);
  await context.close();

  // The browser restarts: the session and its reading are still known.
  context = await launchWithExtension(profile);
  await serveSite(context);
  expect(await packView(context, extensionId, 'session-7')).toMatchObject({
    ok: true,
    session: { id: 'session-7' },
  });
  await expectOverlayOfSession7(context, true);
  await context.close();
});

test('the same page over http, under another folder or in a frame teaches nothing', async ({
  context,
  extensionId,
}) => {
  await serveSite(context);
  const framing = `<!doctype html><title>Framing</title><iframe src="${SESSION_7_PAGE}"></iframe>`;
  await serve(context, ELSEWHERE_SITE, framing);
  const bad = [
    SESSION_7_PAGE.replace('https:', 'http:'),
    SESSION_7_PAGE.replace('/curriculum/', '/other/'),
    ELSEWHERE,
  ];
  for (const url of bad) {
    const page = await context.newPage();
    await page.goto(url);
    // The page is there: Session 7's own, or the one framing it.
    const session7 = url === ELSEWHERE ? page.frameLocator('iframe').locator('body') : page;
    await expect(session7.getByText('Session 7 Resources')).toBeVisible();
  }
  // The channel is live: the same page over https, opened after them, teaches the session,
  // and only one tab of the four says so (each tab that taught it would).
  await CoursePage.open(context, SESSION_7_PAGE);
  await expectBadge(context, '+S7', LEARNED_TITLE);
  expect((await badges(context)).filter((b) => b.text !== '')).toHaveLength(1);
  // What was learned was read from the https page.
  const facilitator = await FacilitatorPage.open(context, extensionId);
  await expect(facilitator.page.getByTestId('learned-session-session-7')).toContainText(
    SESSION_7_PAGE,
  );
  expect(await packView(context, extensionId, 'session-7')).toMatchObject({ ok: true });
});

test('the facilitator sees what was learned and adds it to the pack; the export then includes it', async ({
  context,
  extensionId,
}) => {
  await serveSite(context, 'session-7-lists.html');
  await CoursePage.open(context, SESSION_7_PAGE);
  await expectBadge(context, '+S7', LEARNED_TITLE);
  const facilitator = await FacilitatorPage.open(context, extensionId);
  const { page } = facilitator;
  const item = page.getByTestId('learned-session-session-7');
  await expect(item.getByRole('heading', { level: 3 })).toHaveText(
    'Session 7 · A Fictional Session for Tests',
  );
  await expect(item).toContainText('2 learning outcomes · 3 resources');
  const exported = async (): Promise<Pack> => {
    const download = page.waitForEvent('download');
    await facilitator.button('packExport').click();
    return JSON.parse(readFileSync(await (await download).path(), 'utf8')) as Pack;
  };
  // Not the facilitator's yet: the export leaves it out.
  expect((await exported()).sessions.map((s) => s.id)).toEqual(['session-6']);

  await item.getByRole('button', { name: 'Add Session 7 to the pack' }).click();
  await expect(facilitator.status()).toContainText('Session 7 is now in the pack.');
  await expect(item).toHaveCount(0);
  await expect(facilitator.packSource()).not.toContainText('the built-in one');
  const pack = await exported();
  expect(pack.sessions.map((s) => s.id)).toEqual(['session-6', 'session-7']);
  expect(pack.sessions[1]).toMatchObject({
    title: 'A Fictional Session for Tests',
    pageUrl: SESSION_7_PAGE,
    outcomes: OUTCOMES_7.map((text, i) => ({ id: `o${i + 1}`, text })),
  });
  expect(pack.sessions[1]!.resources.map((r) => r.link)).toEqual([
    'https://cles.org.uk/test/session-7-map',
    SESSION_7_READING,
    null, // linked over plain http: never kept
  ]);
});

test('done when: the learner opens week seven’s page and the popup follows, with no pack imported', async ({
  context,
  extensionId,
}) => {
  await serveSite(context);
  await CoursePage.open(context, SESSION_7_PAGE);
  await expectBadge(context, '+S7', LEARNED_TITLE);
  // The learner reflects on week seven's reading, in the overlay.
  const reading = await ReadingPage.open(context, SESSION_7_READING);
  await reading.expand();
  await reading.writeReflection('Week seven, learned from its page');

  // The popup opens on Session 7 (its page was opened last), and reaches Session 6.
  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.sessionPosition()).toHaveText('Session 7 of 7');
  await expect(popup.heading()).toContainText('A Fictional Session for Tests');
  await expect(popup.page.getByTestId('session-learned')).toHaveText(
    'This session was learned from the course’s page.',
  );
  await expect(popup.reflections()).toContainText(['Week seven, learned from its page']);
  await popup.previousSession().click();
  await expect(popup.sessionPosition()).toHaveText('Session 6 of 7');

  // The whole course's journal lists both sessions, in course order.
  await popup.journal().getByRole('radio', { name: 'The whole course' }).check();
  const [markdown] = await Promise.all([
    popup.page.waitForEvent('download'),
    popup.button('exportMarkdown').click(),
  ]);
  const journal = readFileSync(await markdown.path(), 'utf8');
  const six = journal.indexOf('## Session 6: ');
  const seven = journal.indexOf('## Session 7: A Fictional Session for Tests');
  expect(six).toBeGreaterThan(-1);
  expect(seven).toBeGreaterThan(six);
  expect(journal).toContain('Week seven, learned from its page');

  // The facilitator sees what was learned.
  const facilitator = await FacilitatorPage.open(context, extensionId);
  await expect(facilitator.page.getByText('A Fictional Session for Tests').first()).toBeVisible();
});
