import { describe, expect, it } from 'vitest';
import type { Backup } from '../../../../utils/journal/backup-format';
import {
  conflictOriginalId,
  isConflictCopy,
  planImport,
  type ExistingData,
  type ImportPlan,
} from '../../../../utils/journal/backup-merge';
import type {
  Draft,
  LearnerLinkRecord,
  Progress,
  Reflection,
  Settings,
} from '../../../../utils/protocol/records';
import { backupOf, draft, learnerLink, progress, reflection } from './backup-fixtures';

describe('planImport: reflections', () => {
  const ID = 'r-1';
  const base = reflection({ id: ID });
  const later = (over: Partial<Reflection>) =>
    reflection({ id: ID, updatedAt: '2026-11-25T10:00:00.000Z', ...over });
  const copyId = (updatedAt: string) => `${ID}--conflict-${updatedAt.replace(/\D/g, '')}`;
  type Expect = {
    add?: string[];
    update?: string[];
    conflicts?: string[];
    unchanged?: number;
    keptLocal?: number;
  };
  const backup = (r: Reflection) => ({ ...backupOf(), reflections: [r] });

  it.each<[string, Reflection[], Reflection, Expect]>([
    ['new → add', [], base, { add: [ID] }],
    ['identical → unchanged', [base], base, { unchanged: 1 }],
    [
      'backup newer, same words (an outcome added) → update, no copy',
      [base],
      later({ outcomeIds: ['o1', 'o2'] }),
      { update: [ID] },
    ],
    [
      'local newer, same words (deleted here since) → keep local, no copy',
      [later({ deletedAt: '2026-11-25T10:00:00.000Z' })],
      base,
      { keptLocal: 1 },
    ],
    [
      'backup newer, words differ → update, and the local words kept as a copy',
      [base],
      later({ text: 'rewritten elsewhere' }),
      { update: [ID], conflicts: [copyId(base.updatedAt)] },
    ],
    [
      'local newer, words differ → keep local, and the backup’s words kept as a copy',
      [later({ text: 'rewritten here' })],
      base,
      { keptLocal: 1, conflicts: [copyId(base.updatedAt)] },
    ],
    [
      'quote differs → a copy too',
      [base],
      later({
        quote: { exact: 'another passage', prefix: '', suffix: '', position: null, source: '' },
      }),
      { update: [ID], conflicts: [copyId(base.updatedAt)] },
    ],
    [
      'same time, words differ → keep local, backup’s kept as a copy',
      [base],
      reflection({ id: ID, text: 'same second, other words' }),
      { keptLocal: 1, conflicts: [copyId(base.updatedAt)] },
    ],
    [
      'backup newer, local was deleted → update, no copy of deleted words',
      [
        reflection({
          id: ID,
          deletedAt: '2026-11-21T00:00:00.000Z',
          updatedAt: '2026-11-21T00:00:00.000Z',
        }),
      ],
      later({ text: 'rewritten elsewhere' }),
      { update: [ID] },
    ],
    [
      'copy already kept by an earlier import → nothing new',
      [later({ text: 'rewritten here' }), { ...base, id: copyId(base.updatedAt) }],
      base,
      { keptLocal: 1 },
    ],
    [
      'copy id taken by something else → the next free one',
      [
        later({ text: 'rewritten here' }),
        reflection({ id: copyId(base.updatedAt), text: 'other' }),
      ],
      base,
      { keptLocal: 1, conflicts: [`${copyId(base.updatedAt)}-2`] },
    ],
    [
      'same id in another course → the other course’s is left alone, backup’s added as a copy',
      [reflection({ id: ID, courseId: 'another-course' })],
      base,
      { conflicts: [copyId(base.updatedAt)] },
    ],
  ])('%s', (_name, local, incoming, want) => {
    const plan = planImport({ reflections: local, drafts: [], progress: [] }, backup(incoming));
    expect({
      add: plan.add.map((r) => r.id),
      update: plan.update.map((r) => r.id),
      conflicts: plan.conflicts.map((r) => r.id),
      unchanged: plan.unchanged,
      keptLocal: plan.keptLocal,
    }).toEqual({ add: [], update: [], conflicts: [], unchanged: 0, keptLocal: 0, ...want });
  });

  describe('a quote’s selectors (format 4) are where the words are, not the words', () => {
    const quote = base.quote!;
    const found = { ...quote, position: { start: 40, end: 51 }, source: base.pageUrl };
    const plan = (local: Reflection, incoming: Reflection) =>
      planImport({ reflections: [local], drafts: [], progress: [] }, backup(incoming));

    it('backup newer and located, same passage → update with its selectors, no copy', () => {
      const p = plan(base, later({ quote: found }));
      expect(p.conflicts).toEqual([]);
      expect(p.update.map((r) => r.quote)).toEqual([found]);
    });

    it('backup newer but not located (an old file) → update, keeping the stored selectors', () => {
      const p = plan(reflection({ id: ID, quote: found }), later({ text: 'rewritten elsewhere' }));
      expect(p.update).toEqual([{ ...later({ text: 'rewritten elsewhere' }), quote: found }]);
      // The text differs: the stored words are kept as a copy, as before.
      expect(p.conflicts.map((r) => r.text)).toEqual([base.text]);
    });

    it('local newer and not located, backup located → the stored copy gains them (update)', () => {
      const p = plan(later({}), reflection({ id: ID, quote: found }));
      expect(p).toMatchObject({ keptLocal: 0, conflicts: [] });
      expect(p.update).toEqual([later({ quote: found })]);
      // Importing again writes nothing.
      const again = planImport(
        { reflections: p.update, drafts: [], progress: [] },
        backup(reflection({ id: ID, quote: found })),
      );
      expect(again).toMatchObject({ update: [], conflicts: [], keptLocal: 1 });
    });

    it('local newer and located → kept as it is, no copy', () => {
      const p = plan(later({ quote: found }), base);
      expect(p).toMatchObject({ keptLocal: 1, update: [], conflicts: [] });
    });

    it('another passage is still a conflict, and its selectors are not mixed in', () => {
      const other = { ...found, exact: 'partner state', position: { start: 9, end: 22 } };
      const p = plan(base, later({ quote: other }));
      expect(p.update.map((r) => r.quote)).toEqual([other]);
      expect(p.conflicts.map((r) => r.quote)).toEqual([quote]);
    });
  });

  it('keeps every field of the losing copy in its conflict copy, and marks it by id', () => {
    const mine = later({ text: 'rewritten here' });
    const plan = planImport({ reflections: [mine], drafts: [], progress: [] }, backup(base));
    const [copy] = plan.conflicts;
    expect(copy).toEqual({ ...base, id: copy!.id });
    expect(isConflictCopy(copy!.id)).toBe(true);
    expect(conflictOriginalId(copy!.id)).toBe(ID);
    expect(isConflictCopy(ID)).toBe(false);
    expect(conflictOriginalId(ID)).toBe(ID);
  });

  it('keeps no second copy when the backup brings the copy the other device already kept', () => {
    // Device B met this device's version, kept it as a copy and won with its own; its backup
    // (or sync) now brings both. The stored version is that very copy: nothing more to keep.
    const mine = later({ text: 'written here' });
    const theirs = reflection({
      id: ID,
      text: 'written there',
      updatedAt: '2026-11-26T10:00:00.000Z',
    });
    const theirCopy = { ...mine, id: copyId(mine.updatedAt) };
    const plan = planImport(
      { reflections: [mine], drafts: [], progress: [] },
      { ...backupOf(), reflections: [theirs, theirCopy] },
    );
    expect(plan.update.map((r) => r.text)).toEqual(['written there']);
    expect(plan.add).toEqual([theirCopy]);
    expect(plan.conflicts).toEqual([]);
  });

  it('derives a copy of a copy from the original id, so ids do not grow', () => {
    const copy = { ...base, id: copyId(base.updatedAt) };
    const plan = planImport(
      {
        reflections: [{ ...copy, text: 'x', updatedAt: '2026-11-29T00:00:00.000Z' }],
        drafts: [],
        progress: [],
      },
      backup(copy),
    );
    expect(plan.conflicts.map((r) => r.id)).toEqual([`${copyId(base.updatedAt)}-2`]);
  });
});

