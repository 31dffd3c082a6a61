/**
 * A reading page that attacks the companion (issue 11, findings 1, 2, 6, 7, 8, 15): each test
 * plays the page's script and checks what the page got and that the overlay still works.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testResource } from '../fixtures/test-pack';
import {
  EXTENSION_DIR,
  expect,
  extensionPage,
  fixture,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  tabStates,
  test,
} from './fixtures';

const civilPower = testResource('civil-power-partner-state');

/** The article fixture with `script` run in its `<head>`, before any content script. */
function articleWith(script: string, title = 'Civil Power and Partner State'): string {
  return fixture('article.html', { TITLE: title }).replace(
    '</head>',
    `<script>${script}</script></head>`,
  );
}

/** The overlay layout the learner's database holds, read from an extension page. */
async function storedLayout(context: BrowserContext, extensionId: string): Promise<unknown> {
  const page = await context.newPage();
  await page.goto(extensionPage(extensionId, 'popup.html'));
  const layout = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('reading-companion');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const get = open.result
            .transaction('settings')
            .objectStore('settings')
            .get('overlay') as IDBRequest<unknown>;
          get.onsuccess = () => {
            const row = get.result as { value?: unknown } | undefined;
            resolve(row && typeof row === 'object' && 'value' in row ? row.value : (row ?? null));
          };
          get.onerror = () => reject(new Error(String(get.error)));
        };
      }),
  );
  await page.close();
  return layout;
}

/** Is the overlay panel open (not the collapsed tab)? */
async function panelOpen(reading: ReadingPage): Promise<boolean> {
  return (await reading.overlay()).panel().isVisible();
}

