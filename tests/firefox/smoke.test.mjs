// Firefox smoke test: Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi
// (Playwright's own Firefox build cannot be installed here), loads the built add-on
// (.output/firefox-mv3, from `npm run build:firefox`), opens a reading served offline under
// its real address, and sees the overlay mount and a reflection save.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON = resolve('.output/firefox-mv3');
// The reading's address, from the frozen test pack (tests/e2e/addresses.ts is TypeScript).
const PACK = JSON.parse(readFileSync('tests/fixtures/packs/seize-session-6.json', 'utf8'));
const READING = PACK.sessions[0].resources.find((r) => r.id === 'civil-power-partner-state').link;
const ARTICLE = readFileSync('tests/fixtures/pages/article.html', 'utf8').replaceAll(
  '{{TITLE}}',
  'Civil Power and Partner State',
);

/** Wait until `check` returns a truthy value (or fail after `ms`). */
async function until(check, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The overlay frame: BiDi reports its address as about:blank, so ask the frame itself. */
async function overlayFrame(page) {
  return until(async () => {
    for (const frame of page.frames().slice(1)) {
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes('/overlay.html#')) return frame;
    }
    return undefined;
  });
}

/** Firefox with the add-on installed; `lang: 'fr'` needs Debian's firefox-esr-l10n-fr. */
async function launch(lang = 'en') {
  assert.ok(existsSync(FIREFOX), `Firefox not found at ${FIREFOX} (apt-get install firefox-esr)`);
  assert.ok(existsSync(`${ADDON}/manifest.json`), 'no Firefox build: run `npm run build:firefox`');
  const b = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: lang === 'fr' ? { 'intl.locale.requested': 'fr' } : {},
  });
  await b.installExtension(ADDON);
  return b;
}

/** Answer the reading's address with the article; refuse everything else (offline). */
async function serveArticle(page) {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (/^https?:\/\/(www\.)?grocer\.coop\//.test(request.url()))
      void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: ARTICLE });
    else void request.abort();
  });
}

test('the manifest says nothing is sent, unless the learner turns sync on', () => {
  const manifest = JSON.parse(readFileSync(`${ADDON}/manifest.json`, 'utf8'));
  // Sync asks for these at the click that turns it on (SYNC_DATA_COLLECTION, decision 32).
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, {
    required: ['none'],
    optional: ['websiteContent', 'browsingActivity'],
  });
});

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('on a reading, the overlay mounts and a reflection saves', async () => {
  const page = await browser.newPage();
  await serveArticle(page);
  await page.goto(READING);

  const frame = await overlayFrame(page);
  await frame.waitForSelector('button.tab');
  await frame.click('button.tab');
  await frame.waitForSelector('h1');
  assert.equal(await frame.$eval('h1', (h) => h.textContent), 'Civil Power & Partner State');

  await frame.type('#reflection-text', 'Written in Firefox');
  await frame.click('button.primary');
  await until(() =>
    frame.$eval('[data-testid="overlay-status"]', (s) => s.textContent === 'Reflection saved.'),
  );
  const saved = await frame.$$eval('.reflection-text', (items) => items.map((i) => i.textContent));
  assert.deepEqual(saved, ['Written in Firefox']);

  // The page cannot see into the overlay: its own DOM holds no trace of the text.
  const pageText = await page.evaluate(() => document.documentElement.outerHTML);
  assert.ok(!pageText.includes('Written in Firefox'));
});

