/**
 * The facilitator's tools end to end: the facilitator page (the options page), link checks
 * against a real local HTTP server, pack import, and links learned from the course page.
 *
 * Headless Chromium cannot answer the host-permission prompt (`permissions.request` waits for
 * ever), so these tests load a copy of the build whose manifest already grants the two test
 * hosts, 127.0.0.1 and localhost (docs/decisions.md, 8). The page still calls
 * `permissions.request` for exactly the links' hosts; Chromium answers it at once because they
 * are granted.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pack } from '../../content/pack-schema';
import { testPack as frozenPack, testResource } from '../fixtures/test-pack';
import {
  axeViolations,
  badges,
  COURSE_PAGE,
  CoursePage,
  grantedBuild,
  expect,
  expectBadge,
  FacilitatorPage,
  fixture,
  launchWithExtension,
  PopupPage,
  ReadingPage,
  serve,
  test as base,
} from './fixtures';

/** "We sought the law", which the course page links and the pack does not. */
const weSought = testResource('we-sought-the-law');
/** Test data: the course page links it to an episode on a host the built manifest already
 * covers (podcasters.spotify.com), so no permission prompt is needed. */
const EPISODE = 'https://podcasters.spotify.com/pod/show/usfwc/episodes/we-sought-the-law';

/** The local server: every answer a link check must tell apart. */
let server: Server;
let port = 0;
let closedPort = 0;
/** Requests the server received for `/never…`, which it never answers. */
const neverAnswered: string[] = [];

base.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const at = (p: string, host = '127.0.0.1') => `http://${host}:${port}${p}`;
    if (path === '/ok' || path === '/slash/') res.writeHead(200).end('a reading');
    else if (path === '/slash') res.writeHead(301, { location: '/slash/' }).end();
    else if (path === '/elsewhere') res.writeHead(302, { location: at('/ok', 'localhost') }).end();
    else if (path === '/loop-a') res.writeHead(302, { location: '/loop-b' }).end();
    else if (path === '/loop-b') res.writeHead(302, { location: '/loop-a' }).end();
    else if (path === '/gone') res.writeHead(404).end('not here');
    else if (path === '/broken') res.writeHead(500).end('oops');
    else if (path === '/forbidden') res.writeHead(403).end();
    // Never answers: a timeout or a Cancel is then the only way the check can end, whatever
    // the machine's speed.
    else if (path.startsWith('/never')) neverAnswered.push(`${req.method ?? ''} ${path}`);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A port that was just free and is now closed: connecting to it is refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});

base.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What each of Session 6's resources points at in the test pack, and what its check must say. */
const CASES: [resourceId: string, path: string | null, status: string][] = [
  ['preston-model', '/ok', 'works'],
  ['canadas-irreconcileables', '/slash', 'redirected'],
  ['civil-power-partner-state', '/elsewhere', 'moved'],
  // The browser hides the redirects it follows, so a loop shows as redirects that fail.
  ['levels-of-government', '/loop-a', 'unreachable'],
  ['we-sought-the-law', '/gone', 'not_found'],
  ['building-strength-long-haul', '/broken', 'server_error'],
  ['free-riding-off-capitalism', '/forbidden', 'refused'],
  ['half-past-capitalism', 'closed', 'unreachable'],
  ['no-link-yet', null, 'missing'],
];

/** Session 6 with its links pointing at the local server, plus a resource without a link. */
function testPack(links: (path: string) => string = (p) => `http://127.0.0.1:${port}${p}`): Pack {
  const pack = structuredClone(frozenPack);
  pack.version = 'e2e-1';
  const session = pack.sessions[0]!;
  session.resources.push({
    id: 'no-link-yet',
    kind: 'read',
    title: 'A reading nobody has found',
    summary: 'Its link is not known.',
    link: null,
  });
  for (const r of session.resources) {
    const path = CASES.find(([id]) => id === r.id)?.[1] ?? null;
    r.link =
      path === null ? null : path === 'closed' ? `http://127.0.0.1:${closedPort}/` : links(path);
  }
  return pack;
}

