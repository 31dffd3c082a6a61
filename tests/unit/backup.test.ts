import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import packJson from '../fixtures/packs/seize-session-6.json';
import {
  BACKUP_ERROR_CODES,
  BACKUP_FORMAT,
  BACKUP_KIND,
  BACKUP_LIMITS,
  applyImport,
  backupErrorKey,
  backupFileName,
  backupToJson,
  buildBackup,
  conflictOriginalId,
  importBackup,
  isConflictCopy,
  isEmptyPlan,
  isIsoTime,
  parseBackup,
  planImport,
  type Backup,
  type ExistingData,
  type ImportPlan,
} from '../../utils/journal/backup';
import {
  DatabaseError,
  openCompanionDb,
  type CompanionDatabase,
  type Draft,
  type Progress,
  type Reflection,
  type Settings,
} from '../../entrypoints/background/db/database';
import { catalogs } from './i18n-catalogs';

const COURSE = 'seize-fse';
const NOW = new Date('2026-11-28T14:05:00.000Z');

const reflection = (over: Partial<Reflection> = {}): Reflection => ({
  id: '6b0f3c2e-0d1a-4c39-9a51-1f4f1e7a0001',
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text: 'The partner state shares power.',
  quote: { exact: 'civil power', prefix: 'about ', suffix: ' and the state' },
  mediaTime: null,
  outcomeIds: ['o1'],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power & Partner State',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  deletedAt: null,
  ...over,
});

const draft = (resourceId: string, over: Partial<Draft> = {}): Draft => ({
  key: `${COURSE}/${resourceId}`,
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId,
  text: 'half a thought',
  quote: null,
  mediaTime: 61.5,
  outcomeIds: [],
  editingId: null,
  baseUpdatedAt: null,
  owner: 'frame-1',
  updatedAt: '2026-11-21T09:00:00.000Z',
  ...over,
});

const progress = (resourceId: string, over: Partial<Progress> = {}): Progress => ({
  key: `${COURSE}/${resourceId}`,
  courseId: COURSE,
  sessionId: 'session-6',
  resourceId,
  firstOpenedAt: '2026-11-19T08:00:00.000Z',
  lastOpenedAt: '2026-11-21T08:00:00.000Z',
  doneAt: null,
  ...over,
});

/** A small backup with one of everything; reflections[0] has a quote, reflections[2] too. */
function sampleData() {
  return {
    reflections: [
      reflection({ id: 'r-1' }),
      reflection({ id: 'r-2', quote: null, mediaTime: 754, resourceId: 'half-past-capitalism' }),
      reflection({ id: 'r-3', text: 'A third thought.' }),
    ],
    drafts: [draft('levels-of-government')],
    progress: [progress('civil-power-partner-state', { doneAt: '2026-11-21T09:00:00.000Z' })],
    settings: {
      overlay: { side: 'left', expanded: true },
      lastExportAt: null,
    } as Partial<Settings>,
  };
}

const backupOf = (data = sampleData(), sessionId: string | null = null): Backup =>
  buildBackup(data, { courseId: COURSE, packVersion: '2026.11.1', sessionId, now: NOW });

const json = (b: unknown) => JSON.stringify(b);

let dbCount = 0;
const freshDb = () => openCompanionDb(`backup-test-${++dbCount}`);

/** Everything in the database, in key order, for before/after comparisons. */
async function snapshot(db: CompanionDatabase) {
  const settings: Partial<Settings> = {};
  for (const rec of await db.getAll('settings')) Object.assign(settings, { [rec.key]: rec.value });
  return {
    reflections: await db.getAll('reflections'),
    drafts: await db.getAll('drafts'),
    progress: await db.getAll('progress'),
    settings,
  };
}

/** A database that already holds some of the learner's own data. */
async function seededDb() {
  const db = await freshDb();
  await db.put('reflections', reflection({ id: 'mine', text: 'my own note' }));
  await db.put('progress', progress('preston-model'));
  await db.put('settings', { key: 'lastExportAt', value: '2026-11-01T00:00:00.000Z' });
  return db;
}

