import { readFileSync, writeFileSync } from 'node:fs';
import { testPack, testResource, testSession } from '../fixtures/test-pack';
import {
  expect,
  FacilitatorPage,
  fixture,
  launchWithExtension,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  serviceWorker,
  test,
} from './fixtures';

test('export a journal and a backup, restore the backup in a fresh browser, twice', async ({
  context,
  extensionId,
}, testInfo) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  const overlay = await reading.expand();
  await overlay.getByRole('checkbox', { name: /Outcome 2/ }).check();
  await reading.writeReflection('# Not a heading\n<script>alert(1)</script> and a partner state');

  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  await expect(popup.lastExport()).toHaveText('Not exported yet.');

  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    popup.button('exportMarkdown').click(),
  ]);
  expect(markdown.suggestedFilename()).toMatch(
    new RegExp(`^${testPack.id}_${testSession.id}_\\d{4}-\\d{2}-\\d{2}\\.md$`),
  );
  const journal = readFileSync(await markdown.path(), 'utf8');
  expect(journal).toContain(testSession.title);
  expect(journal).toContain(testResource('civil-power-partner-state').title);
  expect(journal).toContain('\\# Not a heading'); // the learner's '#' is not a heading
  expect(journal).toContain('\\<script>alert(1)\\</script>'); // shown as text, never run

  await page.getByRole('radio', { name: 'The whole course' }).check();
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    popup.button('exportJson').click(),
  ]);
  expect(json.suggestedFilename()).toMatch(
    new RegExp(`^${testPack.id}_all-sessions_\\d{4}-\\d{2}-\\d{2}\\.json$`),
  );
  const backupPath = testInfo.outputPath('backup.json');
  await json.saveAs(backupPath);
  await expect(popup.journalStatus()).toContainText('Saved');
  await expect(popup.lastExport()).toContainText('Last exported');

  // The same reflections as W3C Web Annotations (JSON-LD), built by the background.
  const [annotations] = await Promise.all([
    page.waitForEvent('download'),
    popup.button('exportAnnotations').click(),
  ]);
  expect(annotations.suggestedFilename()).toMatch(
    new RegExp(`^${testPack.id}_all-sessions_\\d{4}-\\d{2}-\\d{2}_annotations\\.jsonld$`),
  );
  const collection = JSON.parse(readFileSync(await annotations.path(), 'utf8'));
  expect(collection).toMatchObject({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    total: 1,
    first: {
      type: 'AnnotationPage',
      items: [
        {
          type: 'Annotation',
          id: expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}$/),
          body: [
            {
              type: 'TextualBody',
              purpose: 'commenting',
              value: '# Not a heading\n<script>alert(1)</script> and a partner state',
            },
            { type: 'TextualBody', purpose: 'tagging' },
          ],
          target: expect.stringMatching(READING_SITE),
        },
      ],
    },
  });

  // A fresh profile: nothing there until the backup is restored.
  const fresh = await launchWithExtension(testInfo.outputPath('fresh-profile'));
  try {
    const freshId = new URL((await serviceWorker(fresh)).url()).host;
    const restored = await PopupPage.open(fresh, freshId);
    await expect(restored.page.getByText('You have not written any reflection')).toBeVisible();
    for (const round of [1, 2]) {
      await restored.restore(backupPath);
      const preview = restored.importPreview();
      await expect(preview).toContainText(
        round === 1
          ? '1 new reflection, 0 updates, 0 conflicts'
          : 'Everything in this backup is already here',
      );
      await expect(restored.button('importConfirm', true)).toBeFocused();
      await restored.button('importConfirm', true).click();
      await expect(restored.journalStatus()).toContainText(
        round === 1 ? 'Backup imported: 1 new reflection' : 'Backup imported: 0 new reflections',
      );
    }
    const list = restored.reflections();
    await expect(list).toHaveCount(1);
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
  writeFileSync(bad, '{"format":1,"kind":"reading-companion-backup","exportedAt":');
  await popup.restore(bad);
  await expect(popup.journalError()).not.toBeEmpty();
  await expect(popup.importPreview()).toHaveCount(0);
  await expect(popup.page.getByText('You have not written any reflection')).toBeVisible();
});

test('a pack of another course asks first, and the reflections stay visible, exportable and movable', async ({
  context,
  extensionId,
}) => {
  await serve(context, READING_SITE, fixture('article.html', { TITLE: 'Civil' }));
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('Words from the first edition of the course');
  await reading.page.close();

  const facilitator = await FacilitatorPage.open(context, extensionId);
  await facilitator.importPack({ ...testPack, id: 'seize-fse-2027' }, 'next-edition.json');
  const question = facilitator.otherCourseQuestion();
  await expect(question).toContainText('“seize-fse-2027”');
  await expect(question).toContainText('1 reflection belongs to the current course.');
  const anyway = facilitator.button('packOtherCourseConfirm');
  await expect(anyway).toBeFocused();
  await anyway.click();
  await expect(question).toHaveCount(0);
  await expect(facilitator.status()).toContainText('Course pack imported');

  const popup = await PopupPage.open(context, extensionId);
  const { page } = popup;
  const others = popup.otherCourses();
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
      courseId: testPack.id,
      text: 'Words from the first edition of the course',
    }),
  ]);

  await others.getByRole('button', { name: 'Move them to this course' }).click();
  await expect(popup.journalStatus()).toContainText('1 reflection moved to this course');
  await expect(others).toHaveCount(0);
  await expect(popup.reflections()).toContainText('Words from the first edition of the course');
});
