import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_KIND } from '../../../../utils/journal/backup-format';
import { backupToJson } from '../../../../utils/journal/backup-build';
import { parseBackup } from '../../../../utils/journal/backup-parse';
import { COURSE, backupOf, learnerLink, reflection, sampleData } from './backup-fixtures';

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

  it('carries the learner’s links: every course’s, sorted; a session’s alone in its backup', () => {
    const data = sampleData();
    data.learnerLinks.push(
      learnerLink('b-other-session', { sessionId: 'session-7' }),
      learnerLink('a-other-course', { courseId: 'another-course' }),
    );
    Object.assign(data.learnerLinks[0]!, { stray: true });
    const all = backupOf(data).learnerLinks ?? [];
    expect(all.map((l) => `${l.courseId}/${l.resourceId}`)).toEqual([
      'another-course/a-other-course',
      'seize-fse/b-other-session',
      'seize-fse/preston-model',
    ]);
    expect(all[2]).not.toHaveProperty('stray');
    expect(backupOf(data, 'session-6').learnerLinks).toEqual([learnerLink('preston-model')]);
  });
});
