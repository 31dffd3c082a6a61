/**
 * Where no overlay can be, the popup writes. A reading's PDF on a host the companion's script
 * does not cover opens in the browser's viewer with nothing of the companion in it; the popup
 * (which sees the tab's address with `activeTab`; here the test build is granted the host, as
 * `activeTab` would grant it) recognises it and offers the editor. What Chromium does on a host
 * the script does cover is recorded too: it runs the script in the PDF viewer's page, and the
 * overlay mounts over the PDF.
 */
import type { BrowserContext } from '@playwright/test';
import { testPack, testResource } from '../fixtures/test-pack';
import {
  axeViolations,
  expect,
  FacilitatorPage,
  fixture,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  servePdf,
  tabStates,
  test,
} from './fixtures';

const civilPower = testResource('civil-power-partner-state');
/** The same reading as a PDF on a host outside the content script's matches (an alternate). */
const PDF_ELSEWHERE = 'https://example.org/readings/civil-power.pdf';

/** The popup, opened as a tab, looking at `tab` (brought to the front, as when clicked). */
async function popupOn(
  context: BrowserContext,
  extensionId: string,
  tab: { bringToFront(): Promise<void> },
): Promise<PopupPage> {
  const popup = await PopupPage.open(context, extensionId);
  await tab.bringToFront();
  return popup;
}

/** The facilitator imports the test pack with the reading's PDF as an alternate address. */
async function importPdfAlternate(context: BrowserContext, extensionId: string): Promise<void> {
  const pack = structuredClone(testPack);
  const resource = pack.sessions[0]!.resources.find((r) => r.id === civilPower.id)!;
  resource.alternates = [PDF_ELSEWHERE];
  const facilitator = await FacilitatorPage.open(context, extensionId);
  await facilitator.importPack(pack);
  await expect(facilitator.status()).toContainText('Course pack imported');
  await facilitator.page.close();
}

test.describe('a PDF where the companion’s script does not run', () => {
  test.use({ grantedHosts: ['https://example.org/*'] });

  test('the popup recognises it, saves a reflection and keeps the draft; the overlay shows both later', async ({
    context,
    extensionId,
  }) => {
    await importPdfAlternate(context, extensionId);
    await servePdf(context, PDF_ELSEWHERE, 'Civil power');
    const pdf = await context.newPage();
    await pdf.goto(PDF_ELSEWHERE);
    let popup = await popupOn(context, extensionId, pdf);
    await expect(popup.writer()).toHaveAccessibleName(`This page is “${civilPower.title}”`);
    // The "current reading" notice knows the page by its address too.
    await expect(popup.currentReading()).toContainText(civilPower.title);
    // No content script reported the tab.
    expect((await tabStates(context)).map((s) => s.url)).not.toContain(PDF_ELSEWHERE);
    // The page cannot be read from the popup: no quote.
    await expect(
      popup.writer().getByRole('button', { name: 'Quote the selected text' }),
    ).toHaveCount(0);

    // Tag, type, Ctrl+Enter: saved, and listed under the editor.
    await popup
      .writer()
      .getByRole('checkbox', { name: /Outcome 1/ })
      .check();
    await popup.writerBox().fill('Civil power, read as a PDF.');
    await popup.writerBox().press('Control+Enter');
    await expect(popup.writerStatus()).toHaveText('Reflection saved.');
    await expect(popup.writerBox()).toHaveValue('');
    await expect(popup.writerReflections()).toHaveCount(1);
    await expect(popup.writerReflections()).toContainText('Civil power, read as a PDF.');
    await expect(popup.writerReflections()).toContainText('Speaks to: Outcome 1');
    // Focus stays in the text box for the next thought.
    await expect(popup.writerBox()).toBeFocused();
    for (const colorScheme of ['light', 'dark'] as const) {
      await popup.page.emulateMedia({ colorScheme });
      expect(await axeViolations(popup.page)).toEqual([]);
    }

    // The popup closes mid-sentence (the learner clicked elsewhere): the draft is kept.
    await popup.writerBox().fill('A second thought, half');
    await popup.page.close();
    popup = await popupOn(context, extensionId, pdf);
    await expect(popup.writerBox()).toHaveValue('A second thought, half');
    await popup.page.close();

    // The reading's web page, where the overlay is: the reflection is there, and the draft.
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power' }));
    const reading = await ReadingPage.open(context, READING);
    const overlay = await reading.expand();
    expect(await overlay.reflectionTexts()).toEqual(['Civil power, read as a PDF.']);
    await expect(overlay.reflectionBox()).toHaveValue('A second thought, half');
  });
});

test.describe('where the overlay is', () => {
  test.use({ grantedHosts: ['https://www.grocer.coop/*', 'https://grocer.coop/*'] });

  test('an HTML reading: the popup says it is the current reading and offers no writer', async ({
    context,
    extensionId,
  }) => {
    await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil Power' }));
    const reading = await ReadingPage.open(context, READING);
    const popup = await popupOn(context, extensionId, reading.page);
    await expect(popup.currentReading()).toContainText(civilPower.title);
    await expect(popup.currentResource()).toContainText(civilPower.title);
    await expect(popup.writer()).toHaveCount(0);
  });

  test('a PDF on a host the script covers: Chromium runs it in the viewer, the overlay mounts over the PDF, no writer', async ({
    context,
    extensionId,
  }) => {
    await servePdf(context, READING, 'Civil power');
    const pdf = await ReadingPage.open(context, READING);
    // The viewer's own page reported itself (a PDF has no title of its own).
    expect((await tabStates(context)).filter((s) => s.url === READING)).toMatchObject([
      { reading: { resourceId: civilPower.id } },
    ]);
    const overlay = await pdf.expand();
    await expect(overlay.heading()).toHaveText(civilPower.title);
    const popup = await popupOn(context, extensionId, pdf.page);
    await expect(popup.currentReading()).toContainText(civilPower.title);
    await expect(popup.writer()).toHaveCount(0);
  });
});
