// Takes the README's screenshot of the popup (light theme), next to a reading tab, into
// docs/popup.png. Needs a build: `npm run build && node scripts/screenshot.mjs`.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ext = resolve('.output/chrome-mv3');
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  colorScheme: 'light',
  viewport: { width: 400, height: 900 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    `--disable-extensions-except=${ext}`,
    `--load-extension=${ext}`,
  ],
});
await context.route(/^https?:\/\//, (r) => r.abort());
await context.route(/grocer\.coop/, (r) =>
  r.fulfill({
    contentType: 'text/html',
    body: readFileSync('tests/fixtures/pages/article.html', 'utf8'),
  }),
);
const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(sw.url()).host;
const reading = await context.newPage();
await reading.goto('https://www.grocer.coop/articles/civil-power-and-partner-state');
const popup = await context.newPage();
await popup.goto(`chrome-extension://${id}/popup.html`);
await reading.bringToFront();
await popup.getByTestId('current-reading').waitFor();
await popup.screenshot({ path: 'docs/popup.png', fullPage: true });
await context.close();
