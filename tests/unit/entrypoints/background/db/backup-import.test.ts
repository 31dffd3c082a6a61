import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { BACKUP_LIMITS } from '../../../../../utils/journal/backup-format';
import { backupToJson } from '../../../../../utils/journal/backup-build';
import { parseBackup } from '../../../../../utils/journal/backup-parse';
import {
  emptyImportPlan,
  isEmptyPlan,
  planImport,
  type ImportPlan,
} from '../../../../../utils/journal/backup-merge';
import {
  importBackup,
  writeImportPlan,
} from '../../../../../entrypoints/background/db/backup-import';
import { DatabaseError } from '../../../../../entrypoints/background/db/database';
import type {
  Draft,
  LearnerLinkRecord,
  Progress,
  Reflection,
  Settings,
} from '../../../../../utils/protocol/records';
import { learnerLinkOf } from '../../../../../utils/protocol/schema-atoms';
import {
  COURSE,
  backupOf,
  draft,
  freshDb,
  importText,
  progress,
  reflection,
  sampleData,
  seededDb,
  snapshot,
} from '../../../utils/journal/backup-fixtures';

describe('writeImportPlan', () => {
  const plan = (over: Partial<ImportPlan>): ImportPlan => ({ ...emptyImportPlan(), ...over });

  it('writes every part of a plan', async () => {
    const db = await freshDb();
    await writeImportPlan(
      db,
      plan({
        add: [reflection({ id: 'a' })],
        conflicts: [reflection({ id: 'a--conflict-20261120100000000' })],
        progress: [progress('x')],
        drafts: [draft('y')],
        settings: { lastExportAt: null },
      }),
    );
    const after = await snapshot(db);
    expect(after.reflections.map((r) => r.id)).toEqual(['a', 'a--conflict-20261120100000000']);
    expect(after.progress).toEqual([progress('x')]);
    expect(after.drafts).toEqual([draft('y')]);
    expect(after.settings).toEqual({ lastExportAt: null });
    db.close();
  });

  it('writes nothing, and opens no transaction, for an empty plan', async () => {
    const db = await freshDb();
    const transaction = vi.spyOn(db, 'transaction');
    await writeImportPlan(db, plan({}));
    expect(transaction).not.toHaveBeenCalled();
    db.close();
  });

  // A record IndexedDB refuses, placed after valid writes to several stores: the earlier
  // writes must be rolled back with it.
  it.each<[string, Partial<ImportPlan>]>([
    [
      'a reflection without an id, among valid ones',
      {
        add: [
          reflection({ id: 'ok-1' }),
          { ...reflection(), id: undefined as unknown as string },
          reflection({ id: 'ok-2' }),
        ],
      },
    ],
    [
      'a progress record whose key is not a valid key, after reflections and before drafts',
      {
        add: [reflection({ id: 'ok-1' })],
        progress: [progress('p1'), { ...progress('p2'), key: {} as unknown as string }],
        drafts: [draft('d1')],
      },
    ],
    [
      'a draft that cannot be cloned, last of all',
      {
        add: [reflection({ id: 'ok-1' })],
        progress: [progress('p1')],
        drafts: [{ ...draft('d1'), owner: (() => 'x') as unknown as string }],
      },
    ],
  ])('writes nothing when one write fails: %s', async (_name, over) => {
    const db = await seededDb();
    const before = await snapshot(db);
    await expect(
      writeImportPlan(db, plan({ ...over, settings: { lastExportAt: null } })),
    ).rejects.toBeInstanceOf(DatabaseError);
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('writes nothing when the transaction is aborted after some writes succeeded', async () => {
    const db = await seededDb();
    const before = await snapshot(db);

    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    // The second write succeeds, then the transaction is aborted from outside (as a browser
    // does when it runs out of quota or the database is closed).
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = put.apply(this, args);
      if (++calls === 2)
        request.addEventListener('success', () => {
          this.transaction.abort();
        });
      return request;
    });
    await expect(
      writeImportPlan(
        db,
        plan({
          add: [reflection({ id: 'a' }), reflection({ id: 'b' }), reflection({ id: 'c' })],
          progress: [progress('p1')],
        }),
      ),
    ).rejects.toBeInstanceOf(DatabaseError);
    expect(calls).toBe(4);
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });
});

