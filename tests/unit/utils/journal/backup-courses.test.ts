import { describe, expect, it } from 'vitest';
import { BACKUP_LIMITS } from '../../../../utils/journal/backup-format';
import { backupToJson, buildBackup } from '../../../../utils/journal/backup-build';
import { parseBackup } from '../../../../utils/journal/backup-parse';
import type { Reflection } from '../../../../utils/protocol/records';
import type { Reply } from '../../../../utils/protocol/messages';
import { purgeOnStart } from '../../../../entrypoints/background/db/store';
import { UNDO_GRACE_MS } from '../../../../entrypoints/background/db/reflection-store';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
  READING,
  TOKEN,
} from '../../helpers';
import raw from '../../../fixtures/packs/seize-session-6.json';

const seen = { type: 'page:seen', url: READING, title: 'Civil Power', token: TOKEN };
const writing = { quote: null, mediaTime: null, outcomeIds: ['o1'] };
const nextEdition = { ...raw, id: 'seize-fse-2027', version: '2027.1' };

async function withReflections(...texts: string[]) {
  const bg = await backgroundForTest();
  await bg.handle(seen, contentScript(4));
  for (const text of texts)
    await bg.handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, text },
      overlayFrame(4),
    );
  return bg;
}

const exportJson = async (handle: Awaited<ReturnType<typeof backgroundForTest>>['handle']) => {
  const reply = (await handle(
    { type: 'export:prepare', sessionId: null, format: 'json' },
    popup,
  )) as Reply<'export:prepare'>;
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.json;
};

