import { describe, expect, it } from 'vitest';
import {
  acceptableDoc,
  docId,
  journalDocs,
  MAX_DOC_CHARS,
  readDoc,
  type SyncDoc,
} from '../../../../../entrypoints/background/sync/docs';
import type { BackupData } from '../../../../../utils/journal/backup-build';
import { draft, learnerLink, progress, reflection } from '../../../utils/journal/backup-fixtures';

const NOW = '2026-11-28T12:00:00.000Z';
const PURGE_BEFORE = '2026-10-29T12:00:00.000Z';

function data(over: Partial<BackupData> = {}): BackupData {
  return {
    reflections: [],
    drafts: [],
    progress: [],
    settings: {},
    learnerLinks: [],
    ...over,
  };
}

describe('journalDocs: what syncs', () => {
  it('makes one document per reflection, progress, link and setting, and none of drafts', () => {
    const docs = journalDocs(
      data({
        reflections: [reflection({ id: 'r-1' })],
        drafts: [draft('civil-power')],
        progress: [progress('civil-power')],
        learnerLinks: [learnerLink('civil-power')],
        settings: { overlay: { side: 'left', expanded: true }, showQuotes: false },
      }),
      PURGE_BEFORE,
    );
    const ids = [...docs.keys()].sort();
    expect(ids).toEqual(
      [
        'r:r-1',
        `p:${progress('civil-power').key}`,
        'l:seize-fse/civil-power',
        's:overlay',
        's:showQuotes',
      ].sort(),
    );
    for (const [id, doc] of docs) expect(docId(doc)).toBe(id);
  });

  it('keeps a deletion as a tombstone until the purge, then lets it go', () => {
    const recent = reflection({ id: 'r-recent', deletedAt: '2026-11-20T00:00:00.000Z' });
    const old = reflection({ id: 'r-old', deletedAt: '2026-10-01T00:00:00.000Z' });
    const docs = journalDocs(data({ reflections: [recent, old] }), PURGE_BEFORE);
    expect([...docs.keys()]).toEqual(['r:r-recent']);
  });
});

describe('readDoc: a server’s documents are hostile', () => {
  const good = (): SyncDoc & { _rev: string } => ({
    _id: 'r:r-1',
    _rev: '1-abc',
    kind: 'reflection',
    record: reflection({ id: 'r-1' }),
  });

  it('accepts a document this build writes, without CouchDB’s fields', () => {
    const read = readDoc(good());
    expect(read).toEqual({
      ok: true,
      doc: { _id: 'r:r-1', kind: 'reflection', record: reflection({ id: 'r-1' }) },
    });
  });

  it('keeps HTML in a text as text', () => {
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const read = readDoc({ ...good(), record: { ...good().record, text } });
    expect(read.ok && read.doc.kind === 'reflection' && read.doc.record.text).toBe(text);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'not_object'],
    ['an array', [good()], 'not_object'],
    ['a string', 'garbage', 'not_object'],
    ['an unknown kind', { ...good(), kind: 'draft' }, 'invalid'],
    ['a number for a text', { ...good(), record: { ...good().record, text: 42 } }, 'invalid'],
    [
      'a text over the limit',
      { ...good(), record: { ...good().record, text: 'x'.repeat(50_001) } },
      'invalid',
    ],
    ['an extra field', { ...good(), extra: 1 }, 'invalid'],
    [
      'an extra field in the record',
      { ...good(), record: { ...good().record, html: '<b>' } },
      'invalid',
    ],
    ['a bad time', { ...good(), record: { ...good().record, updatedAt: 'yesterday' } }, 'invalid'],
    ['an id that is not its record’s', { ...good(), _id: 'r:r-2' }, 'wrong_id'],
    ['a record under another kind’s id', { ...good(), _id: 'p:r-1' }, 'wrong_id'],
    [
      'a huge document',
      { ...good(), _revisions: { ids: ['x'.repeat(MAX_DOC_CHARS)] } },
      'too_large',
    ],
    [
      'a setting of the wrong type',
      { _id: 's:showQuotes', kind: 'setting', record: { key: 'showQuotes', value: 'yes' } },
      'invalid',
    ],
    [
      'a setting the companion does not sync',
      { _id: 's:pack', kind: 'setting', record: { key: 'pack', value: {} } },
      'invalid',
    ],
  ])('refuses %s', (_name, raw, why) => {
    expect(readDoc(raw)).toEqual({ ok: false, why });
    expect(acceptableDoc(raw)).toBe(false);
  });

  it('refuses a __proto__ key rather than reading it', () => {
    const raw = JSON.parse(
      `{"_id":"r:r-1","kind":"reflection","record":${JSON.stringify(good().record)},"__proto__":{"polluted":true}}`,
    ) as unknown;
    expect(readDoc(raw)).toEqual({ ok: false, why: 'invalid' });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('lets a deletion through the pull (how a purged tombstone leaves), but not a huge id', () => {
    expect(acceptableDoc({ _id: 'r:r-1', _rev: '2-x', _deleted: true })).toBe(true);
    expect(acceptableDoc({ _id: 'x'.repeat(600), _rev: '2-x', _deleted: true })).toBe(false);
  });

  it('accepts every kind this build writes', () => {
    const docs = journalDocs(
      data({
        reflections: [reflection({ id: 'r-1' })],
        progress: [progress('civil-power')],
        learnerLinks: [learnerLink('civil-power')],
        settings: { overlay: { side: 'right', expanded: false }, lastExportAt: NOW },
      }),
      PURGE_BEFORE,
    );
    for (const doc of docs.values())
      expect(readDoc({ ...doc, _rev: '1-a' })).toEqual({ ok: true, doc });
  });
});