test('on another page of the reading’s site, nothing is mounted', async () => {
  const page = await browser.newPage();
  // Keep a record of everything mounted beside <head> and <body>, and of the path then.
  await page.evaluateOnNewDocument(() => {
    window.__mountedAt = [];
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target !== document.documentElement) continue;
        for (const node of record.addedNodes)
          if (node !== document.head && node !== document.body && node.nodeType === 1)
            window.__mountedAt.push(location.pathname);
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await serveArticle(page);
  await page.goto(new URL('/articles/another-article', READING).href);
  // The add-on is live: the reading, opened after in another tab, gets its overlay.
  const other = await browser.newPage();
  await serveArticle(other);
  await other.goto(READING);
  await overlayFrame(other);
  await other.close();
  assert.deepEqual(await page.evaluate(() => window.__mountedAt), []);
  assert.equal(page.frames().length, 1);
  // The content script does run on this page: it follows in-page navigation to the reading.
  await page.evaluate((path) => history.pushState({}, '', path), new URL(READING).pathname);
  await overlayFrame(page);
  assert.deepEqual(await page.evaluate(() => window.__mountedAt), [new URL(READING).pathname]);
});

test('in French, with the keyboard alone: open the overlay, write and save a reflection', async () => {
  const fr = await launch('fr');
  try {
    const page = await fr.newPage();
    await serveArticle(page);
    await page.goto(READING);
    const frame = await overlayFrame(page);
    await frame.waitForSelector('button.tab');
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'fr-CA');
    // Tab from the page reaches the overlay's tab; Enter opens it and moves focus inside.
    await until(async () => {
      await page.keyboard.press('Tab');
      return frame.evaluate(
        () =>
          document.activeElement?.getAttribute('aria-label') === 'Ouvrir le compagnon de lecture',
      );
    });
    await page.keyboard.press('Enter');
    await until(() => frame.evaluate(() => document.activeElement?.tagName === 'H1'));
    assert.match(await frame.$eval('.kicker', (k) => k.textContent), /Séance 6 · Lire/);
    // On to the text box, type, and save with Ctrl+Enter.
    await until(async () => {
      await page.keyboard.press('Tab');
      return frame.evaluate(() => document.activeElement?.id === 'reflection-text');
    });
    await page.keyboard.type('Écrit au clavier dans Firefox');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await until(() =>
      frame.$eval(
        '[data-testid="overlay-status"]',
        (s) => s.textContent === 'Réflexion enregistrée.',
      ),
    );
    const saved = await frame.$$eval('.reflection-text', (items) =>
      items.map((i) => i.textContent),
    );
    assert.deepEqual(saved, ['Écrit au clavier dans Firefox']);
  } finally {
    await fr.close();
  }
});

test('the keyboard shortcut opens the overlay with focus inside, and Escape closes it', async () => {
  // A fresh profile: the first test left the overlay open, and that choice is remembered.
  const own = await launch();
  after(() => own.close());
  const page = await own.newPage();
  await serveArticle(page);
  await page.goto(READING);
  const frame = await overlayFrame(page);
  await frame.waitForSelector('button.tab');
  await page.click('h1'); // the learner is reading
  // Firefox's suggested shortcut (wxt.config.ts): Ctrl+Shift+9.
  await page.keyboard.down('Control');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Digit9');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Control');
  await until(() => frame.evaluate(() => document.activeElement?.tagName === 'H1'));
  await page.keyboard.press('Escape');
  await until(() => frame.evaluate(() => document.querySelector('button.tab') !== null));
});

test('a quoted passage is found again after a reload and can be shown from the overlay', async () => {
  const page = await browser.newPage();
  await serveArticle(page);
  await page.goto(READING);
  const frame = await overlayFrame(page);
  // The panel may be open from an earlier test (the layout is remembered).
  if (await frame.$('button.tab')) await frame.click('button.tab');
  await frame.waitForSelector('#reflection-text');
  await page.evaluate(() => {
    const text = document.getElementById('first').firstChild;
    const at = text.data.indexOf('a partner state');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 'a partner state'.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  const quoteButton = await until(async () => {
    for (const b of await frame.$$('button'))
      if ((await b.evaluate((e) => e.textContent)) === 'Quote the selected text') return b;
    return undefined;
  });
  await quoteButton.click();
  await frame.waitForSelector('[data-testid="editor-quote"]');
  await frame.type('#reflection-text', 'Quoted in Firefox');
  await frame.click('button.primary');
  await until(() =>
    frame.$eval('[data-testid="overlay-status"]', (s) => s.textContent === 'Reflection saved.'),
  );

  await page.reload();
  const again = await overlayFrame(page);
  // The page's quote script found the passage: the overlay offers to show it in the page.
  const show = await until(() => again.$('button[aria-label^="Show the quote of the reflection"]'));
  await show.click();
  // And the page itself holds no trace of the highlight or of what was written.
  const seen = await page.evaluate(() => ({
    html: document.documentElement.outerHTML.includes('Quoted in Firefox'),
    highlights: CSS.highlights?.size ?? 0,
  }));
  assert.deepEqual(seen, { html: false, highlights: 0 });
});