describe('planImport: progress, drafts, settings', () => {
  const KEY = 'civil-power-partner-state';
  const t = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`;
  const p = (first: number | null, last: number | null, done: number | null) =>
    progress(KEY, {
      firstOpenedAt: first === null ? null : t(first),
      lastOpenedAt: last === null ? null : t(last),
      doneAt: done === null ? null : t(done),
    });
  const plan = (existing: Partial<ExistingData>, incoming: Partial<Backup>): ImportPlan =>
    planImport(
      { reflections: [], drafts: [], progress: [], ...existing },
      { ...backupOf(), reflections: [], drafts: [], progress: [], settings: {}, ...incoming },
    );

  it.each<[string, Progress | null, Progress, Progress | null]>([
    ['new → put', null, p(10, 12, null), p(10, 12, null)],
    ['same → nothing', p(10, 12, 11), p(10, 12, 11), null],
    ['earliest first, latest last', p(10, 12, null), p(8, 11, null), p(8, 12, null)],
    ['latest last from the backup', p(10, 12, null), p(11, 15, null), p(10, 15, null)],
    ['done in the backup only → done', p(10, 12, null), p(10, 12, 11), p(10, 12, 11)],
    ['done here only → stays done', p(10, 12, 11), p(10, 12, null), null],
    ['done on both → the earliest', p(10, 12, 14), p(10, 12, 11), p(10, 12, 11)],
    ['nulls never win over times', p(null, null, null), p(9, 9, null), p(9, 9, null)],
  ])('progress: %s', (_name, local, incoming, want) => {
    const out = plan({ progress: local ? [local] : [] }, { progress: [incoming] });
    expect(out.progress).toEqual(want ? [want] : []);
  });

  it.each<[string, Draft | null, Draft, boolean]>([
    ['new → put', null, draft(KEY), true],
    ['backup newer → put', draft(KEY), draft(KEY, { text: 'more', updatedAt: t(25) }), true],
    ['local newer → keep local', draft(KEY, { updatedAt: t(25) }), draft(KEY), false],
    ['same time → keep local', draft(KEY, { text: 'mine' }), draft(KEY), false],
  ])('drafts: %s', (_name, local, incoming, put) => {
    const out = plan({ drafts: local ? [local] : [] }, { drafts: [incoming] });
    expect(out.drafts).toEqual(put ? [incoming] : []);
  });

  const left = { side: 'left', expanded: true } as const;
  const right = { side: 'right', expanded: false } as const;
  it.each<[string, Partial<Settings> | undefined, Partial<Settings>, Partial<Settings>]>([
    [
      'nothing stored → the backup’s',
      undefined,
      { overlay: left, lastExportAt: t(5) },
      { overlay: left, lastExportAt: t(5) },
    ],
    ['overlay stored → kept', { overlay: right }, { overlay: left }, {}],
    [
      'later export in the backup → taken',
      { lastExportAt: t(3) },
      { lastExportAt: t(5) },
      { lastExportAt: t(5) },
    ],
    ['later export here → kept', { lastExportAt: t(9) }, { lastExportAt: t(5) }, {}],
    ['never exported in the backup → kept', { lastExportAt: t(9) }, { lastExportAt: null }, {}],
    ['empty settings in the backup → nothing', { lastExportAt: t(9) }, {}, {}],
  ])('settings: %s', (_name, local, incoming, want) => {
    expect(plan({ settings: local }, { settings: incoming }).settings).toEqual(want);
  });
});

describe('planImport: the learner’s links', () => {
  const t = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`;
  const l = (day: number, over: Partial<LearnerLinkRecord> = {}) =>
    learnerLink('preston-model', {
      link: `https://example.org/day-${day}`,
      linkedAt: t(day),
      ...over,
    });
  const plan = (local: LearnerLinkRecord[], incoming: LearnerLinkRecord[] | undefined) =>
    planImport(
      { reflections: [], drafts: [], progress: [], learnerLinks: local },
      { ...backupOf(), reflections: [], drafts: [], progress: [], learnerLinks: incoming },
    );

  it.each<[string, LearnerLinkRecord[], LearnerLinkRecord, boolean]>([
    ['new → put', [], l(10), true],
    ['backup newer → put (the later link wins its resource)', [l(10)], l(12), true],
    ['local newer → keep local', [l(12)], l(10), false],
    ['same time → keep local', [l(10, { link: 'https://example.org/mine' })], l(10), false],
    ['same → nothing', [l(10)], l(10), false],
    ['another resource → put', [l(12)], learnerLink('canadas-irreconcileables'), true],
    [
      'another course’s link for the same resource id → put',
      [l(12)],
      l(10, { courseId: 'another-course' }),
      true,
    ],
  ])('%s', (_name, local, incoming, put) => {
    expect(plan(local, [incoming]).learnerLinks).toEqual(put ? [incoming] : []);
  });

  it('a backup of format 2 (no learner links) changes none', () => {
    expect(plan([l(10)], undefined).learnerLinks).toEqual([]);
  });
});
