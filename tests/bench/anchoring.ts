/**
 * Anchoring figures: how long the quote script takes to find 100 quotes on a long article
 * (some 110,000 characters in 300 paragraphs), as it reports each pass to the background
 * (`quotes:found`: reading the page's text, finding every quote, making their ranges; the
 * drawing is not counted). The quotes are taken by the built extension's own capture (the
 * reading script's answer to `page:selection`), so their positions are the ones a learner's
 * quotes carry. Three pages: the article as quoted (positions hold), the article with a
 * paragraph inserted at the top (every position is stale: exact search), and the article with
 * one word changed in every quoted sentence (every quote needs the approximate match).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { serve, serviceWorker } from '../e2e/browser';
import { tabStates } from '../e2e/extension-state';
import { ReadingPage } from '../e2e/pages/reading-page';
import { overlayFrame, putReflections, READING } from './browser-bench';
import type { ExtraContext } from './extras';

const WORDS =
  'commons solidarity cooperative market state partner power civil society economy worker owned land trust housing credit union care mutual aid community wealth procurement anchor institution democratic finance network federation member council policy public social enterprise food energy platform movement organising union capital labour value surplus'.split(
    ' ',
  );

/** A deterministic article: 300 paragraphs of three sentences; the quoted ones are returned. */
function article(change: 'none' | 'insert' | 'edit') {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const sentence = (p: number, s: number) =>
    `In part ${p}.${s} the ${Array.from({ length: 16 }, () => WORDS[next() % WORDS.length]).join(' ')}.`;
  const quoted: string[] = [];
  const paragraphs: string[] = [];
  for (let p = 0; p < 300; p++) {
    const three = [sentence(p, 1), sentence(p, 2), sentence(p, 3)];
    if (p % 3 === 1) {
      quoted.push(three[1]!);
      // One word changed inside the quoted sentence: the fuzzy case.
      if (change === 'edit') three[1] = three[1]!.replace(' the ', ' a ');
    }
    paragraphs.push(`<p>${three.join(' ')}</p>`);
  }
  if (change === 'insert')
    paragraphs.unshift(
      '<p>An editor added this paragraph at the top after the quotes were taken.</p>',
    );
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Civil Power</title></head><body><main><article><h1>Civil Power</h1>${paragraphs.join('\n')}</article></main></body></html>`;
  return { html, quoted };
}

/** Take `text` as a quote with the extension's own capture (select it, ask the reading script). */
async function capture(context: BrowserContext, page: Page, text: string): Promise<unknown> {
  await new ReadingPage(page).select(text);
  const sw = await serviceWorker(context);
  return sw.evaluate(async (url) => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        storage: { session: { get(k: null): Promise<Record<string, { url?: string }>> } };
        tabs: { sendMessage(id: number, m: object, o: object): Promise<{ quote: unknown }> };
      };
    };
    // The background's record of each tab names its address (the extension may not read tabs').
    const states = await chrome.storage.session.get(null);
    const key = Object.keys(states).find((k) => k.startsWith('tab:') && states[k]?.url === url);
    if (!key) throw new Error(`no tab shows ${url}`);
    const reply = await chrome.tabs.sendMessage(
      Number(key.slice(4)),
      { type: 'page:selection' },
      { frameId: 0 },
    );
    return reply.quote;
  }, page.url());
}

/** One reflection per quote, written into the extension's database. */
async function seedQuotes(context: BrowserContext, quotes: unknown[]) {
  const start = Date.parse('2026-11-01T00:00:00Z');
  await putReflections(
    context,
    quotes.map((quote, i) => {
      const time = new Date(start + i * 60_000).toISOString();
      return {
        id: `anchor-${i}`,
        courseId: 'seize-fse',
        sessionId: 'session-6',
        resourceId: 'civil-power-partner-state',
        text: `Reflection ${i} on a passage of the long article.`,
        quote,
        mediaTime: null,
        outcomeIds: [i % 2 ? 'o1' : 'o2'],
        pageUrl: READING,
        pageTitle: 'Civil Power',
        createdAt: time,
        updatedAt: time,
        deletedAt: null,
      };
    }),
  );
}

/** Load the page `times` times; each load's anchoring time as the quote script reported it. */
async function anchorTimes(context: BrowserContext, page: Page, times: number) {
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < times; i++) {
    await page.goto(`${READING}?utm_content=run-${i}`);
    await overlayFrame(page);
    let quotes: { found: string[]; ms: number } | undefined;
    for (let tries = 0; tries < 400 && !quotes; tries++) {
      quotes = (await tabStates(context)).find((s) => s.url === page.url())?.quotes;
      if (!quotes) await page.waitForTimeout(25);
    }
    if (!quotes) throw new Error('the quote script never reported');
    ms.push(quotes.ms);
    found = quotes.found.length;
  }
  return { ms, found };
}

/** The three anchoring figures (`anchor-100`, and two baselines). */
export async function anchoring({ context, add, quick, median, round }: ExtraContext) {
  const { html, quoted } = article('none');
  await serve(context, /^https?:\/\/(www\.)?grocer\.coop\//, html);
  const page = await context.newPage();
  await page.goto(READING);
  await overlayFrame(page);
  const quotes: unknown[] = [];
  for (const q of quoted) quotes.push(await capture(context, page, q));
  await seedQuotes(context, quotes);
  const runs = quick ? 5 : 15;
  const cases = [
    ['none', 'anchor-100', 'anchor 100 quotes on a long article (median of loads)', 50],
    [
      'insert',
      'anchor-100-moved',
      '… after a paragraph was inserted above them (exact text)',
      undefined,
    ],
    ['edit', 'anchor-100-edited', '… after a word changed in each (approximate match)', undefined],
  ] as const;
  for (const [change, id, figure, budget] of cases) {
    await serve(context, /^https?:\/\/(www\.)?grocer\.coop\//, article(change).html);
    const { ms, found } = await anchorTimes(context, page, runs);
    add({
      id,
      figure,
      measured: round(median(ms), 1),
      unit: 'ms',
      ...(budget === undefined ? {} : { budget }),
      ...(found === 100 ? {} : { pass: false }),
      note: `${found} of 100 found; ${Math.round(html.length / 1000)} KB of HTML`,
    });
  }
  await page.close();
}
