/**
 * Benchmark figures for export and import, run in a browser where the core run has already
 * seeded 10,000 reflections. Each reads a User Timing measure the popup records.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, serviceWorker } from '../e2e/browser';
import type { Figure } from './run';

/** What an extra figure gets to measure with. */
export interface ExtraContext {
  context: BrowserContext;
  extensionId: string;
  add: (f: Omit<Figure, 'pass'> & { pass?: boolean | null }) => void;
  quick: boolean;
  median: (xs: number[]) => number;
  round: (x: number, digits?: number) => number;
}

/** The duration of the last User Timing measure called `name` in the page. */
async function lastMeasure(page: Page, name: string): Promise<number> {
  return page.evaluate(async (n) => {
    for (;;) {
      const all = performance.getEntriesByName(n, 'measure');
      const last = all[all.length - 1];
      if (last) return last.duration;
      await new Promise((r) => setTimeout(r, 10));
    }
  }, name);
}

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByTestId('last-export').waitFor();
  await page.getByRole('radio', { name: 'The whole course' }).check();
  return page;
}

let backupFile = '';

/** Extra figures, run in order in a browser with 10,000 reflections already seeded. */
export const extras: { id: string; run: (ctx: ExtraContext) => Promise<void> }[] = [
  {
    id: 'export-markdown',
    async run({ context, extensionId, add, quick, median, round }) {
      const times: number[] = [];
      for (let i = 0; i < (quick ? 3 : 7); i++) {
        const page = await openPopup(context, extensionId);
        await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export journal (Markdown)' }).click(),
        ]);
        times.push(await lastMeasure(page, 'companion:export-markdown'));
        await page.close();
      }
      add({
        id: 'export-markdown',
        figure: 'export 10,000 reflections to Markdown (median)',
        measured: round(median(times), 1),
        unit: 'ms',
        budget: 500,
      });
    },
  },
  {
    id: 'export-json',
    async run({ context, extensionId, add, quick, median, round }) {
      const times: number[] = [];
      for (let i = 0; i < (quick ? 3 : 7); i++) {
        const page = await openPopup(context, extensionId);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export backup (JSON)' }).click(),
        ]);
        times.push(await lastMeasure(page, 'companion:export-json'));
        backupFile = join(mkdtempSync(join(tmpdir(), 'bench-backup-')), 'backup.json');
        await download.saveAs(backupFile);
        await page.close();
      }
      add({
        id: 'export-json',
        figure: 'export 10,000 reflections to JSON (median)',
        measured: round(median(times), 1),
        unit: 'ms',
        budget: 300,
      });
    },
  },
  {
    id: 'import-json',
    async run({ add, quick, median, round }) {
      if (!backupFile) throw new Error('import-json needs export-json to run first');
      const times: number[] = [];
      for (let i = 0; i < (quick ? 2 : 3); i++) {
        // A fresh, empty profile each time.
        const fresh = await launchWithExtension(mkdtempSync(join(tmpdir(), 'bench-import-')));
        try {
          const id = new URL((await serviceWorker(fresh)).url()).host;
          const page = await openPopup(fresh, id);
          await page.getByLabel('Restore a backup (JSON file)').setInputFiles(backupFile);
          await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
          await page.getByRole('button', { name: 'Import', exact: true }).click();
          times.push(await lastMeasure(page, 'companion:import-apply'));
          const status = await page.getByTestId('journal-status').textContent();
          if (!status?.includes('10,000 new reflections'))
            throw new Error(`import said: ${status ?? ''}`);
        } finally {
          await fresh.close();
        }
      }
      add({
        id: 'import-json',
        figure: 'import that JSON into an empty profile (median)',
        measured: round(median(times), 1),
        unit: 'ms',
        budget: 2000,
      });
    },
  },
];