describe('import round trip', () => {
  const iso = fc
    .date({
      min: new Date('2020-01-01T00:00:00.000Z'),
      max: new Date('2035-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
  const words = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '<script>alert(1)</script>',
      '# not a heading\n> not a quote',
      '',
      'é\u0000\r\n',
    ),
  );
  const quote = fc.option(
    fc.record({
      // A quote is never empty: the request schema refuses one (utils/protocol/schema-atoms.ts).
      exact: words.filter((w) => w.length > 0),
      prefix: fc.string({ maxLength: 32 }),
      suffix: fc.string({ maxLength: 32 }),
      position: fc.constant(null),
      source: fc.constant(''),
    }),
    { nil: null },
  );
  const mediaTime = fc.option(fc.double({ min: 0, max: BACKUP_LIMITS.mediaTime, noNaN: true }), {
    nil: null,
  });
  const place = { courseId: fc.constant(COURSE), sessionId: id, resourceId: id };
  const reflectionArb: fc.Arbitrary<Reflection> = fc.record({
    id: fc.uuid(),
    ...place,
    text: words,
    quote,
    mediaTime,
    outcomeIds: fc.array(id, { maxLength: 3 }),
    pageUrl: fc.oneof(fc.constant(''), fc.webUrl({ validSchemes: ['http', 'https'] })),
    pageTitle: fc.string({ maxLength: 80 }),
    createdAt: iso,
    updatedAt: iso,
    deletedAt: fc.option(iso, { nil: null }),
  });
  const draftArb: fc.Arbitrary<Draft> = fc
    .record({
      ...place,
      text: words,
      quote,
      mediaTime,
      outcomeIds: fc.array(id, { maxLength: 3 }),
      editingId: fc.option(fc.uuid(), { nil: null }),
      baseUpdatedAt: fc.option(iso, { nil: null }),
      owner: fc.uuid(),
      updatedAt: iso,
    })
    .map((d) => ({ key: `${d.courseId}/${d.resourceId}`, ...d }));
  const progressArb: fc.Arbitrary<Progress> = fc
    .record({
      ...place,
      firstOpenedAt: fc.option(iso, { nil: null }),
      lastOpenedAt: fc.option(iso, { nil: null }),
      doneAt: fc.option(iso, { nil: null }),
    })
    .map((p) => ({ key: `${p.courseId}/${p.resourceId}`, ...p }));
  const settingsArb: fc.Arbitrary<Partial<Settings>> = fc.record(
    {
      overlay: fc.record({ side: fc.constantFrom('left', 'right'), expanded: fc.boolean() }),
      lastExportAt: fc.option(iso, { nil: null }),
    },
    { requiredKeys: [] },
  );
  const learnerLinkArb: fc.Arbitrary<LearnerLinkRecord> = fc.record({
    ...place,
    link: fc
      .webUrl({ validSchemes: ['https'], withQueryParameters: true })
      .filter((u) => learnerLinkOf(u) === u),
    linkedAt: iso,
  });
  const dataArb = fc.record({
    reflections: fc.uniqueArray(reflectionArb, { selector: (r) => r.id, maxLength: 8 }),
    drafts: fc.uniqueArray(draftArb, { selector: (d) => d.key, maxLength: 4 }),
    progress: fc.uniqueArray(progressArb, { selector: (p) => p.key, maxLength: 4 }),
    settings: settingsArb,
    learnerLinks: fc.uniqueArray(learnerLinkArb, { selector: (l) => l.resourceId, maxLength: 4 }),
  });
  const byKey = <T>(list: T[], key: (x: T) => string) =>
    [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  it('restores every field of every record into an empty database', async () => {
    await fc.assert(
      fc.asyncProperty(dataArb, async (data) => {
        const text = backupToJson(backupOf(data));
        const parsed = parseBackup(text, { courseId: COURSE });
        if (!parsed.ok) throw new Error(`${parsed.error.path}: ${parsed.error.detail}`);
        const db = await freshDb();
        await writeImportPlan(
          db,
          planImport({ reflections: [], drafts: [], progress: [] }, parsed.backup),
        );
        const after = await snapshot(db);
        db.close();
        // Deleted reflections stay out of backups (issue 11, finding 11).
        expect(after.reflections).toEqual(
          byKey(
            data.reflections.filter((r) => r.deletedAt === null),
            (r) => r.id,
          ),
        );
        expect(after.drafts).toEqual(byKey(data.drafts, (d) => d.key));
        expect(after.progress).toEqual(byKey(data.progress, (p) => p.key));
        expect(after.settings).toEqual(data.settings);
        expect(after.learnerLinks).toEqual(byKey(data.learnerLinks, (l) => l.resourceId));
      }),
      { numRuns: 60 },
    );
  });

  it('changes nothing when the same backup is imported twice', async () => {
    await fc.assert(
      fc.asyncProperty(dataArb, dataArb, async (local, incoming) => {
        const db = await freshDb();
        const seed = planImport({ reflections: [], drafts: [], progress: [] }, backupOf(local));
        await writeImportPlan(db, seed);
        const text = backupToJson(backupOf(incoming));
        expect((await importText(db, text)).ok).toBe(true);
        const once = await snapshot(db);
        const parsed = parseBackup(text, { courseId: COURSE });
        if (!parsed.ok) throw new Error(parsed.error.detail);
        const again = await importBackup(db, parsed.backup);
        expect(isEmptyPlan(again)).toBe(true);
        expect(await snapshot(db)).toEqual(once);
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('keeps both versions of a reflection edited on two computers, once', async () => {
    const db = await freshDb();
    const original = reflection({ id: 'r-1' });
    const laptop = {
      ...original,
      text: 'edited on the laptop',
      updatedAt: '2026-11-22T10:00:00.000Z',
    };
    const lab = { ...original, text: 'edited in the lab', updatedAt: '2026-11-23T10:00:00.000Z' };
    await db.put('reflections', lab);
    const text = backupToJson(backupOf({ ...sampleData(), reflections: [laptop] }));
    await importText(db, text);
    await importText(db, text);
    const texts = (await db.getAll('reflections')).map((r) => [r.id, r.text]);
    expect(texts).toEqual([
      ['r-1', 'edited in the lab'],
      ['r-1--conflict-20261122100000000', 'edited on the laptop'],
    ]);
    db.close();
  });

  it('reports counts the UI can show', async () => {
    const db = await seededDb();
    const plan = await importBackup(db, backupOf());
    expect({
      add: plan.add.length,
      update: plan.update.length,
      conflicts: plan.conflicts.length,
      unchanged: plan.unchanged,
    }).toEqual({ add: 3, update: 0, conflicts: 0, unchanged: 0 });
    db.close();
  });
});
