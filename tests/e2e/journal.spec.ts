import { readFileSync } from 'node:fs';
import {
  expect,
  fixture,
  launchWithExtension,
  PopupPage,
  ReadingPage,
  serve,
  serviceWorker,
  test,
} from './fixtures';

const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';

test('export a journal and a backup, restore the backup in a fresh browser, twice', async ({
  context,
  extensionId,
}, testInfo) => {
  await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  const frame = await reading.expand();
  await frame.getByRole('checkbox', { name: /Outcome 2/ }).check();
  await reading.writeReflection('# Not a heading\n<script>alert(1)</script> and a partner state');

  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  await expect(page.getByTestId('last-export')).toHaveText('Not exported yet.');

  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export journal (Markdown)' }).click(),
  ]);
  expect(markdown.suggestedFilename()).toMatch(/^seize-fse_session-6_\d{4}-\d{2}-\d{2}\.md$/);
  const journal = readFileSync(await markdown.path(), 'utf8');
  expect(journal).toContain('Building Power for Solidarity');
  expect(journal).toContain('Civil Power & Partner State');
  expect(journal).toContain('\\# Not a heading'); // the learner's '#' is not a heading
  expect(journal).toContain('\\<script>alert(1)\\</script>'); // shown as text, never run

  await page.getByRole('radio', { name: 'The whole course' }).check();
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export backup (JSON)' }).click(),
  ]);
  expect(json.suggestedFilename()).toMatch(/^seize-fse_all-sessions_\d{4}-\d{2}-\d{2}\.json$/);
  const backupPath = testInfo.outputPath('backup.json');
  await json.saveAs(backupPath);
  await expect(page.getByTestId('journal-status')).toContainText('Saved');
  await expect(page.getByTestId('last-export')).toContainText('Last exported');

  // A fresh profile: nothing there until the backup is restored.
  const fresh = await launchWithExtension(testInfo.outputPath('fresh-profile'));
  try {
    const freshId = new URL((await serviceWorker(fresh)).url()).host;
    const restored = await PopupPage.open(fresh, freshId);
    await expect(restored.page.getByText('You have not written any reflection')).toBeVisible();
    for (const round of [1, 2]) {
      await restored.page.getByLabel('Restore a backup (JSON file)').setInputFiles(backupPath);
      const preview = restored.page.getByTestId('import-preview');
      await expect(preview).toContainText(
        round === 1
          ? '1 new reflection, 0 updates, 0 conflicts'
          : 'Everything in this backup is already here',
      );
      await expect(
        restored.page.getByRole('button', { name: 'Import', exact: true }),
      ).toBeFocused();
      await restored.page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(restored.page.getByTestId('journal-status')).toContainText(
        round === 1 ? 'Backup imported: 1 new reflection' : 'Backup imported: 0 new reflections',
      );
    }
    const list = restored.page.getByTestId('popup-reflections');
    await expect(list.locator('li')).toHaveCount(1);
    await expect(list).toContainText('<script>alert(1)</script> and a partner state');
    await expect(list).toContainText('Speaks to: Outcome 2');
  } finally {
    await fresh.close();
  }
});

test('a bad backup file is refused with a clear error and changes nothing', async ({
  context,
  extensionId,
}, testInfo) => {
  const popup = await PopupPage.open(context, extensionId);
  const bad = testInfo.outputPath('bad.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bad, '{"format":1,"kind":"reading-companion-backup","exportedAt":');
  await popup.page.getByLabel('Restore a backup (JSON file)').setInputFiles(bad);
  await expect(popup.page.getByTestId('journal-error')).not.toBeEmpty();
  await expect(popup.page.getByTestId('import-preview')).toHaveCount(0);
  await expect(popup.page.getByText('You have not written any reflection')).toBeVisible();
});

test('a pack of another course asks first, and the reflections stay visible, exportable and movable', async ({
  context,
  extensionId,
}) => {
  await serve(context, /grocer\.coop/, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('Words from the first edition of the course');
  await reading.page.close();

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('heading', { level: 1 }).waitFor();
  const pack = JSON.parse(readFileSync('content/packs/seize.json', 'utf8')) as { id: string };
  await options.getByTestId('pack-file').setInputFiles({
    name: 'next-edition.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...pack, id: 'seize-fse-2027' })),
  });
  const question = options.getByTestId('pack-other-course');
  await expect(question).toContainText('“seize-fse-2027”');
  await expect(question).toContainText('1 reflection belongs to the current course.');
  const anyway = options.getByRole('button', { name: 'Import the pack anyway' });
  await expect(anyway).toBeFocused();
  await anyway.click();
  await expect(question).toHaveCount(0);
  await expect(options.getByTestId('facilitator-status')).toContainText('Course pack imported');

  const { page } = await PopupPage.open(context, extensionId);
  const others = page.getByTestId('other-courses');
  await expect(others).toContainText('1 reflection belongs to another course');
  const [backup] = await Promise.all([
    page.waitForEvent('download'),
    others.getByRole('button', { name: 'Export everything (JSON backup)' }).click(),
  ]);
  const saved = JSON.parse(readFileSync(await backup.path(), 'utf8')) as {
    reflections: { courseId: string; text: string }[];
  };
  expect(saved.reflections).toEqual([
    expect.objectContaining({
      courseId: 'seize-fse',
      text: 'Words from the first edition of the course',
    }),
  ]);

  await others.getByRole('button', { name: 'Move them to this course' }).click();
  await expect(page.getByTestId('journal-status')).toContainText(
    '1 reflection moved to this course',
  );
  await expect(others).toHaveCount(0);
  await expect(page.getByTestId('popup-reflections')).toContainText(
    'Words from the first edition of the course',
  );
});
