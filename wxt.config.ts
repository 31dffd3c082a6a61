import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { bundledPack } from './content/bundled';
import { coursePageMatches, matchPatterns } from './content/recognizer';

/**
 * The hosts the reading content script runs on, generated from the bundled course pack so
 * the manifest never asks for more than the course's readings (never `<all_urls>`).
 */
const readingMatches = matchPatterns(bundledPack);
/** The course's own session pages, where links are learned (from the pack's `pageUrl`s). */
const courseMatches = coursePageMatches(bundledPack);
/**
 * Scripts run in web pages that use the native API and stay tiny (see
 * `vite:build:extendConfig`): the two content scripts, and the quote script the background
 * runs where a reading has quotes.
 */
const TINY_SCRIPTS = new Set(['reading', 'course-page', 'quotes']);

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: code reads the same in tests, in the IDE and in the build.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  // The source archive Firefox's store asks for: the project, not caches or test output.
  zip: { excludeSources: ['.cache/**', 'test-results/**', 'playwright-report/**'] },
  hooks: {
    // The reading content script runs in every reading page and must stay tiny (≤ 5 KB gzip):
    // it uses the browsers' native promise-based API (`browser` in Firefox, `chrome` in
    // Chromium MV3) instead of webextension-polyfill, which every other context keeps. It
    // answers messages with sendResponse, which both native APIs support.
    // They also run without WXT's content-script context, which posts the extension id to the
    // page and lets a page-forged event stop the script (entrypoints/reading.content/no-wxt-context.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      const inPage = (type: string) => type === 'content-script' || type === 'unlisted-script';
      if (!entrypoints.some((e) => inPage(e.type) && TINY_SCRIPTS.has(e.name))) return;
      config.resolve ??= {};
      config.resolve.alias = {
        ...(config.resolve.alias as object),
        'wxt/browser': '@wxt-dev/browser',
        'wxt/utils/content-script-context': resolve(
          'entrypoints/reading.content/no-wxt-context.ts',
        ),
      };
    },
    // The content script declares no hosts of its own: importing the pack there to compute
    // them would ship the pack and the schema library inside every reading page.
    'entrypoints:resolved': (_wxt, entrypoints) => {
      for (const entry of entrypoints) {
        if (entry.type === 'content-script' && entry.name === 'reading')
          entry.options.matches = readingMatches;
        if (entry.type === 'content-script' && entry.name === 'course-page')
          entry.options.matches = courseMatches;
      }
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: a learner's reflections must never be evicted for lack of quota.
    // alarms: a daily purge of reflections deleted more than 30 days ago (no other use).
    // activeTab: the popup reads the address of the tab it was opened on (a PDF, a page the
    // learner links), and of no other; no install warning. scripting: the reading script is
    // registered on the hosts a learner grants (see docs/decisions.md); no install warning.
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting'],
    // Link checks reach the readings' sites; the facilitator grants exactly their hosts when
    // starting a check (permissions.request), never at install.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      // Never Alt+letter (it types characters on French and other layouts) nor Ctrl+Alt
      // (AltGr). Chromium leaves Ctrl+Shift+L unassigned; Firefox uses Ctrl+Shift+Y for its
      // downloads. Learners can change it in the browser's shortcut settings.
      'toggle-overlay': {
        suggested_key:
          browser === 'firefox'
            ? { default: 'Ctrl+Shift+9', mac: 'Command+Shift+9' }
            : { default: 'Ctrl+Shift+Y', mac: 'Command+Shift+Y' },
        description: '__MSG_commandToggleOverlay__',
      },
    },
    // The overlay frame is embedded by the reading script, which runs on the build's reading
    // hosts and on the hosts the learner grants later (docs/decisions.md, "Consent per host");
    // the manifest cannot name those, so any https page may embed it, but only through an
    // address no site can know: in Chromium the per-session dynamic id (what runtime.getURL
    // gives; the fixed id answers nothing), in Firefox the random per-install id. A page where
    // the reading script does not run never learns either. Never over plain http. The quote
    // script goes the same way: the reading script imports it where a reading has quotes (a
    // content script's matches give no right to `scripting.executeScript` there).
    web_accessible_resources: [
      {
        resources: ['overlay.html', 'quotes.js'],
        matches: ['https://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'reading-companion@solidarityeconomy.ca',
              // 140 is the first release that reads data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing leaves the browser unless the learner turns sync on with a server they
              // name: then their journal goes there, which Firefox asks them at that click
              // (SYNC_DATA_COLLECTION in utils/protocol/sync.ts; decision 32).
              data_collection_permissions: {
                required: ['none'],
                optional: ['websiteContent', 'browsingActivity'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          // 130 is the first Chromium where use_dynamic_url is enforced (earlier ones accept
          // the key and ignore it).
          minimum_chrome_version: '130',
        }),
  }),
});
