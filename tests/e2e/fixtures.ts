/**
 * The Playwright fixture every end-to-end test uses: Debian's Chromium with the built
 * extension loaded, a fresh profile per test, no network (every request is answered by a
 * route or refused), and a page object for every page (tests/e2e/pages/) so the specs read
 * like the learner's story.
 */
import { test as base, expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EXTENSION_DIR, grantedBuild, launchWithExtension, serviceWorker } from './browser';
import type { Lang } from './pages/ui-text';

export * from './addresses';
export * from './browser';
export * from './extension-state';
export * from './pdf';
export { CoursePage } from './pages/course-page';
export { FacilitatorPage } from './pages/facilitator-page';
export { PopupPage } from './pages/popup-page';
export { ReadingPage } from './pages/reading-page';
export type { Lang } from './pages/ui-text';

const require = createRequire(import.meta.url);

/** Fixtures: a browser with the extension, and its id; `lang` picks the browser's language. */
export const test = base.extend<{
  lang: Lang;
  /**
   * Hosts (match patterns) the loaded build is granted at install: a copy of the build, as in
   * {@link grantedBuild}. Empty (the default): the build itself, which grants none.
   */
  grantedHosts: string[];
  context: BrowserContext;
  extensionId: string;
}>({
  lang: ['en', { option: true }],
  grantedHosts: [[], { option: true }],
  context: async ({ lang, grantedHosts }, use, testInfo) => {
    const context = await launchWithExtension(
      testInfo.outputPath('profile'),
      lang === 'fr' ? ['--lang=fr'] : [],
      true,
      true,
      grantedHosts.length
        ? grantedBuild(testInfo.outputPath('extension'), grantedHosts)
        : EXTENSION_DIR,
    );
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    await use(new URL((await serviceWorker(context)).url()).host);
  },
});

/** Serious and critical accessibility problems axe-core finds in a page or frame (WCAG 2.2 AA). */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  // Injected through the DevTools protocol, which extension pages' CSP does not block.
  await target.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await target.evaluate(() =>
    (
      globalThis as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? ''}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

export { expect };
