// Bundle sizes are deterministic, so their budgets can gate CI (timings stay in `npm run bench`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR, expect, test } from './fixtures';

const gz = (file: string) => gzipSync(readFileSync(join(EXTENSION_DIR, file)), { level: 9 }).length;
/** The JavaScript a page of the extension loads: its module script and the chunks it preloads. */
const pageJs = (html: string) => [
  ...new Set(
    [
      ...readFileSync(join(EXTENSION_DIR, html), 'utf8').matchAll(/(?:src|href)="\/?([^"]+\.js)"/g),
    ].map((m) => m[1]!),
  ),
];

test('the reading content script stays under 5 KB gzip', () => {
  expect(gz('content-scripts/reading.js')).toBeLessThanOrEqual(5 * 1024);
});

test('the overlay page’s JavaScript stays under 20 KB gzip', () => {
  const files = pageJs('overlay.html');
  expect(files.length).toBeGreaterThan(0);
  expect(files.reduce((n, f) => n + gz(f), 0)).toBeLessThanOrEqual(20 * 1024);
});

test('the popup’s JavaScript stays under 25 KB gzip', () => {
  const files = pageJs('popup.html');
  expect(files.length).toBeGreaterThan(0);
  expect(files.reduce((n, f) => n + gz(f), 0)).toBeLessThanOrEqual(25 * 1024);
});

test('the quote script, loaded only where a reading has quotes, stays under 10 KB gzip', () => {
  expect(gz('quotes.js')).toBeLessThanOrEqual(10 * 1024);
});
