// Takes the README's screenshots (light theme): the overlay on a reading (docs/overlay.png) and
// the popup beside it (docs/popup.png). Needs a build: `npm run build && node scripts/screenshot.mjs`.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ext = resolve('.output/chrome-mv3');
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  colorScheme: 'light',
  viewport: { width: 1100, height: 760 },
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
    body: readFileSync('tests/fixtures/pages/article.html', 'utf8').replaceAll(
      '{{TITLE}}',
      'Civil Power and Partner State',
    ),
  }),
);
const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(sw.url()).host;
const reading = await context.newPage();
await reading.goto('https://www.grocer.coop/articles/civil-power-and-partner-state');
// A reflection and a finished reading, so the popup shows what a learner sees mid-session.
const overlay = await (async () => {
  for (;;) {
    const f = reading.frames().find((x) => x.url().includes('/overlay.html'));
    if (f) return f;
    await reading.waitForTimeout(50);
  }
})();
await overlay.locator('button.tab').click();
await overlay.getByRole('checkbox', { name: /Outcome 1/ }).check();
await overlay
  .getByLabel('Your reflection')
  .fill(
    'The partner state enables civil society instead of replacing it: what would that look like in Montreal?',
  );
await overlay.getByRole('button', { name: 'Save reflection' }).click();
await overlay.getByRole('button', { name: 'Mark as done' }).click();
await overlay.locator('.reflection').first().waitFor();
await overlay.getByTestId('reading-status').getByText('Done').waitFor();
await overlay.evaluate(() => document.querySelector('.panel')?.scrollTo(0, 0));
await reading.screenshot({ path: 'docs/overlay.png' });
const popup = await context.newPage();
await popup.goto(`chrome-extension://${id}/popup.html`);
await reading.bringToFront();
await popup.getByTestId('current-reading').waitFor();
await popup.setViewportSize({ width: 420, height: 900 });
await popup.screenshot({ path: 'docs/popup.png', fullPage: true });
await context.close();
