import { describe, expect, it, vi } from 'vitest';
import type { SyncBody } from '../../../../../entrypoints/background/sync/docs';
import { mergeRounds, readAsBackup } from '../../../../../entrypoints/background/sync/merge';
import type { Backup } from '../../../../../utils/journal/backup-format';
import { planImport } from '../../../../../utils/journal/backup-merge';
import type { Reflection } from '../../../../../utils/protocol/records';
import { progress, reflection } from '../../../utils/journal/backup-fixtures';

const AT = '2026-11-28T12:00:00.000Z';
const r = (over: Partial<Reflection>): SyncBody => ({
  kind: 'reflection',
  record: reflection(over),
});

describe('readAsBackup: the backup file’s checks', () => {
  it('reads good records as a backup of every course', () => {
    const { backup, refused } = readAsBackup([r({ id: 'r-1' }), r({ id: 'r-2' })], AT);
    expect(refused).toBe(0);
    expect(backup?.scope).toEqual({ sessionId: null });
    expect(backup?.reflections.map((x) => x.id)).toEqual(['r-1', 'r-2']);
  });

  it('drops a record the file checks refuse, and keeps the others', () => {
    // A progress key that is not courseId/resourceId passes the record schema but not the file.
    const bad: SyncBody = { kind: 'progress', record: progress('a', { key: 'seize-fse/b' }) };
    const { backup, refused } = readAsBackup([r({ id: 'r-1' }), bad, r({ id: 'r-2' })], AT);
    expect(refused).toBe(1);
    expect(backup?.reflections).toHaveLength(2);
    expect(backup?.progress).toEqual([]);
  });
});

describe('mergeRounds: merged as an import is', () => {
  it('keeps the words of both versions of a reflection changed on two devices', async () => {
    let stored: Reflection[] = [
      reflection({ id: 'r-1', text: 'mine', updatedAt: '2026-11-26T00:00:00.000Z' }),
    ];
    const apply = vi.fn(async (backup: Backup) => {
      const plan = planImport({ reflections: stored, drafts: [], progress: [] }, backup);
      const byId = new Map(stored.map((x) => [x.id, x]));
      for (const x of [...plan.add, ...plan.update, ...plan.conflicts]) byId.set(x.id, x);
      stored = [...byId.values()];
      return plan;
    });
    // The server's winning version and the conflicting one it also holds.
    const rounds = [
      [r({ id: 'r-1', text: 'theirs', updatedAt: '2026-11-27T00:00:00.000Z' })],
      [r({ id: 'r-1', text: 'another', updatedAt: '2026-11-25T00:00:00.000Z' })],
    ];
    const { plan, refused } = await mergeRounds(rounds, AT, apply);
    expect(refused).toBe(0);
    expect(apply).toHaveBeenCalledTimes(2);
    expect(stored.map((x) => x.text).sort()).toEqual(['another', 'mine', 'theirs']);
    expect(plan.update.map((x) => x.text)).toEqual(['theirs']);
  });
});