test.describe('a hostile reading page', () => {
  test('that defines the host element first gets neither the shadow root nor the token (1)', async ({
    context,
  }) => {
    await serve(
      context,
      READING_SITE,
      articleWith(`
        window.__stolen = [];
        window.__constructed = 0;
        customElements.define('reading-companion', class extends HTMLElement {
          constructor() {
            super();
            window.__constructed++;
            this.internals = this.attachInternals();
          }
          connectedCallback() {
            const root = this.internals.shadowRoot;
            if (root) window.__stolen.push(root.innerHTML);
            const frame = root && root.querySelector('iframe');
            if (frame) window.__stolen.push(frame.src);
          }
        });
      `),
    );
    const reading = await ReadingPage.open(context, READING);
    const overlay = await reading.expand();
    await expect(overlay.heading()).toHaveText(civilPower.title);
    const token = overlay.token();
    const got = await reading.page.evaluate(() => {
      const w = window as unknown as { __stolen: string[]; __constructed: number };
      return { stolen: w.__stolen.join('\n'), constructed: w.__constructed };
    });
    expect(got.constructed).toBe(0);
    expect(got.stolen).toBe('');
    expect(token.length).toBeGreaterThan(16);
  });

  test('cannot toggle the overlay with a synthetic key press (8)', async ({
    context,
    extensionId,
  }) => {
    await serve(
      context,
      READING_SITE,
      articleWith(`
        // The page watches every key press after the content script had its say.
        window.__keys = [];
        addEventListener('keydown', (e) => window.__keys.push(
          (e.isTrusted ? 'real:' : 'fake:') + (e.defaultPrevented ? 'claimed' : 'free')));
      `),
    );
    const reading = await ReadingPage.open(context, READING);
    const { page } = reading;
    await reading.clickInText();
    const before = await storedLayout(context, extensionId);
    // Nothing stored yet means the default: collapsed.
    expect((before as { expanded?: boolean } | null)?.expanded ?? false).toBe(false);

    const forged = await page.evaluate(() =>
      document.body.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: 'Y',
          code: 'KeyY',
          ctrlKey: true,
          shiftKey: true,
          bubbles: true,
          cancelable: true,
        }),
      ),
    );
    // The real shortcut proves the channel is live: the content script claims it and it toggles.
    await page.keyboard.press('Control+Shift+Y');
    await expect.poll(() => panelOpen(reading)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys)).toContain(
      'real:claimed',
    );
    expect(await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys)).toEqual(
      expect.arrayContaining(['fake:free']),
    );
    expect(forged).toBe(true); // nobody called preventDefault on the forged press
    expect(await storedLayout(context, extensionId)).toMatchObject({ expanded: true });
  });

  test('with a 5,000-character title still gets the overlay; the title is clamped (15)', async ({
    context,
  }) => {
    const title = `Civil Power ${'and Partner State '.repeat(300)}`.slice(0, 5000);
    await serve(context, READING_SITE, fixture('article.html', { TITLE: title }));
    const reading = await ReadingPage.open(context, READING);
    await reading.expand();
    const states = await tabStates(context);
    const mine = states.find((s) => s.url.startsWith(READING));
    expect(mine).toBeTruthy();
    expect(mine!.title.length).toBeLessThanOrEqual(1000);
    expect(mine!.title.length).toBeGreaterThan(100);
    expect(title.startsWith(mine!.title.trimEnd().replace(/…$/, ''))).toBe(true);
  });

  test('that pushes 3,000 history states keeps the background quiet and answering (6)', async ({
    context,
    extensionId,
  }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Flood' }));
    // An extension page counts the background's broadcasts.
    const listener = await context.newPage();
    await listener.goto(extensionPage(extensionId, 'options.html'));
    await listener.evaluate(() => {
      const w = window as unknown as { __heard: string[] };
      w.__heard = [];
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { onMessage: { addListener(f: (m: { type: string }) => void): void } } };
      };
      chrome.runtime.onMessage.addListener((m) => void w.__heard.push(m.type));
    });
    const reading = await ReadingPage.open(context, READING);
    const heardBefore = await listener.evaluate(
      () => (window as unknown as { __heard: string[] }).__heard.length,
    );
    await reading.page.evaluate(() => {
      for (let i = 0; i < 3000; i++)
        history.pushState({}, '', `/articles/civil-power-and-partner-state?utm_content=${i}`);
    });
    // The last address is always reported.
    await expect
      .poll(
        async () => (await tabStates(context)).some((s) => s.url.endsWith('?utm_content=2999')),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    const heard = await listener.evaluate(
      () => (window as unknown as { __heard: string[] }).__heard.length,
    );
    expect(heard - heardBefore).toBeLessThanOrEqual(20);
    // A request from an extension page still answers.
    const answered = await listener.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: object): Promise<{ ok: boolean }> } };
      };
      return (await chrome.runtime.sendMessage({ type: 'pack:current' })).ok;
    });
    expect(answered).toBe(true);
    // And the overlay is still there, on the reading.
    await reading.expand();
  });

  test('learns nothing of the extension id from window messages (7)', async ({
    context,
    extensionId,
  }) => {
    await serve(
      context,
      READING_SITE,
      articleWith(`
        window.__messages = [];
        addEventListener('message', (e) => window.__messages.push(JSON.stringify(e.data)), true);
      `),
    );
    const reading = await ReadingPage.open(context, READING);
    await reading.expand();
    // A message of the page's own, posted last, proves every earlier one has been delivered.
    await reading.page.evaluate(() => postMessage('page-marker', '*'));
    await expect
      .poll(() =>
        reading.page.evaluate(() => (window as unknown as { __messages: string[] }).__messages),
      )
      .toContain('"page-marker"');
    const messages = await reading.page.evaluate(() =>
      (window as unknown as { __messages: string[] }).__messages.join('\n'),
    );
    expect(messages).not.toContain(extensionId);
    expect(messages).not.toContain('wxt');
  });

  test('neither small content script carries WXT’s page-facing context (7)', () => {
    // The e2e tests above attack the reading script; the course-page script is built the same way.
    for (const file of ['content-scripts/reading.js', 'content-scripts/course-page.js']) {
      const code = readFileSync(join(EXTENSION_DIR, file), 'utf8');
      expect(code).not.toContain('postMessage');
      expect(code).not.toContain('content-script-started');
    }
  });

  test('cannot stop the content script with a forged WXT event (7)', async ({
    context,
    extensionId,
  }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Forged' }));
    const reading = await ReadingPage.open(context, READING);
    await reading.page.evaluate((id) => {
      for (const name of ['reading', 'course-page'])
        document.dispatchEvent(
          new CustomEvent(`${id}:${name}:wxt:content-script-started`, {
            detail: { contentScriptName: name, messageId: 'page' },
          }),
        );
    }, extensionId);
    // The content script still answers: the shortcut toggles and in-page navigation is followed.
    await reading.clickInText();
    await reading.page.keyboard.press('Control+Shift+Y');
    await expect.poll(() => panelOpen(reading)).toBe(true);
    expect(reading.hasOverlay()).toBe(true);
    await reading.navigateInPage('/about');
    await expect.poll(() => reading.hasOverlay()).toBe(false);
  });

  test('that removes the overlay sees it come back (7)', async ({ context }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Remover' }));
    const reading = await ReadingPage.open(context, READING);
    const first = await reading.overlay();
    const removed = await reading.page.evaluate(() => {
      const host = [...document.documentElement.children].find(
        (el) => el !== document.head && el !== document.body,
      );
      host?.remove();
      return host !== undefined;
    });
    expect(removed).toBe(true);
    // The frame the page removed is gone (a re-inserted iframe loads anew); how soon the new
    // one comes is not the point, so no moment without an overlay is waited for.
    await expect.poll(() => first.frame.isDetached()).toBe(true);
    const overlay = await reading.expand();
    await expect(overlay.heading()).toHaveText(civilPower.title);
  });

  test('cannot fetch the overlay page by the extension’s id (7)', async ({
    context,
    extensionId,
  }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Fetcher' }));
    const reading = await ReadingPage.open(context, READING);
    await reading.expand(); // the overlay itself loads in this very page
    const result = await reading.page.evaluate(async (id) => {
      try {
        const response = await fetch(`chrome-extension://${id}/overlay.html`);
        return `status ${response.status}`;
      } catch (e) {
        return `failed: ${(e as Error).name}`;
      }
    }, extensionId);
    expect(result).toMatch(/^failed/);
  });
});

