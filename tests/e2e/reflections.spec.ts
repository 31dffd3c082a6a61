import type { BrowserContext } from '@playwright/test';
import { testResource, testSession } from '../fixtures/test-pack';
import {
  expect,
  fixture,
  launchWithExtension,
  PODCAST,
  PODCAST_SITE,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  serviceWorker,
  test,
} from './fixtures';

const civilPower = testResource('civil-power-partner-state');

/** Serve the article under every address of the reading's site in this context. */
const serveArticle = (context: BrowserContext) =>
  serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power and Partner State' }));

test('write, tag and quote a reflection; it shows in the overlay and in the popup', async ({
  context,
  extensionId,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  // Select a passage in the page, then quote it from the overlay.
  await reading.select('a partner state');
  await overlay.getByRole('button', { name: 'Quote the selected text' }).click();
  await expect(overlay.quoteInEditor()).toHaveText('a partner state');
  await overlay.reflectionBox().fill('The State as a partner, not a replacement.');
  await expect(overlay.reflectionBox()).toHaveAccessibleDescription(/8 words$/);
  // Markup is just text to the companion: stored and shown as typed.
  await overlay.reflectionBox().fill('The State as a partner, <b>not</b> a replacement.');
  await overlay.getByRole('checkbox', { name: /Outcome 1/ }).check();
  await overlay.getByRole('button', { name: 'Save reflection' }).click();
  await expect(overlay.status()).toHaveText('Reflection saved.');
  const item = overlay.reflections().first();
  expect(await overlay.reflectionTexts()).toEqual([
    'The State as a partner, <b>not</b> a replacement.',
  ]);
  await expect(item.getByRole('blockquote')).toHaveText('a partner state');
  await expect(item).toContainText('Speaks to: Outcome 1');
  await expect(overlay.reflectionBox()).toHaveValue('');

  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.reflections()).toHaveCount(1);
  await expect(popup.reflections()).toContainText(civilPower.title);
  await expect(popup.reflections().getByRole('blockquote')).toHaveText('a partner state');
  await expect(popup.reflections()).toContainText('Speaks to: Outcome 1');
  await expect(popup.resource(civilPower.title)).toContainText('1 reflection');
  await expect(popup.outcomeItems()).toHaveText([/\(1 reflection\)$/, /\(not reflected on yet\)$/]);
  // Search matches the text and the quote, and highlights the match.
  await popup.searchBox().fill('PARTNER');
  await expect(popup.searchCount()).toHaveText('1 reflection matches');
  await expect(popup.reflections().locator('mark')).toHaveText(['partner', 'partner']);
  await popup.searchBox().fill('nothing like this');
  await expect(popup.reflections()).toHaveCount(0);
});

test('edit, delete and undo a reflection', async ({ context }) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  await reading.writeReflection('First version');
  await overlay.getByRole('button', { name: /^Edit the reflection of/ }).click();
  await expect(overlay.editingBox()).toHaveValue('First version');
  await overlay.editingBox().fill('Second version');
  await overlay.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual(['Second version']);

  await overlay.getByRole('button', { name: /^Delete the reflection of/ }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual([]);
  await expect(overlay.getByRole('button', { name: 'Undo' })).toBeFocused();
  await overlay.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual(['Second version']);
});

test('closing the tab mid-sentence loses nothing: the draft is back on the next visit', async ({
  context,
}) => {
  await serveArticle(context);
  let reading = await ReadingPage.open(context, READING);
  let overlay = await reading.expand();
  await overlay.reflectionBox().click();
  await reading.page.keyboard.type('Half a sentence about the partner st');
  await reading.page.close({ runBeforeUnload: true });

  reading = await ReadingPage.open(context, READING);
  overlay = await reading.overlay();
  await expect(overlay.reflectionBox()).toHaveValue('Half a sentence about the partner st');
});

