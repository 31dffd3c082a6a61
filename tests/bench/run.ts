/**
 * `npm run bench`: size, speed and scale of the companion against its budgets and against
 * Hypothesis (a well-known annotator), measured in one run. It reports; it never fails on a
 * missed budget. Writes a table to stdout and the same as JSON to `.output/bench.json`.
 *
 * Options: `--quick` (fewer repetitions), `--only=<figure id,…>` (or `--only <figure id,…>`).
 * How each figure is measured: docs/benchmark.md.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { generate } from 'selfsigned';
import { parsePack, type Pack } from '../../content/pack-schema';
import { buildIndex } from '../../content/recognizer';
import { EXTENSION_DIR, fixture, launchWithExtension, serviceWorker } from '../e2e/browser';
import {
  READING,
  markTime,
  overlayFrame,
  popupFirstRender,
  seedReflections,
  withBrowser,
} from './browser-bench';
import { anchoring } from './anchoring';
import { extras } from './extras';
import { popupCold } from './popup-cold';
import { syncFigures } from './sync';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
// `--only=a,b` or `--only a,b`.
const only = (
  args.find((a) => a.startsWith('--only='))?.slice(7) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined)
)?.split(',');
const want = (id: string) => !only || only.includes(id);

/** The pinned peer: Hypothesis's published client. */
const HYPOTHESIS = 'hypothesis@1.1766.0';
const CACHE = resolve('.cache/bench');

/** One row of the report. */
export interface Figure {
  id: string;
  figure: string;
  measured: number | null;
  unit: string;
  /** None for figures reported as a baseline only (bundles without a budget of their own). */
  budget?: number;
  /** The peer's value, when a peer is named. */
  peer?: number | null;
  /** measured ÷ peer (sizes) or the ratio the budget is about. */
  ratio?: number | null;
  /** For ratio budgets: the ratio must be at most this (or, for `peerFactor`, at least). */
  ratioBudget?: number;
  pass: boolean | null;
  note?: string;
}

const figures: Figure[] = [];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function add(f: Omit<Figure, 'pass'> & { pass?: boolean | null }) {
  const pass =
    f.pass ?? (f.measured === null || f.budget === undefined ? null : f.measured <= f.budget);
  figures.push({ ...f, pass });
  const shown = f.measured === null ? 'n/a' : `${f.measured} ${f.unit}`;
  console.error(`  measured ${f.id}: ${shown}`);
}

// ---------------------------------------------------------------- sizes