const test = base.extend<{ facilitator: FacilitatorPage }>({
  context: async ({ lang }, use, testInfo) => {
    const context = await launchWithExtension(
      testInfo.outputPath('profile'),
      lang === 'fr' ? ['--lang=fr'] : [],
      true,
      true,
      grantedBuild(testInfo.outputPath('extension'), ['http://127.0.0.1/*', 'http://localhost/*']),
    );
    // Let requests to the local test server through the offline catch-all.
    await context.route(/^http:\/\/(127\.0\.0\.1|localhost):\d+\//, (route) => route.continue());
    await use(context);
    await context.close();
  },
  facilitator: async ({ context, extensionId, lang }, use) => {
    await use(await FacilitatorPage.open(context, extensionId, lang));
  },
});

test('checks every link of an imported pack, classifies each, and keeps the results', async ({
  context,
  extensionId,
  facilitator,
}) => {
  const { page } = facilitator;
  await facilitator.importPack(testPack());
  await expect(facilitator.status()).toContainText('Course pack imported');
  await expect(facilitator.packSource()).toContainText('version e2e-1');
  await expect(facilitator.rows()).toHaveCount(9);
  await expect(page.getByText('missing', { exact: true })).toHaveCount(1);

  // Generous: this test is about what each answer means, not about time.
  await facilitator.timeoutField().fill('60');
  await facilitator.button('checkAll').click();
  await expect(facilitator.checkCount()).toHaveText('9 of 9 checked', { timeout: 20_000 });
  await expect(facilitator.checkProgress()).toHaveJSProperty('value', 9);
  await expect(facilitator.status()).toContainText('Links that work: 2 of 9');
  expect(await facilitator.statuses()).toEqual(
    Object.fromEntries(CASES.map(([id, , status]) => [id, status])),
  );
  // The words are there, not only a colour or a sign.
  await expect(facilitator.linkStatus(testResource('we-sought-the-law').title)).toHaveText(
    /Not found.*HTTP 404/,
  );
  await expect(facilitator.linkStatus(testResource('levels-of-government').title)).toHaveText(
    /Unreachable.*redirects, then fails/,
  );

  await page.reload();
  await expect(facilitator.linkStatus(testResource('preston-model').title)).toContainText('Works');
  expect(await facilitator.statuses()).toEqual(
    Object.fromEntries(CASES.map(([id, , status]) => [id, status])),
  );

  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.linkSummary()).toHaveText('Links that work: 2 of 9 · missing: 1');
  await expect(
    popup.page.getByRole('heading', { name: 'A reading nobody has found' }),
  ).toBeVisible();
});

test('a link whose server never answers times out', async ({ facilitator }) => {
  await facilitator.importPack(testPack((p) => `http://127.0.0.1:${port}/never${p}`));
  await expect(facilitator.status()).toContainText('Course pack imported');
  // The one test about time: the server never answers, so the result cannot depend on speed.
  await facilitator.timeoutField().fill('1');
  await facilitator.button('checkAll').click();
  await expect(facilitator.checkCount()).toHaveText('9 of 9 checked', { timeout: 20_000 });
  const statuses = await facilitator.statuses();
  for (const [id, path] of CASES)
    if (path !== null && path !== 'closed') expect(statuses[id], id).toBe('timed_out');
});

test('after Cancel no further check starts, and nothing unfinished is kept', async ({
  facilitator,
}) => {
  const { page } = facilitator;
  neverAnswered.length = 0;
  await facilitator.importPack(testPack((p) => `http://127.0.0.1:${port}/never${p}`));
  await expect(facilitator.status()).toContainText('Course pack imported');
  await facilitator.timeoutField().fill('60');
  await facilitator.button('checkAll').click();
  // Four checks at a time: the first four links are waiting on the server, which never answers.
  await expect.poll(() => neverAnswered.length).toBe(4);
  await facilitator.button('checkCancel').click();
  // Only the resource without a link finished; the eight others say cancelled.
  await expect(facilitator.status()).toContainText('Check cancelled: 1 of 9 were checked.');
  await expect(facilitator.checkCount()).toHaveText('9 of 9 checked');
  const statuses = await facilitator.statuses();
  expect(Object.values(statuses).filter((s) => s === 'cancelled')).toHaveLength(8);
  expect(statuses['no-link-yet']).toBe('missing');
  // The run has ended (its results are shown), and no check started after Cancel.
  expect(neverAnswered).toHaveLength(4);
  await page.reload();
  await facilitator.rows().first().waitFor();
  const after = await facilitator.statuses();
  expect(after['preston-model']).toBe('unchecked');
  expect(after['no-link-yet']).toBe('missing');
});

test('a pack with a mistake is refused with the path of the bad field, and nothing changes', async ({
  facilitator,
}) => {
  const pack = testPack();
  (pack.sessions[0]!.resources[2] as { kind: string }).kind = 'skim';
  await facilitator.importPack(pack);
  await expect(facilitator.alert()).toContainText(
    'sessions[0].resources[2].kind: must be one of explore, read, watch, listen',
  );
  await facilitator.importPack('{ not json', 'broken.json');
  await expect(facilitator.alert()).toContainText('it is not a JSON file');
  await expect(facilitator.packSource()).toContainText('the built-in one');
});

