/**
 * Quotes come back: a passage the learner quoted is found again and highlighted on every
 * visit, after the page changed around it or inside it, and listed as "not found" when it is
 * gone; the page itself never sees the highlights nor can it click them.
 */
import type { BrowserContext, Page } from '@playwright/test';
import {
  axeViolations,
  expect,
  fixture,
  READING,
  READING_SITE,
  ReadingPage,
  reported,
  serve,
  tabStates,
  test,
} from './fixtures';
import { covers, highlights, textBoxes } from './pages/highlights';

const ARTICLE = fixture('article.html', { TITLE: 'Civil Power and Partner State' });
const SENTENCE = 'a partner state that enables civil society rather than replacing it';
const EDITED = 'a partner state that empowers civil society rather than replacing it';

/** The article, changed by `edit` (a string replacement of its HTML). */
const serveArticle = (context: BrowserContext, edit: (html: string) => string = (h) => h) =>
  serve(context, READING_SITE, edit(ARTICLE));

/** A paragraph the page inserts before the quoted one (many, to push it down). */
const insertBefore = (html: string, paragraphs = 1) =>
  html.replace(
    '<p id="first">',
    `${'<p>An editor added this paragraph after the learner quoted the article, so every position after it moved.</p>'.repeat(paragraphs)}<p id="first">`,
  );

/** Quote `text` of the open reading in a new reflection tagged with outcome 1. */
async function quote(reading: ReadingPage, text: string, note: string) {
  const overlay = await reading.expand();
  await textBoxes(reading.page, text, true);
  await overlay.getByRole('button', { name: 'Quote the selected text' }).click();
  await expect(overlay.quoteInEditor()).toHaveText(text);
  await overlay.getByRole('checkbox', { name: /Outcome 1/ }).check();
  await overlay.writeReflection(note);
  return overlay;
}

/** Wait until the tab's quote script has said what it found; return its ids. */
async function looked(context: BrowserContext, page: Page) {
  let found: { found: string[]; missing: string[] } | undefined;
  await expect
    .poll(async () => {
      const state = (await tabStates(context)).find((s) => s.url === page.url());
      return (found = state?.quotes);
    })
    .toBeTruthy();
  return found!;
}

/** Expect the highlights to cover exactly `text` (with outcome 1's number). */
async function expectHighlighted(page: Page, text: string) {
  await expect
    .poll(async () => covers((await highlights(page)).boxes, await textBoxes(page, text)), {
      message: `the highlight covers "${text}"`,
    })
    .toBe(true);
  expect((await highlights(page)).numbers).toEqual(['1']);
}

test('a quote is highlighted where it was taken, again after a reload (under a strict CSP)', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await quote(reading, 'a partner state', 'The State as a partner.');
  await expectHighlighted(reading.page, 'a partner state');
  await expect(
    overlay.getByRole('button', { name: /^Show the quote of the reflection of .* in the page$/ }),
  ).toBeVisible();

  // Reloaded under the strictest policy a page can set: the highlights do not depend on it.
  await serve(context, READING_SITE, ARTICLE, {
    'content-security-policy': "default-src 'none'; frame-src 'none'",
  });
  await reading.page.reload();
  await reading.overlay();
  const seen = await looked(context, reading.page);
  expect(seen.missing).toEqual([]);
  expect(seen.found).toHaveLength(1);
  await expectHighlighted(reading.page, 'a partner state');
});

test('found after the page inserts paragraphs before it; the overlay scrolls the page to it', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await quote(reading, SENTENCE, 'Partner, not replacement.');
  await serveArticle(context, (html) => insertBefore(html, 40));
  await reading.page.reload();
  const overlay = await reading.overlay();
  expect((await looked(context, reading.page)).missing).toEqual([]);
  await expectHighlighted(reading.page, SENTENCE);
  // Far below the fold now; "Show in the page" brings it into view.
  const [before] = await textBoxes(reading.page, SENTENCE);
  expect(before!.y).toBeGreaterThan(reading.page.viewportSize()!.height);
  await overlay
    .getByRole('button', { name: /^Show the quote of the reflection of .* in the page$/ })
    .click();
  await expect
    .poll(async () => (await textBoxes(reading.page, SENTENCE))[0]!.y)
    .toBeLessThan(reading.page.viewportSize()!.height);
  await expectHighlighted(reading.page, SENTENCE);
});

test('found after a small edit inside the quoted sentence (approximate match)', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await quote(reading, SENTENCE, 'Enables, not replaces.');
  await serveArticle(context, (html) =>
    insertBefore(html).replace('that\n          enables civil', 'that\n          empowers civil'),
  );
  await reading.page.reload();
  await reading.overlay();
  expect((await looked(context, reading.page)).missing).toEqual([]);
  await expectHighlighted(reading.page, EDITED);
});