/** The JavaScript an extension page loads: its module script and the chunks it preloads. */
function pageScripts(html: string): string[] {
  const text = readFileSync(join(EXTENSION_DIR, html), 'utf8');
  const srcs = [...text.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set(srcs)].map((s) => join(EXTENSION_DIR, s.replace(/^\//, '')));
}

/** Hypothesis's bundles, from the npm registry, cached outside git. */
function hypothesisBundles(): { annotator: string; sidebar: string } {
  const dir = join(CACHE, HYPOTHESIS.replace('@', '-'));
  const annotator = join(dir, 'package/build/scripts/annotator.bundle.js');
  const sidebar = join(dir, 'package/build/scripts/sidebar.bundle.js');
  if (!existsSync(annotator)) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', HYPOTHESIS, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['xzf', join(dir, tgz.split('\n').at(-1)!), '-C', dir]);
  }
  return { annotator, sidebar };
}

function sizes() {
  const peer = hypothesisBundles();
  const annotator = gz(peer.annotator);
  const sidebar = gz(peer.sidebar);
  const content = gz(join(EXTENSION_DIR, 'content-scripts/reading.js'));
  add({
    id: 'content-gzip',
    figure: 'reading content script, gzip',
    measured: content,
    unit: 'B',
    budget: 5 * 1024,
    peer: annotator,
    ratio: round(annotator / content, 1),
    ratioBudget: 12,
    pass: content <= 5 * 1024 && annotator / content >= 12,
    note: `peer: Hypothesis annotator.bundle.js (${HYPOTHESIS})`,
  });
  add({
    id: 'quotes-gzip',
    figure: 'quote script (only where a reading has quotes), gzip',
    measured: gz(join(EXTENSION_DIR, 'quotes.js')),
    unit: 'B',
    budget: 10 * 1024,
  });
  const overlay = pageScripts('overlay.html').reduce((n, f) => n + gz(f), 0);
  add({
    id: 'overlay-gzip',
    figure: 'overlay page JavaScript, gzip',
    measured: overlay,
    unit: 'B',
    budget: 20 * 1024,
    peer: sidebar,
    ratio: round(sidebar / overlay, 1),
    ratioBudget: 12,
    pass: overlay <= 20 * 1024 && sidebar / overlay >= 12,
    note: `peer: Hypothesis sidebar.bundle.js`,
  });
  const popup = pageScripts('popup.html').reduce((n, f) => n + gz(f), 0);
  add({
    id: 'popup-gzip',
    figure: 'popup JavaScript, gzip',
    measured: popup,
    unit: 'B',
    budget: 25 * 1024,
  });
  // No budgets of their own: reported so that a change which grows them shows in the table.
  add({
    id: 'course-page-gzip',
    figure: 'course-page content script, gzip',
    measured: gz(join(EXTENSION_DIR, 'content-scripts/course-page.js')),
    unit: 'B',
  });
  add({
    id: 'options-gzip',
    figure: 'options page JavaScript, gzip',
    measured: pageScripts('options.html').reduce((n, f) => n + gz(f), 0),
    unit: 'B',
  });
  add({
    id: 'background-gzip',
    figure: 'background service worker, gzip',
    measured: gz(join(EXTENSION_DIR, 'background.js')),
    unit: 'B',
  });
}

// ---------------------------------------------------------------- recogniser

/** A generated pack of `n` resources in sessions of 100, every one with a link. */
export function bigPack(n: number, base: Pack): Pack {
  const sessions = Array.from({ length: Math.ceil(n / 100) }, (_, s) => ({
    ...base.sessions[0]!,
    id: `s${s + 1}`,
    number: s + 1,
    resources: Array.from({ length: Math.min(100, n - s * 100) }, (_, r) => ({
      id: `r-${s}-${r}`,
      kind: 'read' as const,
      title: `Reading ${s}.${r}`,
      summary: 'A generated reading.',
      link: `https://site${r % 50}.example.org/articles/${s}/${r}?page=${r}`,
    })),
  }));
  const result = parsePack({ ...base, currentSession: 's1', sessions });
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
  return result.pack;
}

function recogniser(base: Pack) {
  const pack = bigPack(10_000, base);
  const builds: number[] = [];
  for (let i = 0; i < (quick ? 5 : 15); i++) {
    const t0 = performance.now();
    buildIndex(pack);
    builds.push(performance.now() - t0);
  }
  add({
    id: 'index-build',
    figure: 'recogniser index build, 10,000 resources (median)',
    measured: round(median(builds)),
    unit: 'ms',
    budget: 50,
  });
  const index = buildIndex(pack);
  const urls = pack.sessions.flatMap((s) =>
    s.resources.map((r) => `${r.link!.replace('https://', 'http://www.')}&utm_source=x#top`),
  );
  const batches: number[] = [];
  for (let b = 0; b < (quick ? 5 : 21); b++) {
    const t0 = performance.now();
    let hits = 0;
    for (const u of urls) if (index.lookup(u)) hits++;
    const per = ((performance.now() - t0) / urls.length) * 1000;
    if (hits !== urls.length) throw new Error(`lookups missed: ${urls.length - hits}`);
    batches.push(per);
  }
  add({
    id: 'lookup',
    figure: 'recogniser lookup of a URL variant (median)',
    measured: round(median(batches), 3),
    unit: 'µs',
    budget: 2,
  });
}

// ---------------------------------------------------------------- browser

async function overlayVisible(context: BrowserContext) {
  const times: number[] = [];
  const page = await context.newPage();
  for (let i = 0; i < (quick ? 5 : 20); i++) {
    await page.goto(`${READING}?utm_content=run-${i}`);
    const dcl = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return performance.timeOrigin + nav.domContentLoadedEventEnd;
    });
    const ready = await markTime(await overlayFrame(page), 'companion:overlay-ready');
    times.push(ready - dcl);
  }
  await page.close();
  add({
    id: 'overlay-visible',
    figure: 'overlay visible after DOMContentLoaded (median of loads)',
    measured: round(median(times), 1),
    unit: 'ms',
    budget: 150,
  });
}

/** The hosts the load-time comparison serves from 127.0.0.1. */
const LOCAL_HOSTS = ['www.grocer.coop', 'www.example.org'];

