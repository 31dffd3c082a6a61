import {
  badges,
  expect,
  expectBadge,
  fixture,
  PopupPage,
  ReadingPage,
  serve,
  test,
} from './fixtures';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const GROCER = /^https?:\/\/(www\.)?grocer\.coop\//;

test.describe('the overlay on a reading', () => {
  test.beforeEach(async ({ context }) => {
    await serve(
      context,
      GROCER,
      fixture('article.html', { TITLE: 'Civil Power and Partner State' }),
    );
  });

  for (const url of [
    READING,
    'https://grocer.coop/articles/civil-power-and-partner-state/',
    `${READING}?utm_campaign=s6#part-2`,
  ]) {
    test(`appears at ${url}, names the session and its outcomes`, async ({ context }) => {
      const reading = await ReadingPage.open(context, url);
      const frame = await reading.expand();
      await expect(frame.getByRole('heading', { level: 1 })).toHaveText(
        'Civil Power & Partner State',
      );
      await expect(frame.getByText('Session 6 · Read')).toBeVisible();
      await expect(frame.locator('.outcomes li')).toHaveText([
        'A roadmap for how to build power for the social solidarity economy from within existing political structures (i.e., the State)',
        'Keys for successful movement building, through political campaigning and/or collective action',
      ]);
      await expect(frame.getByTestId('reading-status')).toHaveText('In progress');
      // Previous and next resources of the session; neither link is known.
      await expect(frame.getByRole('navigation')).toContainText(
        'Previous: Canada’s Irreconcileables (link not known yet)',
      );
      await expect(frame.getByRole('navigation')).toContainText(
        'Next: Levels of Government (link not known yet)',
      );
    });
  }

  test('does not appear on another page of the same site, and follows in-page navigation', async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto('https://www.grocer.coop/articles/another-article');
    // The content script runs here (it must, to notice navigation) but mounts nothing.
    await expect.poll(async () => (await badges(context)).length).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    const reading = new ReadingPage(page);
    expect(reading.hasOverlay()).toBe(false);
    await page.evaluate(() => {
      history.pushState({}, '', '/articles/civil-power-and-partner-state');
    });
    await reading.overlay();
    await page.evaluate(() => {
      history.pushState({}, '', '/about');
    });
    await expect.poll(() => reading.hasOverlay()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.children.length)).toBe(2);
  });

  test('does not appear on a site that has no reading', async ({ context }) => {
    await serve(context, 'https://example.org/**', fixture('article.html', { TITLE: 'Elsewhere' }));
    const page = await context.newPage();
    await page.goto('https://example.org/articles/civil-power-and-partner-state');
    await page.waitForTimeout(800);
    expect(new ReadingPage(page).hasOverlay()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.children.length)).toBe(2);
    expect((await badges(context)).every((b) => b.text === '')).toBe(true);
  });

  test('collapse, side and done survive a reload, and the popup shows the progress', async ({
    context,
    extensionId,
  }) => {
    const reading = await ReadingPage.open(context, READING);
    let frame = await reading.expand();
    await frame.getByRole('button', { name: 'Move to the left' }).click();
    await frame.getByRole('button', { name: 'Mark as done' }).click();
    await expect(frame.getByTestId('reading-status')).toHaveText('Done');
    await expect(frame.getByRole('button', { name: 'Mark as not done' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await reading.page.reload();
    frame = await reading.overlay();
    await expect(frame.getByRole('button', { name: 'Move to the right' })).toBeVisible();
    await expect(frame.getByTestId('reading-status')).toHaveText('Done');
    const box = await reading.page.evaluate(() =>
      document.documentElement.style.getPropertyValue('margin-left'),
    );
    expect(box).toBe('380px'); // the page moved aside: the panel covers no text

    await frame.getByRole('button', { name: 'Collapse' }).click();
    await reading.page.reload();
    frame = await reading.overlay();
    await expect(frame.getByRole('button', { name: 'Open the reading companion' })).toBeVisible();

    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.page.getByTestId('progress-summary')).toHaveText('1 of 8 done');
    await expect(
      popup.page.locator('[data-resource-id="civil-power-partner-state"] .resource-status'),
    ).toHaveText('Done');
  });

  test('works with the keyboard alone: shortcut opens, Tab reaches every control, Escape collapses', async ({
    context,
  }) => {
    const reading = await ReadingPage.open(context, READING);
    const { page } = reading;
    await page.locator('#first').click(); // the learner is reading
    await page.keyboard.press('Control+Shift+Y');
    const frame = await reading.overlay();
    await expect(frame.getByRole('button', { name: 'Collapse' })).toBeVisible();
    await expect(frame.locator('h1')).toBeFocused();

    const reached = new Set<string>();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const name = await frame.evaluate(() => {
        const el = document.activeElement;
        return el && el !== document.body
          ? (el.getAttribute('aria-label') ?? el.textContent).trim()
          : '';
      });
      if (name) reached.add(name);
    }
    for (const control of [
      'Collapse',
      'Move to the left',
      'Mark as done',
      'Quote the selected text',
      'Save reflection',
    ]) {
      expect([...reached]).toContain(control);
    }

    await page.keyboard.press('Escape');
    await expect(frame.getByRole('button', { name: 'Open the reading companion' })).toBeVisible();
    // Focus is back in the page, where the learner was (not on the overlay's host).
    expect(await page.evaluate(() => document.body.contains(document.activeElement))).toBe(true);
  });
});

test('a page with a strict Content-Security-Policy still gets the overlay', async ({ context }) => {
  await serve(context, GROCER, fixture('article.html', { TITLE: 'Strict' }), {
    'Content-Security-Policy': "default-src 'none'; frame-src 'none'",
  });
  const reading = await ReadingPage.open(context, READING);
  const frame = await reading.expand();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Civil Power & Partner State');
  await expectBadge(context, 'S6');
});

test('a hostile page captures nothing the learner types', async ({ context }) => {
  await serve(context, GROCER, fixture('hostile.html'));
  const reading = await ReadingPage.open(context, READING);
  const frame = await reading.expand();
  const secret = 'Ma réflexion secrète sur l’État partenaire 4217';
  await frame.getByLabel('Your reflection').click();
  await reading.page.keyboard.type(secret, { delay: 5 });
  await frame.getByRole('button', { name: 'Save reflection' }).click();
  await expect(frame.getByTestId('overlay-status')).toHaveText('Reflection saved.');
  await reading.page.waitForTimeout(300); // let the page's polling run over the saved state
  const captured = await reading.page.evaluate(() =>
    (window as unknown as { __captured: string[] }).__captured.join('\n'),
  );
  expect(captured.length).toBeGreaterThan(0); // the spy ran
  for (const piece of ['secrète', '4217', 'partenaire', 'Ma r'])
    expect(captured).not.toContain(piece);
  expect(captured).not.toMatch(/keydown:[A-Za-z]/);
  expect(captured).toContain('host-shadow:null'); // closed shadow root, not forced open
  const token = new URL(frame.url()).hash.slice(1);
  expect(token.length).toBeGreaterThan(16);
  expect(captured).not.toContain(token); // the overlay's secret never reached the page
});
