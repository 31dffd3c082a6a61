import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests load the built extension (`.output/chrome-mv3`, from `npm run build`) into
 * Debian's Chromium. Each test gets a fresh profile; pages are served offline by routes.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores on the machines this runs on; each test starts its own browser.
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: { trace: 'retain-on-failure' },
});