describe('a pack of another course (issue 11, finding 5)', () => {
  it('asks first when the current course has reflections, saying how many', async () => {
    const { handle, course } = await withReflections('one', 'two');
    const asked = await handle({ type: 'pack:import', pack: nextEdition }, facilitatorPage);
    expect(asked).toMatchObject({
      ok: true,
      confirm: { fromCourse: 'seize-fse', toCourse: 'seize-fse-2027', reflections: 2 },
    });
    expect(course.pack().id).toBe('seize-fse'); // nothing changed yet
    const done = await handle(
      { type: 'pack:import', pack: nextEdition, confirmOtherCourse: true },
      facilitatorPage,
    );
    expect(done).toMatchObject({ ok: true, pack: { id: 'seize-fse-2027' } });
  });

  it('does not ask for a new version of the same course, or with no reflections', async () => {
    const same = await withReflections('one');
    expect(
      await same.handle({ type: 'pack:import', pack: { ...raw, version: 'x' } }, facilitatorPage),
    ).toMatchObject({ ok: true, pack: { id: 'seize-fse' } });
    const empty = await withReflections();
    expect(
      await empty.handle({ type: 'pack:import', pack: nextEdition }, facilitatorPage),
    ).toMatchObject({ ok: true, pack: { id: 'seize-fse-2027' } });
  });

  it('keeps the old course’s reflections visible, exportable, counted and movable', async () => {
    const { handle, store } = await withReflections('last year’s words');
    await handle(
      { type: 'pack:import', pack: nextEdition, confirmOtherCourse: true },
      facilitatorPage,
    );
    const state = await handle({ type: 'journal:status', courseId: 'seize-fse-2027' }, popup);
    expect(state).toMatchObject({
      ok: true,
      otherCourses: 1,
      backup: { changedSinceExport: 1 }, // the reminder counts every course
    });
    // The whole backup carries every course in the database.
    const backup = JSON.parse(await exportJson(handle)) as { reflections: Reflection[] };
    expect(backup.reflections.map((r) => [r.courseId, r.text])).toEqual([
      ['seize-fse', 'last year’s words'],
    ]);
    // Moving them keeps every word.
    const moved = await handle({ type: 'reflections:adopt' }, popup);
    expect(moved).toMatchObject({ ok: true, moved: 1 });
    const now = await store.listByCourse('seize-fse-2027');
    expect(now.map((r) => r.text)).toEqual(['last year’s words']);
    expect(
      await handle({ type: 'journal:status', courseId: 'seize-fse-2027' }, popup),
    ).toMatchObject({ ok: true, otherCourses: 0 });
    // Only extension pages may move them.
    expect(await handle({ type: 'reflections:adopt' }, overlayFrame(4))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('restores a whole backup of every course into a fresh browser on another course', async () => {
    const source = await withReflections('old words');
    await source.handle(
      { type: 'pack:import', pack: nextEdition, confirmOtherCourse: true },
      facilitatorPage,
    );
    const json = await exportJson(source.handle);
    const target = await backgroundForTest();
    await target.handle(
      { type: 'pack:import', pack: nextEdition, confirmOtherCourse: true },
      facilitatorPage,
    );
    expect(await target.handle({ type: 'import:apply', text: json }, popup)).toMatchObject({
      ok: true,
      counts: { added: 1 },
    });
    expect((await target.store.listByCourse('seize-fse')).map((r) => r.text)).toEqual([
      'old words',
    ]);
  });
});

describe('import preview and apply count the same (issue 11, finding 20)', () => {
  it('a backup reflection whose id another course already holds', async () => {
    const { handle, store } = await withReflections('mine');
    const [mine] = await store.listByCourse('seize-fse');
    const clash: Reflection = { ...mine!, courseId: 'seize-fse-2027', text: 'theirs' };
    const text = backupToJson(
      buildBackup(
        { reflections: [clash], drafts: [], progress: [], settings: {} },
        {
          courseId: 'seize-fse-2027',
          packVersion: '1',
          sessionId: null,
          now: new Date('2026-11-28T12:00:00Z'),
        },
      ),
    );
    const preview = await handle({ type: 'import:preview', text }, popup);
    const applied = await handle({ type: 'import:apply', text }, popup);
    expect(preview).toMatchObject({ ok: true });
    expect(applied).toEqual(preview);
    expect(applied).toMatchObject({ counts: { added: 0, conflicts: 1 } });
  });
});

describe('backup size (issue 11, finding 10)', () => {
  it('is written as compact JSON', async () => {
    const { handle } = await withReflections('one');
    const json = await exportJson(handle);
    expect(json).toBe(`${JSON.stringify(JSON.parse(json))}\n`);
  });

  it('accepts a file exactly at the limit and refuses one byte more', () => {
    const json = backupToJson(
      buildBackup(
        { reflections: [], drafts: [], progress: [], settings: {} },
        { courseId: 'seize-fse', packVersion: '1', sessionId: null, now: new Date() },
      ),
    );
    const atLimit = json + ' '.repeat(BACKUP_LIMITS.maxBytes - json.length);
    expect(parseBackup(atLimit, { courseId: 'seize-fse' })).toMatchObject({ ok: true });
    expect(parseBackup(`${atLimit} `, { courseId: 'seize-fse' })).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
  });

  it('re-imports an exported journal larger than 20 MiB', async () => {
    const words = 'x'.repeat(49_990);
    const source = await backgroundForTest();
    const store = source.store;
    for (let i = 0; i < 440; i++)
      await store.saveReflection({
        courseId: 'seize-fse',
        sessionId: 'session-6',
        resourceId: 'civil-power-partner-state',
        text: `${i} ${words}`,
        ...writing,
        pageUrl: READING,
        pageTitle: 'Civil Power',
      });
    const json = await exportJson(source.handle);
    expect(json.length).toBeGreaterThan(20 * 1024 * 1024);
    const target = await backgroundForTest();
    const reply = await target.handle({ type: 'import:apply', text: json }, popup);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    expect(reply).toMatchObject({
      ok: true,
      counts: { added: 440 },
    });
  }, 120_000);
});

describe('deleted reflections (issue 11, finding 11)', () => {
  it('are not in a backup, text or otherwise', async () => {
    const { handle, store } = await withReflections('kept', 'SECRET deleted words');
    const doomed = (await store.listByCourse('seize-fse')).find((r) => r.text.startsWith('SECRET'));
    await store.deleteReflection(doomed!.id);
    for (const sessionId of [null, 'session-6']) {
      const reply = (await handle(
        { type: 'export:prepare', sessionId, format: 'json' },
        popup,
      )) as Reply<'export:prepare'>;
      if (!reply.ok) throw new Error('export failed');
      expect(reply.json).not.toContain('SECRET');
      expect(reply.json).not.toContain(doomed!.id);
      expect(reply.json).toContain('kept');
    }
  });

  it('are purged after the grace period, when the background starts', async () => {
    const { store } = await withReflections('old', 'live');
    const old = (await store.listByCourse('seize-fse')).find((r) => r.text === 'old')!;
    const deleted = await store.deleteReflection(old.id);
    const deletedAt = Date.parse(deleted!.deletedAt!);
    const at = (ms: number) => () => new Date(deletedAt + ms);
    // Within the grace period the learner can still undo: nothing goes.
    expect(await purgeOnStart(async () => store, at(UNDO_GRACE_MS - 1000))).toBe(0);
    expect(await store.getReflection(old.id)).toMatchObject({ text: 'old' });
    expect(await purgeOnStart(async () => store, at(UNDO_GRACE_MS + 1000))).toBe(1);
    expect(await store.getReflection(old.id)).toBeNull();
    expect((await store.listByCourse('seize-fse')).map((r) => r.text)).toEqual(['live']);
  });

  it('a purge that cannot open the database reports nothing and does not throw', async () => {
    expect(
      await purgeOnStart(
        () => Promise.reject(new Error('blocked')),
        () => new Date(),
      ),
    ).toBe(0);
  });
});
