import { describe, expect, it, vi } from 'vitest';
import packJson from '../../../fixtures/packs/seize-session-6.json';
import { BACKUP_LIMITS } from '../../../../utils/journal/backup-format';
import { backupToJson } from '../../../../utils/journal/backup-build';
import {
  BACKUP_ERROR_CODES,
  backupErrorKey,
  parseBackup,
} from '../../../../utils/journal/backup-parse';
import { catalogs } from '../../i18n-catalogs';
import {
  COURSE,
  backupOf,
  importText,
  json,
  reflection,
  sampleData,
  seededDb,
  snapshot,
} from './backup-fixtures';

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
          quote: { exact: hostile, prefix: '<b>', suffix: '</b>', position: null, source: '' },
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

  it('reads a format 2 backup (before learner links) and a format 4 one', () => {
    const { learnerLinks: _none, ...two } = { ...backupOf(), format: 2 as const };
    // Format 2's quotes had no page: each reads with its reflection's (backup-format.test.ts).
    const reflections = two.reflections.map((r) =>
      r.quote ? { ...r, quote: { ...r.quote, source: r.pageUrl } } : r,
    );
    const read = parseBackup(json(two), { courseId: COURSE });
    expect(read).toEqual({ ok: true, backup: { ...two, reflections } });
    const four = backupOf();
    expect([four.format, four.learnerLinks?.length]).toEqual([4, 1]);
    expect(parseBackup(json(four), { courseId: COURSE })).toEqual({ ok: true, backup: four });
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
    ['a future format', text((b) => (b.format = 5)), 'future_format', 'format'],
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
    // The learner's links (format 3): only what `link:set` itself would have stored.
    ...(
      [
        ['a javascript: link', 'javascript:alert(1)'],
        ['a plain http link', 'http://example.org/p'],
        ['a link to a private host', 'https://192.168.0.1/admin'],
        ['a link to loopback', 'https://localhost/p'],
        ['a link with a fragment', 'https://example.org/p#part'],
        ['an over-long link', `https://example.org/${'a'.repeat(BACKUP_LIMITS.url)}`],
      ] as const
    ).map(([name, link]): [string, string, string, string] => [
      name,
      text((b) => (b.learnerLinks[0].link = link)),
      'invalid',
      'learnerLinks[0].link',
    ]),
    [
      'a learner link with no time',
      text((b) => delete b.learnerLinks[0].linkedAt),
      'invalid',
      'learnerLinks[0].linkedAt',
    ],
    [
      'two learner links for one resource',
      text((b) => (b.learnerLinks = [b.learnerLinks[0], b.learnerLinks[0]])),
      'duplicate_id',
      'learnerLinks[1].resourceId',
    ],
    [
      'a learner link of another course (format 1)',
      text((b) => ((b.format = 1), (b.learnerLinks[0].courseId = 'another-course'))),
      'other_course',
      'learnerLinks[0].courseId',
    ],
    [
      'a learner link outside a session backup’s scope',
      text((b) => ((b.scope.sessionId = 'session-6'), (b.learnerLinks[0].sessionId = 'session-7'))),
      'invalid',
      'learnerLinks[0].sessionId',
    ],
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