/**
 * A local HTTPS server for the load-time comparison: an article page with a stylesheet, a script
 * and three images (about 400 KB), as a news or blog article might be, on 127.0.0.1. Chromium
 * maps the readings' hosts to it (--host-resolver-rules), so no request leaves the machine and
 * no test route sits in the request path. It speaks HTTPS because the content scripts match
 * `https://` only (issue 11): over plain http the extension would not run at all. The
 * certificate is self-signed, made fresh for each run; `spki` is the base64 SHA-256 of its
 * public key, which Chromium is told to accept (--ignore-certificate-errors-spki-list), so no
 * other certificate error is ignored.
 */
async function articleServer(): Promise<{
  port: number;
  spki: string;
  close: () => Promise<void>;
}> {
  const pems = await generate([{ name: 'commonName', value: LOCAL_HOSTS[0]! }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: LOCAL_HOSTS.map((value) => ({ type: 2, value })) },
    ],
  });
  const spki = createHash('sha256')
    .update(createPublicKey(pems.cert).export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const article = fixture('article.html', { TITLE: 'Civil Power' })
    .replace(
      '</head>',
      '<link rel="stylesheet" href="/site.css" /><script src="/site.js" defer></script></head>',
    )
    .replace(
      '</article>',
      '<img src="/a.png" width="600" height="300" alt="" /><img src="/b.png" width="600" height="300" alt="" /><img src="/c.png" width="600" height="300" alt="" /></article>',
    );
  const css = 'p{line-height:1.5}\n'.repeat(3000);
  const js = 'window.siteReady = true;\n'.padEnd(40_000, '/* site code */');
  const png = Buffer.alloc(100_000, 7);
  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const [body, type] = path.endsWith('.css')
      ? [css, 'text/css']
      : path.endsWith('.js')
        ? [js, 'text/javascript']
        : path.endsWith('.png')
          ? [png, 'image/png']
          : [article, 'text/html; charset=utf-8'];
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    spki,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** One page load's duration (navigation start → load event end). */
async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd - nav.startTime;
  });
}

