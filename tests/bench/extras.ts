/**
 * Benchmark figures that need more than the core run provides (export and import), kept apart
 * so they can grow with the features they measure.
 */
import type { BrowserContext } from '@playwright/test';
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

/** Extra figures, run in a browser with 10,000 reflections already seeded. */
export const extras: { id: string; run: (ctx: ExtraContext) => Promise<void> }[] = [];