test('the last words survive the worker stopping before it wrote them, then the tab closing', async ({
  context,
  extensionId,
}) => {
  await serveArticle(context);
  const popup = await PopupPage.open(context, extensionId);
  const cdp = await context.newCDPSession(popup.page);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  let reading = await ReadingPage.open(context, READING);
  let overlay = await reading.expand();

  // Freeze the background's draft debounce (its one 300 ms timer) in this worker, so the
  // worker is stopped before it writes, however fast or slow the machine is. Only the worker
  // stops: its replacement has real timers again.
  await (
    await serviceWorker(context)
  ).evaluate(() => {
    const real = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) =>
      ms === 300 ? 0 : real(fn, ms)) as typeof setTimeout;
  });
  const words = 'The last words, typed just before the worker stopped';
  await overlay.reflectionBox().click();
  await reading.page.keyboard.type(words);
  await expect(overlay.reflectionBox()).toHaveValue(words);
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.includes('stopped')).toBe(true);
  // The editor learns that its port dropped and sends the unwritten draft again, which starts
  // a new worker (nothing else here would: the popup is idle). Before the fix nothing did, and
  // closing the tab now lost the draft.
  await expect.poll(() => statuses.slice(statuses.lastIndexOf('stopped'))).toContain('running');
  await reading.page.close({ runBeforeUnload: true });

  reading = await ReadingPage.open(context, READING);
  overlay = await reading.overlay();
  await expect(overlay.reflectionBox()).toHaveValue(words);
});

test('both saves land when the service worker is stopped between them', async ({
  context,
  extensionId,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('Before the worker stopped');

  // Stop every service worker through the DevTools protocol, as the browser does when the
  // extension is idle.
  const popup = await PopupPage.open(context, extensionId);
  const cdp = await context.newCDPSession(popup.page);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await expect(popup.progressSummary()).toBeVisible(); // its requests are done
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.includes('stopped')).toBe(true);

  await reading.writeReflection('After the worker stopped');
  expect(await reading.reflectionTexts()).toEqual([
    'After the worker stopped',
    'Before the worker stopped',
  ]);
  // The second save woke the worker up again.
  expect(statuses.slice(statuses.lastIndexOf('stopped'))).toContain('running');
});

test('two tabs of the same reading: no save overwrites another', async ({ context }) => {
  await serveArticle(context);
  const a = await ReadingPage.open(context, READING);
  await a.expand(); // remembered: the second tab opens expanded too
  const b = await ReadingPage.open(context, `${READING}?utm_source=twitter`);
  const overlayB = await b.overlay();
  await a.writeReflection('Written in tab A');
  await b.writeReflection('Written in tab B');
  await expect
    .poll(async () => (await a.reflectionTexts()).sort())
    .toEqual(['Written in tab A', 'Written in tab B']);

  // Both tabs edit the same reflection from the same starting point: both texts are kept.
  const overlayA = await a.overlay();
  await overlayA
    .getByRole('button', { name: /^Edit the reflection of/ })
    .last()
    .click();
  await overlayB
    .getByRole('button', { name: /^Edit the reflection of/ })
    .last()
    .click();
  await overlayA.editingBox().fill('A edits it');
  await overlayB.editingBox().fill('B edits it too');
  await overlayA.getByRole('button', { name: 'Save changes' }).click();
  // A's edit has landed (the status already said "saved" after A's first save).
  await expect.poll(() => a.reflectionTexts()).toContain('A edits it');
  await overlayB.getByRole('button', { name: 'Save changes' }).click();
  await expect(overlayB.status()).toContainText('saved as a new reflection');
  await expect
    .poll(async () => (await a.reflectionTexts()).sort())
    .toEqual(['A edits it', 'B edits it too', 'Written in tab B']);
});

test('every reflection is still there after the browser restarts', async ({
  context,
}, testInfo) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('Kept across restarts');
  await reading.writeReflection('This one too');
  await context.close();

  const again = await launchWithExtension(testInfo.outputPath('profile'));
  try {
    await serveArticle(again);
    const reopened = await ReadingPage.open(again, READING);
    await expect
      .poll(() => reopened.reflectionTexts())
      .toEqual(['This one too', 'Kept across restarts']);
  } finally {
    await again.close();
  }
});