test('a quote the page no longer has is listed as not found, with its text', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await quote(reading, SENTENCE, 'Gone soon.');
  await serveArticle(context, (html) =>
    html.replace(/a partner state that\s+enables civil society rather than replacing it\./, ''),
  );
  await reading.page.reload();
  const overlay = await reading.overlay();
  const seen = await looked(context, reading.page);
  expect(seen.found).toEqual([]);
  expect(seen.missing).toHaveLength(1);
  expect((await highlights(reading.page)).boxes).toEqual([]);
  const missing = overlay.getByRole('list', { name: '1 quote not found on this page' });
  await expect(missing.getByRole('listitem')).toHaveText([SENTENCE]);
  await expect(
    overlay.getByRole('heading', { name: '1 quote not found on this page' }),
  ).toBeVisible();
  await expect(overlay.reflections().first()).toContainText('Not found on this page');
  expect(await axeViolations(overlay.frame)).toEqual([]);
});

test('a page that renders its text late gets its highlights when the text arrives', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  await quote(reading, 'a partner state', 'Late page.');
  // The same article, but its text is put in by the page's script a moment after load.
  await serveArticle(context, (html) =>
    html
      .replace('</article>', '</article></template>')
      .replace('<article>', '<article id="late"></article><template id="text"><article>')
      .replace(
        '</body>',
        `<script>setTimeout(() => document.getElementById('late').replaceWith(document.getElementById('text').content.cloneNode(true)), 800);</script></body>`,
      ),
  );
  await reading.page.reload();
  await reading.overlay();
  await expectHighlighted(reading.page, 'a partner state');
  expect((await looked(context, reading.page)).missing).toEqual([]);
});

test('"Show my quotes" hides the highlights, by keyboard, and stays off after a reload', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await quote(reading, 'a partner state', 'Toggle me.');
  await expectHighlighted(reading.page, 'a partner state');
  const toggle = overlay.getByRole('checkbox', { name: 'Show my quotes in the page' });
  await expect(toggle).toBeChecked();
  await toggle.focus();
  await reading.page.keyboard.press('Space');
  await expect(toggle).not.toBeChecked();
  await expect.poll(async () => (await highlights(reading.page)).boxes.length).toBe(0);
  await reading.page.reload();
  const again = await reading.overlay();
  await looked(context, reading.page);
  expect((await highlights(reading.page)).boxes).toEqual([]);
  await expect(
    again.getByRole('checkbox', { name: 'Show my quotes in the page' }),
  ).not.toBeChecked();
});

test('a hostile page sees no highlight, cannot find the quote, and cannot click it', async ({
  context,
}) => {
  await serveArticle(context);
  const reading = await ReadingPage.open(context, READING);
  const overlay = await quote(reading, 'a partner state', 'What the page must not learn.');
  await overlay.getByRole('button', { name: 'Collapse' }).click();
  await reported(context, READING);

  // The page watches everything from its load on: every mutation, its highlight registry.
  await reading.page.addInitScript(() => {
    const w = window as unknown as { __records: string[] };
    w.__records = [];
    addEventListener('load', () =>
      new MutationObserver((records) => {
        for (const r of records) {
          const added = [...r.addedNodes].map((n) => n.nodeName).join(',');
          w.__records.push(`${r.type}:${r.target.nodeName}:${added}`);
        }
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      }),
    );
  });
  await reading.page.reload();
  const collapsed = await reading.overlay();
  await expectHighlighted(reading.page, 'a partner state');
  const [box] = await textBoxes(reading.page, 'a partner state');
  const centre = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };

  const seen = await reading.page.evaluate(({ x, y }) => {
    const hit = document.elementFromPoint(x, y);
    // A forged click on the highlighted text.
    hit?.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));
    return {
      records: (window as unknown as { __records: string[] }).__records,
      highlights: CSS.highlights.size,
      hit: hit?.nodeName,
      shadowRoots: [...document.querySelectorAll('*')].filter((e) => e.shadowRoot).length,
      text: document.documentElement.innerText.includes('What the page must not learn'),
    };
  }, centre);
  // The one change the page saw is the companion's host (a plain div) being added; the
  // highlights, drawn inside it, changed nothing it can observe.
  expect(seen.records).toEqual(['childList:HTML:DIV']);
  expect(seen.highlights).toBe(0);
  expect(seen.hit).toBe('P');
  expect(seen.shadowRoots).toBe(0);
  expect(seen.text).toBe(false);
  // The forged click opened nothing (a click would, within moments: give it some).
  await reading.page.waitForTimeout(1000);
  await expect(collapsed.openButton()).toBeVisible();
  // The learner's own click on the highlight opens the overlay at its reflection.
  await reading.page.mouse.click(centre.x, centre.y);
  const opened = await reading.overlay();
  await expect(opened.panel()).toBeVisible();
  await expect(opened.reflections().first()).toBeFocused();
});