/** Open the panel and start writing a reflection, as a learner does. */
async function startWriting(context: BrowserContext, html: string): Promise<[ReadingPage, Page]> {
  await serve(context, READING_SITE, html);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  await overlay.reflectionBox().click();
  await reading.page.keyboard.type('Le début de ma réflexion', { delay: 5 });
  return [reading, reading.page];
}

const TRAP = `
  window.__typed = '';
  addEventListener('DOMContentLoaded', () => {
    const trap = document.createElement('input');
    trap.id = 'trap';
    trap.style.cssText = 'position:absolute;left:-9999px;opacity:0';
    trap.addEventListener('input', () => { window.__typed = trap.value; });
    document.body.append(trap);
  });
`;

test.describe('focus theft (2)', () => {
  test('the page focusing its own field while the learner writes is announced in the panel', async ({
    context,
  }) => {
    const [reading, page] = await startWriting(context, articleWith(TRAP));
    const overlay = await reading.overlay();
    await page.evaluate(() => document.getElementById('trap')!.focus());
    const alert = overlay.focusAlert();
    await expect(alert).toHaveText(
      'The page took the keyboard focus away from the companion: what you type now goes to the page. Click in the box to continue writing; your draft is kept.',
    );
    await expect(overlay.reflectionBox()).toHaveValue('Le début de ma réflexion');
    // Back in the box, the learner writes on and the alert goes.
    await overlay.reflectionBox().click();
    await expect(alert).toBeEmpty();
  });

  test('a real click of the learner in the page is not theft', async ({ context }) => {
    const [reading] = await startWriting(context, articleWith(TRAP));
    const overlay = await reading.overlay();
    await reading.clickInText();
    // The panel has heard where the focus went (its check has run) and says nothing.
    await expect(overlay.panel()).toHaveAttribute('data-focus-left', 'learner');
    await expect(overlay.focusAlert()).toBeEmpty();
  });

  test('Shift+Tab out of the panel is the learner’s own move, not theft', async ({ context }) => {
    const [reading, page] = await startWriting(context, articleWith(TRAP));
    const overlay = await reading.overlay();
    // Shift+Tab from the first control of the panel leaves it for the page.
    await overlay.collapseButton().focus();
    await page.keyboard.press('Shift+Tab');
    await expect(overlay.panel()).toHaveAttribute('data-focus-left', /learner|kept/);
    await expect(overlay.focusAlert()).toBeEmpty();
  });
});