async function loadRatios() {
  const server = await articleServer();
  const flags = [
    `--host-resolver-rules=${LOCAL_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${server.port}`).join(', ')}, MAP * ~NOTFOUND`,
    `--ignore-certificate-errors-spki-list=${server.spki}`,
  ];
  const pages: [string, string, string, number][] = [
    ['reading', 'reading page', READING, 1.1],
    ['other', 'non-reading page (another site)', 'https://www.example.org/articles/news', 1.02],
    [
      'same-site',
      'non-reading page on a reading’s site',
      'https://www.grocer.coop/articles/another-article',
      1.02,
    ],
  ];
  const launch = (extension: boolean) =>
    launchWithExtension(mkdtempSync(join(tmpdir(), 'bench-')), flags, extension, false);
  const [without, withExt] = [await launch(false), await launch(true)];
  try {
    await serviceWorker(withExt);
    const [pa, pb] = [await without.newPage(), await withExt.newPage()];
    // Measure the real thing: the page arrives over HTTPS from the local server and the
    // extension mounts its overlay there. Fails loudly if either stops being true.
    await pb.goto(`${READING}?utm_term=check`, { waitUntil: 'load' });
    if ((await pb.evaluate(() => location.protocol)) !== 'https:') throw new Error('not https');
    await overlayFrame(pb);
    for (const [id, name, url, budget] of pages) {
      // Interleave the two browsers load by load, so drift on a shared machine hits both alike.
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < (quick ? 11 : 41); i++) {
        const u = `${url}?utm_term=load-${i}`;
        a.push(await loadTime(pa, u));
        b.push(await loadTime(pb, u));
      }
      const [ma, mb] = [median(a), median(b)];
      add({
        id: `load-ratio-${id}`,
        figure: `page load with ÷ without the extension, ${name}`,
        measured: round(mb / ma, 3),
        unit: '×',
        budget,
        note: `${round(mb, 1)} ms vs ${round(ma, 1)} ms (median of ${a.length} interleaved loads)`,
      });
    }
  } finally {
    await without.close();
    await withExt.close();
    await server.close();
  }
}

async function reflectionSave(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(READING);
  const frame = await overlayFrame(page);
  await frame.locator('button.tab').click();
  await frame.locator('#reflection-text').waitFor();
  const times = await frame.evaluate(
    async (n) => {
      const box = document.getElementById('reflection-text') as HTMLTextAreaElement;
      const save = document.querySelector('button.primary') as HTMLButtonElement;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        box.value = `Benchmark reflection ${i}`;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        const t0 = performance.now();
        save.click();
        // The editor empties once the background has committed the transaction and answered.
        while (box.value !== '') await new Promise((r) => setTimeout(r, 0));
        out.push(performance.now() - t0);
      }
      return out;
    },
    quick ? 10 : 50,
  );
  await page.close();
  add({
    id: 'save',
    figure: 'reflection save, click → committed in IndexedDB (median)',
    measured: round(median(times), 1),
    unit: 'ms',
    budget: 20,
  });
}

async function popupRender(context: BrowserContext, extensionId: string) {
  const real = JSON.parse(readFileSync('content/packs/seize.json', 'utf8')) as Pack;
  const ids = real.sessions[0]!.resources.map((r) => r.id);
  const resources = [
    ...ids,
    ...Array.from({ length: 500 - ids.length }, (_, i) => `generated-${i}`),
  ];
  await seedReflections(context, 10_000, resources);
  const times: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++)
    times.push(await popupFirstRender(context, extensionId));
  add({
    id: 'popup-10k',
    figure: 'popup first render, 10,000 reflections across 500 resources (median)',
    measured: round(median(times), 1),
    unit: 'ms',
    budget: 200,
  });
}

async function overlayHeap(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(READING);
  const frame = await overlayFrame(page);
  await frame.locator('button.tab').click();
  await frame.locator('.reflection').first().waitFor();
  const shown = await frame.locator('.reflection').count();
  const cdp = await context.newCDPSession(frame);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await page.close();
  add({
    id: 'overlay-heap',
    figure: 'overlay frame JavaScript heap after 100 reflections',
    measured: round(usedSize / 1024 / 1024, 2),
    unit: 'MB',
    budget: 4,
    note: `${shown} reflections listed`,
  });
}

async function browserFigures() {
  if (want('overlay-visible') || want('save') || want('overlay-heap'))
    await withBrowser(true, async (context) => {
      if (want('overlay-visible')) await overlayVisible(context);
      if (want('save')) await reflectionSave(context);
    });
  if (want('overlay-heap'))
    await withBrowser(true, async (context) => {
      await seedReflections(context, 100, ['civil-power-partner-state']);
      await overlayHeap(context);
    });
  if (want('load-ratio')) await loadRatios();
  if (want('popup-10k') || extras.some((e) => want(e.id)))
    await withBrowser(true, async (context) => {
      const id = new URL((await serviceWorker(context)).url()).host;
      if (want('popup-10k')) await popupRender(context, id);
      for (const extra of extras)
        if (want(extra.id))
          await extra.run({ context, extensionId: id, add, quick, median, round });
    });
  if (want('anchor-100'))
    await withBrowser(true, async (context) => {
      const extensionId = new URL((await serviceWorker(context)).url()).host;
      await anchoring({ context, extensionId, add, quick, median, round });
    });
  // After the popup figures with the worker running, so the table reads running, then stopped.
  if (want('popup-cold')) await popupCold({ add, quick, median, round });
  if (want('sync-first-10k') || want('sync-round-trip'))
    await syncFigures({ add, quick, median, round });
}

// ---------------------------------------------------------------- report

function report() {
  const rows = figures.map((f) => [
    f.figure,
    f.measured === null ? 'n/a' : `${f.measured} ${f.unit}`,
    f.budget === undefined
      ? ''
      : `≤ ${f.budget} ${f.unit}${f.ratioBudget ? `, peer ≥ ${f.ratioBudget}×` : ''}`,
    f.peer === undefined ? '' : `${f.peer} ${f.unit}`,
    f.ratio === undefined || f.ratio === null ? '' : `${f.ratio}×`,
    f.pass === null ? (f.budget === undefined ? '' : 'n/a') : f.pass ? 'pass' : 'MISS',
  ]);
  const head = ['figure', 'measured', 'budget', 'peer', 'peer ÷ ours', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`;
  console.log(`\nmachine: ${machine}${quick ? ' (quick run)' : ''}`);
  mkdirSync('.output', { recursive: true });
  writeFileSync(
    '.output/bench.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine, quick, figures }, null, 2)}\n`,
  );
}

async function main() {
  const base = JSON.parse(readFileSync('content/packs/seize.json', 'utf8')) as Pack;
  const sizeIds = ['content-gzip', 'quotes-gzip', 'overlay-gzip', 'popup-gzip'];
  if ([...sizeIds, 'course-page-gzip', 'options-gzip', 'background-gzip'].some(want)) sizes();
  if (want('index-build') || want('lookup')) recogniser(base);
  await browserFigures();
  report();
}

await main();
