import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { backupToJson, buildBackup } from '../../../../utils/journal/backup-build';
import type { Backup } from '../../../../utils/journal/backup-format';
import {
  conflictOriginalId,
  isConflictCopy,
  planImport,
} from '../../../../utils/journal/backup-merge';
import { parseBackup } from '../../../../utils/journal/backup-parse';
import type { Reflection } from '../../../../utils/protocol/records';
import { ID_MAX, LIMITS, RECORD_ID_PATTERN } from '../../../../utils/protocol/limits';
import { RequestSchema } from '../../../../utils/protocol/request-schema';
import { backgroundForTest, contentScript, overlayFrame, READING, TOKEN } from '../../helpers';
import { COURSE, NOW, reflection } from '../journal/backup-fixtures';

const backupOf = (reflections: Reflection[]): Backup =>
  buildBackup(
    { reflections, drafts: [], progress: [], settings: {} },
    { courseId: COURSE, packVersion: '2026.11.1', sessionId: null, now: NOW },
  );

/** The reflection at every limit the learner's data has. */
const atTheLimits = reflection({
  id: 'A'.repeat(ID_MAX),
  text: 'x'.repeat(LIMITS.text),
  quote: {
    exact: 'q'.repeat(LIMITS.quote),
    prefix: 'p'.repeat(LIMITS.quoteContext),
    suffix: 's'.repeat(LIMITS.quoteContext),
    position: { start: LIMITS.pageText - LIMITS.quote, end: LIMITS.pageText },
    source: `https://www.grocer.coop/${'y'.repeat(LIMITS.url - 24)}`,
  },
  mediaTime: LIMITS.mediaTime,
  outcomeIds: Array.from({ length: LIMITS.outcomeIds }, (_, i) => `o${i}`),
  pageUrl: `https://www.grocer.coop/${'x'.repeat(LIMITS.url - 24)}`,
  pageTitle: 't'.repeat(LIMITS.pageTitle),
});

/** A save request carrying `r`'s fields, as the overlay's editor sends it. */
const saveRequest = (r: Reflection) => ({
  type: 'reflection:save',
  token: TOKEN,
  id: r.id,
  baseUpdatedAt: r.updatedAt,
  draftOwner: '0b1c2d3e-0000-4000-8000-000000000001',
  text: r.text,
  quote: r.quote,
  mediaTime: r.mediaTime,
  outcomeIds: r.outcomeIds,
});

describe('one set of limits for requests and backups', () => {
  it('a reflection at every limit is both a valid backup and a valid save request', () => {
    expect(atTheLimits.pageUrl).toHaveLength(LIMITS.url);
    expect(parseBackup(backupToJson(backupOf([atTheLimits])), { courseId: COURSE })).toMatchObject({
      ok: true,
    });
    expect(v.safeParse(RequestSchema, saveRequest(atTheLimits)).success).toBe(true);
  });

  it.each<[string, Partial<Reflection>]>([
    ['a 65-character id', { id: 'A'.repeat(ID_MAX + 1) }],
    ['an id with an underscore', { id: 'a_b' }],
    ['an id starting with a dash', { id: '-ab' }],
    [
      'a longer quote context',
      {
        quote: {
          exact: 'q',
          prefix: 'p'.repeat(LIMITS.quoteContext + 1),
          suffix: '',
          position: null,
          source: '',
        },
      },
    ],
    ['one outcome too many', { outcomeIds: [...atTheLimits.outcomeIds, 'o-last'] }],
    ['a longer text', { text: 'x'.repeat(LIMITS.text + 1) }],
    ['a later media time', { mediaTime: LIMITS.mediaTime + 1 }],
    [
      'an empty quote',
      { quote: { exact: '', prefix: '', suffix: '', position: null, source: '' } },
    ],
  ])('%s is refused by the backup and by the request alike', (_name, over) => {
    const r = reflection(over);
    expect(parseBackup(backupToJson(backupOf([r])), { courseId: COURSE })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(v.safeParse(RequestSchema, saveRequest(r)).success).toBe(false);
  });

  it('a reflection restored from a backup can be edited and deleted', async () => {
    const { handle, store } = await backgroundForTest();
    const restored = reflection({ ...atTheLimits, text: 'restored words' });
    const parsed = parseBackup(backupToJson(backupOf([restored])), { courseId: COURSE });
    if (!parsed.ok) throw new Error(parsed.error.detail);
    await store.applyImport(parsed.backup);
    await handle(
      { type: 'page:seen', url: READING, title: 'Civil Power', token: TOKEN },
      contentScript(2),
    );
    const edit = await handle(
      { ...saveRequest(restored), text: 'edited after the restore' },
      overlayFrame(2),
    );
    expect(edit).toMatchObject({
      ok: true,
      conflict: false,
      reflection: { id: restored.id, text: 'edited after the restore' },
    });
    const deleted = await handle(
      { type: 'reflection:delete', token: TOKEN, id: restored.id, restore: false },
      overlayFrame(2),
    );
    expect(deleted).toMatchObject({ ok: true, reflections: [] });
  });
});

describe('conflict copies', () => {
  it.each([
    ['a UUID', '6b0f3c2e-0d1a-4c39-9a51-1f4f1e7a0001'],
    ['an id of the greatest length', 'A'.repeat(ID_MAX)],
    ['a conflict copy itself', `${'b'.repeat(30)}--conflict-20261120100000000`],
  ])('of %s get an id within the limit, and a second import keeps no more', (_name, id) => {
    const mine = reflection({ id, text: 'mine', updatedAt: '2026-11-21T10:00:00.000Z' });
    const theirs = [1, 2, 3].map((n) =>
      reflection({ id, text: `theirs ${n}`, updatedAt: `2026-11-2${n}T09:00:00.000Z` }),
    );
    let existing = [mine];
    for (const incoming of theirs) {
      const plan = planImport(
        { reflections: existing, drafts: [], progress: [], settings: {} },
        backupOf([incoming]),
      );
      for (const copy of plan.conflicts) {
        expect(copy.id.length).toBeLessThanOrEqual(ID_MAX);
        expect(copy.id).toMatch(RECORD_ID_PATTERN);
        expect(isConflictCopy(copy.id)).toBe(true);
        expect(existing.some((r) => r.id === copy.id)).toBe(false);
      }
      const byId = new Map(existing.map((r) => [r.id, r]));
      for (const r of [...plan.add, ...plan.update, ...plan.conflicts]) byId.set(r.id, r);
      existing = [...byId.values()];
      const again = planImport(
        { reflections: existing, drafts: [], progress: [], settings: {} },
        backupOf([incoming]),
      );
      expect(again.conflicts).toEqual([]);
    }
    // Every version's words are kept.
    expect(existing.map((r) => r.text).sort()).toEqual(
      ['mine', 'theirs 1', 'theirs 2', 'theirs 3'].sort(),
    );
    expect(existing.filter((r) => r.id !== id).every((r) => isConflictCopy(r.id))).toBe(true);
    if (id.length < 40)
      for (const r of existing) expect(conflictOriginalId(r.id)).toBe(conflictOriginalId(id));
  });
});