/** What the UI does with a file: parse it, and import only if it is valid. */
async function importText(db: CompanionDatabase, text: string) {
  const parsed = parseBackup(text, { courseId: COURSE });
  if (parsed.ok) await importBackup(db, parsed.backup);
  return parsed;
}

describe('buildBackup', () => {
  it('writes the documented shape', () => {
    const b = backupOf();
    expect(b).toMatchObject({
      format: BACKUP_FORMAT,
      kind: BACKUP_KIND,
      exportedAt: '2026-11-28T14:05:00.000Z',
      course: { id: COURSE, packVersion: '2026.11.1' },
      scope: { sessionId: null },
      settings: { overlay: { side: 'left', expanded: true }, lastExportAt: null },
    });
    expect(b.reflections.map((r) => r.id)).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('keeps every course’s records, and only the course’s session’s in a session backup', () => {
    const data = sampleData();
    data.reflections.push(
      reflection({ id: 'other-course', courseId: 'another-course' }),
      reflection({ id: 'other-session', sessionId: 'session-7' }),
      reflection({ id: 'deleted', deletedAt: '2026-11-22T10:00:00.000Z' }),
    );
    expect(backupOf(data).reflections.map((r) => r.id)).toEqual([
      'other-course',
      'other-session',
      'r-1',
      'r-2',
      'r-3',
    ]);
    const scoped = backupOf(data, 'session-6');
    expect(scoped.scope).toEqual({ sessionId: 'session-6' });
    expect(scoped.reflections.map((r) => r.id)).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('copies known fields only, so a stray property cannot make its own file invalid', () => {
    const data = sampleData();
    Object.assign(data.reflections[0]!, { stray: true });
    const b = backupOf(data);
    expect(b.reflections[0]).not.toHaveProperty('stray');
    expect(parseBackup(backupToJson(b), { courseId: COURSE }).ok).toBe(true);
  });
});

describe('backupFileName', () => {
  it.each([
    [{ sessionId: 'session-6', date: '2026-11-28' }, 'seize-fse_session-6_2026-11-28.json'],
    [{ sessionId: null, date: '2026-11-28' }, 'seize-fse_all-sessions_2026-11-28.json'],
    [
      { sessionId: 'session-6', date: '2026-11-28', ext: 'md' },
      'seize-fse_session-6_2026-11-28.md',
    ],
    [
      { sessionId: '../../etc/passwd', date: '2026-11-28', ext: 'json' },
      'seize-fse_etc-passwd_2026-11-28.json',
    ],
    [
      { sessionId: 'Séance 6: «x»', date: '2026/11/28', ext: '.M D' },
      'seize-fse_s-ance-6-x_2026-11-28.m-d',
    ],
    [
      { sessionId: null, date: new Date(2026, 10, 28, 23, 59) },
      'seize-fse_all-sessions_2026-11-28.json',
    ],
  ])('%o → %s', (opts, expected) => {
    const name = backupFileName({ courseId: COURSE, ...opts });
    expect(name).toBe(expected);
    expect(name).toMatch(/^[a-z0-9_.-]+$/);
  });
});

describe('isIsoTime', () => {
  it.each([
    ['2026-11-28T14:05:00.000Z', true],
    ['2026-11-28T14:05:00Z', false],
    ['2026-11-28T14:05:00.000+01:00', false],
    ['2026-02-30T00:00:00.000Z', false],
    ['2026-11-28', false],
    ['yesterday', false],
  ])('%s → %s', (s, ok) => {
    expect(isIsoTime(s)).toBe(ok);
  });
});

describe('parseBackup', () => {
  it('accepts its own output, unchanged', () => {
    const b = backupOf();
    expect(parseBackup(backupToJson(b), { courseId: COURSE })).toEqual({ ok: true, backup: b });
  });

  it('keeps HTML and script in texts as text, character for character', () => {
    const hostile = `<script>alert('x')</script><img src=x onerror=alert(1)> & &amp; "quotes"`;
    const b = backupOf({
      ...sampleData(),
      reflections: [
        reflection({
          text: hostile,
          quote: { exact: hostile, prefix: '<b>', suffix: '</b>' },
          pageTitle: hostile,
        }),
      ],
    });
    const parsed = parseBackup(json(b), { courseId: COURSE });
    if (!parsed.ok) throw new Error(parsed.error.detail);
    expect(parsed.backup.reflections[0]).toMatchObject({
      text: hostile,
      quote: { exact: hostile },
      pageTitle: hostile,
    });
  });

  it('accepts a reflection written on no page (empty pageUrl)', () => {
    const b = backupOf({ ...sampleData(), reflections: [reflection({ pageUrl: '' })] });
    expect(parseBackup(json(b), { courseId: COURSE }).ok).toBe(true);
  });

  it.each([
    ['exactly the limit', BACKUP_LIMITS.text, true],
    ['one over', BACKUP_LIMITS.text + 1, false],
  ])('a text of %s is accepted: %s', (_name, length, ok) => {
    const b = backupOf({
      ...sampleData(),
      reflections: [reflection({ text: 'é'.repeat(length) })],
    });
    expect(parseBackup(json(b), { courseId: COURSE }).ok).toBe(ok);
  });

  // Each row: a change to a valid backup (its object, or its text), the code and path it must
  // be refused with. Every row also goes through the import path to check nothing is written.
  type Edit = (b: any) => void;
  const text = (edit: Edit) => {
    const b: any = structuredClone(backupOf());
    edit(b);
    return json(b);
  };
  const valid = json(backupOf());
  const cases: [string, string, string, string][] = [
    ['plain text', 'hello, this is not JSON', 'not_json', ''],
    ['an empty file', '', 'not_json', ''],
    ['a file cut in half', valid.slice(0, valid.length / 2), 'truncated', ''],
    [
      'a file cut inside a string',
      valid.slice(0, valid.indexOf('civil power') + 3),
      'truncated',
      '',
    ],
    ['a JSON array', '[]', 'not_backup', ''],
    ['JSON null', 'null', 'not_backup', ''],
    ['no kind', text((b) => delete b.kind), 'not_backup', 'kind'],
    ['a course pack', JSON.stringify(packJson), 'not_backup', 'kind'],
    ['a future format', text((b) => (b.format = 3)), 'future_format', 'format'],
    ['format 0', text((b) => (b.format = 0)), 'invalid', 'format'],
    ['format as a string', text((b) => (b.format = '1')), 'invalid', 'format'],
    // Format 1 held one course; in format 2 only a session's backup does (a whole backup
    // holds every course: see backup-courses.test.ts).
    [
      'another course (format 1)',
      text((b) => ((b.format = 1), (b.course.id = 'another-course'))),
      'other_course',
      'course.id',
    ],
    [
      'a record of another course (format 1)',
      text((b) => ((b.format = 1), (b.reflections[1].courseId = 'another-course'))),
      'other_course',
      'reflections[1].courseId',
    ],
    [
      'a session backup of another course',
      text((b) => ((b.scope.sessionId = 'session-6'), (b.course.id = 'another-course'))),
      'other_course',
      'course.id',
    ],
    [
      'a number for a text',
      text((b) => (b.reflections[0].text = 42)),
      'invalid',
      'reflections[0].text',
    ],
    [
      'a missing field',
      text((b) => delete b.reflections[0].createdAt),
      'invalid',
      'reflections[0].createdAt',
    ],
    ['a missing list', text((b) => delete b.drafts), 'invalid', 'drafts'],
    [
      'an unknown field',
      text((b) => (b.reflections[2].extra = 1)),
      'invalid',
      'reflections[2].extra',
    ],
    ['a list that is an object', text((b) => (b.progress = {})), 'invalid', 'progress'],
    [
      'quote as a string',
      text((b) => (b.reflections[0].quote = 'x')),
      'invalid',
      'reflections[0].quote',
    ],
    [
      'an over-long text',
      text((b) => (b.reflections[1].text = 'x'.repeat(BACKUP_LIMITS.text + 1))),
      'invalid',
      'reflections[1].text',
    ],
    [
      'an over-long quote',
      text((b) => (b.reflections[0].quote.exact = 'x'.repeat(BACKUP_LIMITS.quote + 1))),
      'invalid',
      'reflections[0].quote.exact',
    ],
    [
      'an over-long title',
      text((b) => (b.reflections[0].pageTitle = 'x'.repeat(BACKUP_LIMITS.title + 1))),
      'invalid',
      'reflections[0].pageTitle',
    ],
    [
      'an over-long draft',
      text((b) => (b.drafts[0].text = 'x'.repeat(BACKUP_LIMITS.text + 1))),
      'invalid',
      'drafts[0].text',
    ],
    [
      'a duplicate reflection id',
      text((b) => (b.reflections[2].id = 'r-1')),
      'duplicate_id',
      'reflections[2].id',
    ],
    [
      'a duplicate draft key',
      text((b) => (b.drafts[1] = { ...b.drafts[0] })),
      'duplicate_id',
      'drafts[1].key',
    ],
    [
      'a duplicate progress key',
      text((b) => (b.progress[1] = { ...b.progress[0], doneAt: null })),
      'duplicate_id',
      'progress[1].key',
    ],
    [
      'a draft key that is not courseId/resourceId',
      text((b) => (b.drafts[0].key = 'seize-fse/other')),
      'invalid',
      'drafts[0].key',
    ],
    [
      '__proto__ at the top',
      valid.replace('{', '{"__proto__":{"polluted":true},'),
      'forbidden_key',
      '__proto__',
    ],
    [
      '__proto__ in a quote',
      valid.replace('"exact":', '"__proto__":{"x":1},"exact":'),
      'forbidden_key',
      'reflections[0].quote.__proto__',
    ],
    [
      'constructor in a reflection',
      text((b) => (b.reflections[2].constructor = { prototype: {} })),
      'forbidden_key',
      'reflections[2].constructor',
    ],
    [
      'prototype in settings',
      text((b) => (b.settings.prototype = 1)),
      'forbidden_key',
      'settings.prototype',
    ],
    [
      'a javascript: page',
      text((b) => (b.reflections[0].pageUrl = 'javascript:alert(1)')),
      'invalid',
      'reflections[0].pageUrl',
    ],
    [
      'a data: page',
      text((b) => (b.reflections[0].pageUrl = 'data:text/html,<script>alert(1)</script>')),
      'invalid',
      'reflections[0].pageUrl',
    ],
    [
      'an ftp page',
      text((b) => (b.reflections[0].pageUrl = 'ftp://x.org/a')),
      'invalid',
      'reflections[0].pageUrl',
    ],
    [
      'a relative page',
      text((b) => (b.reflections[0].pageUrl = '/articles/x')),
      'invalid',
      'reflections[0].pageUrl',
    ],
    [
      'an impossible date',
      text((b) => (b.reflections[0].createdAt = '2026-02-30T00:00:00.000Z')),
      'invalid',
      'reflections[0].createdAt',
    ],
    [
      'a date without a time',
      text((b) => (b.reflections[0].updatedAt = '2026-11-28')),
      'invalid',
      'reflections[0].updatedAt',
    ],
    [
      'a word for a date',
      text((b) => (b.progress[0].doneAt = 'yesterday')),
      'invalid',
      'progress[0].doneAt',
    ],
    ['a bad export time', text((b) => (b.exportedAt = 'now')), 'invalid', 'exportedAt'],
    [
      'an id with a slash',
      text((b) => (b.reflections[0].id = '../r-1')),
      'invalid',
      'reflections[0].id',
    ],
    [
      'an over-long id',
      text((b) => (b.reflections[0].id = 'a'.repeat(BACKUP_LIMITS.id + 1))),
      'invalid',
      'reflections[0].id',
    ],
    [
      'a session id with spaces',
      text((b) => (b.reflections[0].sessionId = 'Session 6')),
      'invalid',
      'reflections[0].sessionId',
    ],
    [
      'an outcome id with capitals',
      text((b) => (b.reflections[0].outcomeIds = ['O1'])),
      'invalid',
      'reflections[0].outcomeIds[0]',
    ],
    [
      'a negative media time',
      text((b) => (b.reflections[1].mediaTime = -1)),
      'invalid',
      'reflections[1].mediaTime',
    ],
    [
      'an absurd media time',
      text((b) => (b.reflections[1].mediaTime = 1e12)),
      'invalid',
      'reflections[1].mediaTime',
    ],
    [
      'an unknown overlay side',
      text((b) => (b.settings.overlay.side = 'top')),
      'invalid',
      'settings.overlay.side',
    ],
    ['an unknown setting', text((b) => (b.settings.theme = 'dark')), 'invalid', 'settings.theme'],
    [
      'a record outside a session backup’s scope',
      text((b) => {
        b.scope.sessionId = 'session-6';
        b.reflections[1].sessionId = 'session-7';
      }),
      'invalid',
      'reflections[1].sessionId',
    ],
  ];

  it.each(cases)(
    'refuses %s with %s at "%s", and nothing is written',
    async (_name, input, code, path) => {
      const db = await seededDb();
      const before = await snapshot(db);
      const result = await importText(db, input);
      expect(result).toMatchObject({ ok: false, error: { code, path } });
      if (!result.ok) expect(result.error.detail).toMatch(/\w/);
      expect(await snapshot(db)).toEqual(before);
      db.close();
    },
  );

  it('refuses a file over maxBytes before parsing it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const huge = `{"a":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    expect(parseBackup(huge, { courseId: COURSE })).toMatchObject({
      ok: false,
      error: { code: 'too_large', path: '' },
    });
    expect(parse).not.toHaveBeenCalled();
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const b = json(backupOf());
    // Same number of characters, but each "é" is two bytes.
    const wide = b.replace('The partner state', 'Thé pàrtnér stàté');
    expect(parseBackup(b, { courseId: COURSE, maxBytes: b.length }).ok).toBe(true);
    expect(parseBackup(wide, { courseId: COURSE, maxBytes: b.length })).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
  });

  it('has a message, in both languages, for every error code', () => {
    for (const code of BACKUP_ERROR_CODES) {
      expect(catalogs.en[backupErrorKey(code)]?.message).toBeTruthy();
      expect(catalogs.fr[backupErrorKey(code)]?.message).toBeTruthy();
    }
  });
});

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
      later({ quote: { exact: 'another passage', prefix: '', suffix: '' } }),
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

describe('applyImport', () => {
  const plan = (over: Partial<ImportPlan>): ImportPlan => ({
    add: [],
    update: [],
    conflicts: [],
    unchanged: 0,
    keptLocal: 0,
    progress: [],
    drafts: [],
    settings: {},
    ...over,
  });

  it('writes every part of a plan', async () => {
    const db = await freshDb();
    await applyImport(
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
    await applyImport(db, plan({}));
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
      applyImport(db, plan({ ...over, settings: { lastExportAt: null } })),
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
      applyImport(
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
  const dataArb = fc.record({
    reflections: fc.uniqueArray(reflectionArb, { selector: (r) => r.id, maxLength: 8 }),
    drafts: fc.uniqueArray(draftArb, { selector: (d) => d.key, maxLength: 4 }),
    progress: fc.uniqueArray(progressArb, { selector: (p) => p.key, maxLength: 4 }),
    settings: settingsArb,
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
        await applyImport(
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
      }),
      { numRuns: 60 },
    );
  });

  it('changes nothing when the same backup is imported twice', async () => {
    await fc.assert(
      fc.asyncProperty(dataArb, dataArb, async (local, incoming) => {
        const db = await freshDb();
        const seed = planImport({ reflections: [], drafts: [], progress: [] }, backupOf(local));
        await applyImport(db, seed);
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