test('export, choose the session, and go back to the built-in pack', async ({ facilitator }) => {
  const { page } = facilitator;
  const pack = testPack();
  pack.sessions.push({
    ...structuredClone(frozenPack.sessions[0]!),
    id: 'session-7',
    number: 7,
    title: 'The Next Session',
    resources: [],
  });
  await facilitator.importPack(pack);
  await expect(facilitator.status()).toContainText('Course pack imported');
  await page.getByLabel('Session learners see first').selectOption('session-7');
  await expect(facilitator.status()).toContainText('Learners now see Session 7 first.');
  const download = page.waitForEvent('download');
  await facilitator.button('packExport').click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as Pack;
  expect(exported).toMatchObject({ version: 'e2e-1', currentSession: 'session-7' });
  await facilitator.button('packReset').click();
  await expect(facilitator.status()).toContainText('The built-in pack is current again.');
  await expect(facilitator.packSource()).toContainText('the built-in one');
  await expect(facilitator.rows()).toHaveCount(frozenPack.sessions[0]!.resources.length);
});

test('the course page fills in a missing link, and the overlay then appears on that reading', async ({
  context,
  extensionId,
}) => {
  await CoursePage.serve(context, CoursePage.html('session-6-wordpress.html', EPISODE));
  await serve(context, /podcasters\.spotify\.com/, fixture('article.html', { TITLE: 'We sought' }));

  const before = await PopupPage.open(context, extensionId);
  await expect(before.unknownLinks()).toHaveCount(5);

  await CoursePage.open(context);
  // The five resources without a link all have one on the page.
  await expectBadge(context, '+5', 'Learned 5 links from this course page');

  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.unknownLinks()).toHaveCount(0);
  await expect(popup.page.getByRole('link', { name: weSought.title })).toHaveAttribute(
    'href',
    EPISODE,
  );

  const reading = await ReadingPage.open(context, EPISODE);
  const overlay = await reading.expand();
  await expect(overlay.heading()).toHaveText(weSought.title);

  const facilitator = await FacilitatorPage.open(context, extensionId);
  await expect(facilitator.differences()).toContainText(
    `Link found for “${weSought.title}”: ${EPISODE}`,
  );
  await facilitator.button('diffAccept').click();
  await expect(facilitator.status()).toContainText('The page’s version is now in the pack.');
  await expect(facilitator.packSource()).toContainText('imported');
});

test('a course page over plain http teaches nothing; the same page over https does', async ({
  context,
  extensionId,
}) => {
  // Over http any network attacker could write the course page and so the links learners see.
  await CoursePage.serve(context, CoursePage.html('session-6-wordpress.html', EPISODE), true);

  const plain = await CoursePage.open(context, COURSE_PAGE.replace(/^https:/, 'http:'));
  await plain.page.waitForLoadState('load');
  // Prove the channel is live: the same page over https, opened after, teaches its links.
  await CoursePage.open(context);
  await expectBadge(context, '+5', 'Learned 5 links from this course page');
  // Only the https tab taught anything.
  expect((await badges(context)).filter((b) => b.text !== '')).toHaveLength(1);

  const popup = await PopupPage.open(context, extensionId);
  const item = popup.resource(weSought.title);
  await expect(item.getByRole('link', { name: weSought.title })).toHaveAttribute('href', EPISODE);
  // A learned link says where it came from and where it leads.
  await expect(item.getByText('From the course page (podcasters.spotify.com)')).toBeVisible();
});

test('the popup footer opens the facilitator page', async ({ context, extensionId }) => {
  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.linkSummary()).toHaveCount(0); // never checked
  const opened = context.waitForEvent('page');
  await popup.button('facilitatorTools').click();
  const page = await opened;
  await expect(page).toHaveURL(/\/options\.html$/);
});

for (const lang of ['en', 'fr'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${lang}, ${colorScheme}`, () => {
      test.use({ lang });
      test('the facilitator page has no serious accessibility problem', async ({ facilitator }) => {
        const { page } = facilitator;
        await page.emulateMedia({ colorScheme });
        await facilitator.importPack(testPack());
        await expect(facilitator.status()).not.toBeEmpty();
        await facilitator.timeoutField().fill('60');
        await facilitator.button('checkAll').click();
        await expect(facilitator.checkCount()).toHaveText(
          lang === 'fr' ? '9 sur 9 vérifiés' : '9 of 9 checked',
          { timeout: 20_000 },
        );
        await facilitator.importPack('{', 'broken.json');
        await expect(facilitator.alert()).not.toBeEmpty();
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }
}