test('on a podcast, the current media time goes into the reflection', async ({ context }) => {
  // A short silent WAV stands in for the episode; the player is moved to 1:15.
  const seconds = 100;
  const rate = 3000;
  const wav = Buffer.alloc(44 + seconds * rate, 0x80);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + seconds * rate, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(seconds * rate, 40);
  // Media seeking needs range requests.
  await context.route(new URL('/episode.wav', PODCAST).href, (route) => {
    const range = /bytes=(\d+)-(\d*)/.exec(route.request().headers().range ?? '');
    if (!range)
      return route.fulfill({
        body: wav,
        contentType: 'audio/wav',
        headers: { 'Accept-Ranges': 'bytes' },
      });
    const start = Number(range[1]);
    const end = range[2] ? Number(range[2]) : wav.length - 1;
    return route.fulfill({
      status: 206,
      body: wav.subarray(start, end + 1),
      contentType: 'audio/wav',
      headers: { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${wav.length}` },
    });
  });
  await serve(context, PODCAST_SITE, fixture('media.html'));
  const reading = await ReadingPage.open(context, PODCAST);
  const overlay = await reading.expand();
  await expect(overlay.getByText(`Session ${testSession.number} · Listen`)).toBeVisible();
  await overlay.getByRole('button', { name: 'Insert the current time' }).click();
  await expect(overlay.error()).toHaveText('No video or audio is playing on this page.');

  await reading.page.evaluate(async () => {
    const audio = document.getElementById('player') as HTMLAudioElement;
    audio.src = '/episode.wav';
    await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
    audio.currentTime = 75;
    await new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
  });
  await overlay.reflectionBox().fill('The host says');
  await overlay.getByRole('button', { name: 'Insert the current time' }).click();
  await expect(overlay.reflectionBox()).toHaveValue('The host says at 1:15 ');
  await overlay.getByRole('button', { name: 'Save reflection' }).click();
  // The reflection's time line says where in the episode it was written (the text says it too).
  await expect(overlay.reflections().first()).toContainText('· at 1:15');
});

test('a page that posts look-alike messages changes nothing', async ({ context, extensionId }) => {
  await serve(context, READING_SITE, fixture('hostile.html'));
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  // The strongest page: it holds the overlay's window (which the closed shadow root hides) and
  // knows the extension's id, so its forgeries travel every channel a real message could.
  await (
    await overlay.frame.frameElement()
  ).evaluate((iframe) => {
    (window as unknown as { __overlayWindow: unknown }).__overlayWindow = (
      iframe as HTMLIFrameElement
    ).contentWindow;
  });
  await overlay.frame.evaluate(() => {
    const w = window as unknown as { __heard: string[] };
    w.__heard = [];
    addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
      w.__heard.push(`${e.origin} ${e.data.type ?? ''}`);
    });
  });
  await reading.page.evaluate(
    (id) => (window as unknown as { __forge(id: string): void }).__forge(id),
    extensionId,
  );
  // The channels are live: all three forgeries reached the overlay's window, from the page...
  const origin = new URL(READING).origin;
  await expect
    .poll(() => overlay.frame.evaluate(() => (window as unknown as { __heard: string[] }).__heard))
    .toEqual([`${origin} reflection:save`, `${origin} overlay:layout`, `${origin} progress:done`]);
  // ...and the page's own window; the runtime API is simply not there for a page.
  const captured = await reading.page.evaluate(() =>
    (window as unknown as { __captured: string[] }).__captured.join('\n'),
  );
  expect(captured).toContain('message:{"type":"progress:done","done":true}');
  expect(captured).toContain('sendMessage-error:TypeError');

  // Nothing came of them: the panel is open on the right, the reading not done, no reflection.
  await expect(overlay.collapseButton()).toBeVisible();
  await expect(overlay.getByRole('button', { name: 'Move to the left' })).toBeVisible();
  await expect(overlay.readingStatus()).toHaveText('In progress');
  expect(await overlay.reflectionTexts()).toEqual([]);
  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.progressSummary()).toHaveText(`0 of ${testSession.resources.length} done`);
  await expect(popup.page.getByText('FORGED-BY-PAGE')).toHaveCount(0);
});
