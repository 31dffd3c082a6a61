/**
 * Backup format 4: quotes keep their W3C selectors (position, page) through a file, older
 * formats read with what can be derived, and a hostile position is refused before anything
 * is written.
 */
import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_FORMATS } from '../../../../utils/journal/backup-format';
import { backupToJson } from '../../../../utils/journal/backup-build';
import { parseBackup } from '../../../../utils/journal/backup-parse';
import { LIMITS } from '../../../../utils/protocol/limits';
import type { Quote } from '../../../../utils/protocol/records';
import {
  COURSE,
  backupOf,
  draft,
  freshDb,
  importText,
  json,
  reflection,
  sampleData,
  seededDb,
  snapshot,
} from './backup-fixtures';

const PAGE = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const located: Quote = {
  exact: 'civil power',
  prefix: 'about ',
  suffix: ' and the state',
  position: { start: 120, end: 131 },
  source: PAGE,
};

/** The sample data, its first reflection and its draft quoting with selectors. */
function locatedData() {
  const data = sampleData();
  data.reflections[0] = reflection({ id: 'r-1', quote: located });
  data.drafts[0] = draft('levels-of-government', { quote: { ...located, source: '' } });
  return data;
}

describe('backup format 4', () => {
  it('is the format written, and every earlier one is still read', () => {
    expect(BACKUP_FORMAT).toBe(4);
    expect(BACKUP_FORMATS).toEqual([1, 2, 3, 4]);
    expect(backupOf().format).toBe(4);
  });

  it('keeps a quote’s position and page through export and import', async () => {
    const b = backupOf(locatedData());
    expect(b.reflections[0]?.quote).toEqual(located);
    const text = backupToJson(b);
    expect(parseBackup(text, { courseId: COURSE })).toEqual({ ok: true, backup: b });
    const db = await freshDb();
    expect((await importText(db, text)).ok).toBe(true);
    const stored = await snapshot(db);
    expect(stored.reflections.find((r) => r.id === 'r-1')?.quote).toEqual(located);
    expect(stored.drafts[0]?.quote).toEqual({ ...located, source: '' });
    db.close();
  });

  it.each([1, 2, 3] as const)(
    'reads format %i quotes with no position and their reflection’s page (a draft’s: unknown)',
    (format) => {
      const b: any = structuredClone(backupOf(locatedData()));
      b.format = format;
      if (format < 3) delete b.learnerLinks;
      for (const r of [...b.reflections, ...b.drafts])
        if (r.quote) {
          delete r.quote.position;
          delete r.quote.source;
        }
      const parsed = parseBackup(json(b), { courseId: COURSE });
      if (!parsed.ok) throw new Error(parsed.error.detail);
      const quotes = parsed.backup.reflections.map((r) => r.quote);
      expect(quotes).toEqual([
        { ...located, position: null, source: PAGE },
        null,
        { ...located, position: null, source: PAGE },
      ]);
      expect(parsed.backup.drafts[0]?.quote).toEqual({ ...located, position: null, source: '' });
    },
  );

  it('gives an old quote of a reflection on no page no page either', () => {
    const b: any = structuredClone(
      backupOf({ ...sampleData(), reflections: [reflection({ pageUrl: '' })] }),
    );
    b.format = 3;
    delete b.reflections[0].quote.source;
    const parsed = parseBackup(json(b), { courseId: COURSE });
    expect(parsed.ok && parsed.backup.reflections[0]?.quote?.source).toBe('');
  });

  it('a format 4 quote keeps the page it names, even unknown', () => {
    const b = backupOf({
      ...sampleData(),
      reflections: [reflection({ quote: { ...located, position: null, source: '' } })],
    });
    const parsed = parseBackup(json(b), { courseId: COURSE });
    expect(parsed.ok && parsed.backup.reflections[0]?.quote).toEqual({
      ...located,
      position: null,
      source: '',
    });
  });

  // Each row: a hostile quote selector, and the path it must be refused at.
  const hostile: [string, (q: any) => void, string][] = [
    ['an end before its start', (q) => (q.position = { start: 131, end: 120 }), 'position'],
    ['an empty span', (q) => (q.position = { start: 120, end: 120 }), 'position'],
    [
      'an end beyond the longest page text',
      (q) => (q.position = { start: LIMITS.pageText - 10, end: LIMITS.pageText + 1 }),
      'position.end',
    ],
    ['a negative start', (q) => (q.position = { start: -11, end: 0 }), 'position.start'],
    ['a span longer than the quote', (q) => (q.position = { start: 120, end: 140 }), 'position'],
    ['a fractional start', (q) => (q.position = { start: 120.5, end: 131.5 }), 'position.start'],
    ['a start that is text', (q) => (q.position = { start: '120', end: 131 }), 'position.start'],
    // JSON has no infinity: an infinite end is written as null.
    ['an infinite end', (q) => (q.position = { start: 0, end: Infinity }), 'position.end'],
    // valibot takes a list for an object, then finds no `start` in it.
    ['a position as a list', (q) => (q.position = [120, 131]), 'position.start'],
    ['an extra key', (q) => (q.position = { start: 120, end: 131, x: 1 }), 'position.x'],
    ['a javascript: page', (q) => (q.source = 'javascript:alert(1)'), 'source'],
    ['a page that is no text', (q) => (q.source = 42), 'source'],
    ['an unknown selector', (q) => (q.range = { start: 'p[1]' }), 'range'],
  ];

  it.each(hostile)('refuses %s at its path, and nothing is written', async (_name, edit, at) => {
    const b: any = structuredClone(backupOf(locatedData()));
    edit(b.reflections[0].quote);
    const db = await seededDb();
    const before = await snapshot(db);
    const result = await importText(db, json(b));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid', path: `reflections[0].quote.${at}` },
    });
    if (!result.ok) expect(result.error.detail).toMatch(/\w/);
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('counts a position in code points, as the page’s text model does', () => {
    const exact = 'co-op 🌱 power';
    // 13 code points: the seedling is one, though two UTF-16 units.
    const quote = { ...located, exact, position: { start: 0, end: 13 } };
    const ok = backupOf({ ...sampleData(), reflections: [reflection({ quote })] });
    expect(parseBackup(json(ok), { courseId: COURSE }).ok).toBe(true);
    // UTF-16 units would be one more: refused.
    const units: any = structuredClone(ok);
    units.reflections[0].quote.position.end = exact.length;
    expect(parseBackup(json(units), { courseId: COURSE })).toMatchObject({
      ok: false,
      error: { path: 'reflections[0].quote.position' },
    });
  });

  it('carries "Show my quotes" when set, and refuses anything but a yes or no', () => {
    const data = { ...sampleData(), settings: { showQuotes: false } };
    const b = backupOf(data);
    expect(b.settings).toEqual({ showQuotes: false });
    expect(parseBackup(json(b), { courseId: COURSE })).toEqual({ ok: true, backup: b });
    expect(backupOf().settings).not.toHaveProperty('showQuotes');
    const bad: any = structuredClone(b);
    bad.settings.showQuotes = 'no';
    expect(parseBackup(json(bad), { courseId: COURSE })).toMatchObject({
      ok: false,
      error: { code: 'invalid', path: 'settings.showQuotes' },
    });
  });

  it('imports "Show my quotes" only where the learner has not chosen', async () => {
    const off = backupToJson(backupOf({ ...sampleData(), settings: { showQuotes: false } }));
    const fresh = await freshDb();
    await importText(fresh, off);
    expect((await snapshot(fresh)).settings.showQuotes).toBe(false);
    fresh.close();
    const chosen = await freshDb();
    await chosen.put('settings', { key: 'showQuotes', value: true });
    await importText(chosen, off);
    expect((await snapshot(chosen)).settings.showQuotes).toBe(true);
    chosen.close();
  });
});
