/**
 * Starting Debian's Chromium with the built extension, offline, and serving fixture pages under
 * real addresses. Shared by the end-to-end tests and the benchmark (it has no test-runner code).
 */
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built extension the tests load. */
export const EXTENSION_DIR = resolve('.output/chrome-mv3');
/** Debian's Chromium; Playwright cannot download its own browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the (closed) network and quiet in a container. */
const QUIET = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

/**
 * Start Chromium on `profileDir` with the built extension loaded (or, for comparisons, without).
 * `extensionDir` loads another copy of the build (the facilitator tests grant it test hosts).
 */
export async function launchWithExtension(
  profileDir: string,
  extraArgs: string[] = [],
  withExtension = true,
  /** Refuse every request no route answers (false when a resolver rule maps hosts to loopback). */
  offline = true,
  extensionDir = EXTENSION_DIR,
): Promise<BrowserContext> {
  if (withExtension && !existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build\` first.`);
  const extension = withExtension
    ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
    : [];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...QUIET, ...extension, ...extraArgs],
  });
  // Offline: anything a test has not routed is refused rather than sent out.
  if (offline) await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
  return context;
}

/**
 * A copy of the build, in `dir`, whose manifest grants `hosts` at install (match patterns).
 * Headless Chromium never answers a permission prompt, so tests that need a host granted load
 * this copy: `permissions.request` is still called by the shipped code, and Chromium answers it
 * at once because the host is already granted. Only the prompt itself goes untested.
 */
export function grantedBuild(dir: string, hosts: readonly string[]): string {
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  manifest.host_permissions = [...hosts];
  writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

/** The extension's service worker (waiting for it to start if need be). */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Read a fixture page, with `{{TITLE}}`-style placeholders filled. */
export function fixture(name: string, vars: Record<string, string> = {}): string {
  let html = readFileSync(join('tests/fixtures/pages', name), 'utf8');
  for (const [k, v] of Object.entries(vars)) html = html.replaceAll(`{{${k}}}`, v);
  return html;
}

/**
 * Serve `html` at every address matching `url` (a glob or RegExp), offline. Routes added
 * later win over earlier ones, so this overrides the catch-all refusal.
 */
export async function serve(
  context: BrowserContext,
  url: string | RegExp,
  html: string,
  headers: Record<string, string> = {},
): Promise<void> {
  await context.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers }),
  );
}
