import {
  expect,
  fixture,
  launchWithExtension,
  PopupPage,
  ReadingPage,
  serve,
  serviceWorker,
  test,
} from './fixtures';
import type { BrowserContext } from '@playwright/test';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const PODCAST = 'https://podcasters.spotify.com/pod/show/halfpastcapitalism';
const GROCER = /^https?:\/\/(www\.)?grocer\.coop\//;

/** Serve the article under every grocer.coop address of this context. */
const serveArticle = (context: BrowserContext) =>
  serve(context, GROCER, fixture('article.html', { TITLE: 'Civil Power and Partner State' }));

test('write, tag and quote a reflection; it shows in the overlay and in the popup', async ({
  context,
  extensionId,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const frame = await reading.expand();
  // Select a passage in the page, then quote it from the overlay.
  await reading.page.evaluate(() => {
    const p = document.getElementById('first')!.firstChild!;
    const range = document.createRange();
    const text = p.textContent!;
    const start = text.indexOf('a partner state');
    range.setStart(p, start);
    range.setEnd(p, start + 'a partner state'.length);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  await frame.getByRole('button', { name: 'Quote the selected text' }).click();
  await expect(frame.getByTestId('editor-quote')).toHaveText('a partner state');
  await frame.getByLabel('Your reflection').fill('The State as a partner, not a replacement.');
  await expect(frame.getByTestId('word-count')).toHaveText('8 words');
  // Markup is just text to the companion: stored and shown as typed.
  await frame
    .getByLabel('Your reflection')
    .fill('The State as a partner, <b>not</b> a replacement.');
  await frame.getByRole('checkbox', { name: /Outcome 1/ }).check();
  await frame.getByRole('button', { name: 'Save reflection' }).click();
  await expect(frame.getByTestId('overlay-status')).toHaveText('Reflection saved.');
  const item = frame.locator('.reflection').first();
  await expect(item.locator('.reflection-text')).toHaveText(
    'The State as a partner, <b>not</b> a replacement.',
  );
  await expect(item.locator('.reflection-quote')).toHaveText('a partner state');
  await expect(item.getByTestId('reflection-tags')).toHaveText('Speaks to: Outcome 1');
  await expect(frame.getByLabel('Your reflection')).toHaveValue('');

  const popup = await PopupPage.open(context, extensionId);
  const list = popup.page.getByTestId('popup-reflections');
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText('Civil Power & Partner State');
  await expect(list.locator('blockquote')).toHaveText('a partner state');
  await expect(list).toContainText('Speaks to: Outcome 1');
  await expect(
    popup.page.locator('[data-resource-id="civil-power-partner-state"] .resource-reflections'),
  ).toHaveText('1 reflection');
  await expect(popup.page.getByTestId('outcome-coverage')).toHaveText([
    ' (1 reflection)',
    ' (not reflected on yet)',
  ]);
  // Search matches the text and the quote, and highlights the match.
  await popup.page.getByLabel('Search your reflections').fill('PARTNER');
  await expect(popup.page.getByTestId('search-count')).toHaveText('1 reflection matches');
  await expect(list.locator('mark')).toHaveText(['partner', 'partner']);
  await popup.page.getByLabel('Search your reflections').fill('nothing like this');
  await expect(list.locator('li')).toHaveCount(0);
});

test('edit, delete and undo a reflection', async ({ context }) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const frame = await reading.expand();
  await reading.writeReflection('First version');
  await frame.getByRole('button', { name: /^Edit the reflection of/ }).click();
  await expect(frame.getByLabel('Editing your reflection')).toHaveValue('First version');
  await frame.getByLabel('Editing your reflection').fill('Second version');
  await frame.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual(['Second version']);

  await frame.getByRole('button', { name: /^Delete the reflection of/ }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual([]);
  await expect(frame.getByRole('button', { name: 'Undo' })).toBeFocused();
  await frame.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => reading.reflectionTexts()).toEqual(['Second version']);
});

test('closing the tab mid-sentence loses nothing: the draft is back on the next visit', async ({
  context,
}) => {
  await serveArticle(context);
  let reading = await ReadingPage.open(context, READING);
  let frame = await reading.expand();
  await frame.getByLabel('Your reflection').click();
  await reading.page.keyboard.type('Half a sentence about the partner st');
  await reading.page.close({ runBeforeUnload: true });

  reading = await ReadingPage.open(context, READING);
  frame = await reading.overlay();
  await expect(frame.getByLabel('Your reflection')).toHaveValue(
    'Half a sentence about the partner st',
  );
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
  let frame = await reading.expand();

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
  await frame.getByLabel('Your reflection').click();
  await reading.page.keyboard.type(words);
  await expect(frame.getByLabel('Your reflection')).toHaveValue(words);
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.includes('stopped')).toBe(true);
  // The editor learns that its port dropped and sends the unwritten draft again, which starts
  // a new worker (nothing else here would: the popup is idle). Before the fix nothing did, and
  // closing the tab now lost the draft.
  await expect.poll(() => statuses.slice(statuses.lastIndexOf('stopped'))).toContain('running');
  await reading.page.close({ runBeforeUnload: true });

  reading = await ReadingPage.open(context, READING);
  frame = await reading.overlay();
  await expect(frame.getByLabel('Your reflection')).toHaveValue(words);
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
  await expect(popup.page.getByTestId('progress-summary')).toBeVisible(); // its requests are done
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
  const frameB = await b.overlay();
  await a.writeReflection('Written in tab A');
  await b.writeReflection('Written in tab B');
  await expect
    .poll(async () => (await a.reflectionTexts()).sort())
    .toEqual(['Written in tab A', 'Written in tab B']);

  // Both tabs edit the same reflection from the same starting point: both texts are kept.
  const frameA = await a.overlay();
  await frameA
    .getByRole('button', { name: /^Edit the reflection of/ })
    .last()
    .click();
  await frameB
    .getByRole('button', { name: /^Edit the reflection of/ })
    .last()
    .click();
  await frameA.getByLabel('Editing your reflection').fill('A edits it');
  await frameB.getByLabel('Editing your reflection').fill('B edits it too');
  await frameA.getByRole('button', { name: 'Save changes' }).click();
  // A's edit has landed (the status already said "saved" after A's first save).
  await expect.poll(() => a.reflectionTexts()).toContain('A edits it');
  await frameB.getByRole('button', { name: 'Save changes' }).click();
  await expect(frameB.getByTestId('overlay-status')).toContainText('saved as a new reflection');
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
  await context.route('https://podcasters.spotify.com/episode.wav', (route) => {
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
  await serve(context, 'https://podcasters.spotify.com/pod/**', fixture('media.html'));
  const reading = await ReadingPage.open(context, PODCAST);
  const frame = await reading.expand();
  await expect(frame.getByText('Session 6 · Listen')).toBeVisible();
  await frame.getByRole('button', { name: 'Insert the current time' }).click();
  await expect(frame.getByTestId('overlay-error')).toHaveText(
    'No video or audio is playing on this page.',
  );

  await reading.page.evaluate(async () => {
    const audio = document.getElementById('player') as HTMLAudioElement;
    audio.src = '/episode.wav';
    await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
    audio.currentTime = 75;
    await new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
  });
  await frame.getByLabel('Your reflection').fill('The host says');
  await frame.getByRole('button', { name: 'Insert the current time' }).click();
  await expect(frame.getByLabel('Your reflection')).toHaveValue('The host says at 1:15 ');
  await frame.getByRole('button', { name: 'Save reflection' }).click();
  await expect(frame.locator('.reflection-meta').first()).toContainText('at 1:15');
});

test('a page that posts look-alike messages changes nothing', async ({ context, extensionId }) => {
  await serve(context, GROCER, fixture('hostile.html'));
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.page.evaluate(() => (window as unknown as { __forge(): void }).__forge());
  await reading.page.waitForTimeout(500);
  const frame = await reading.overlay();
  await expect(frame.getByRole('button', { name: 'Collapse' })).toBeVisible();
  await expect(frame.getByTestId('reading-status')).toHaveText('In progress');
  expect(await reading.reflectionTexts()).toEqual([]);
  const popup = await PopupPage.open(context, extensionId);
  await expect(popup.page.getByTestId('progress-summary')).toHaveText('0 of 8 done');
  await expect(popup.page.getByText('FORGED-BY-PAGE')).toHaveCount(0);
});
