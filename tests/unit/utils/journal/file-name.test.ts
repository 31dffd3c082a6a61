import { describe, expect, it } from 'vitest';
import { journalFileName } from '../../../../utils/journal/file-name';

const COURSE = 'seize-fse';

describe('journalFileName', () => {
  it.each([
    [{ sessionId: 'session-6', date: '2026-11-28' }, 'seize-fse_session-6_2026-11-28.json'],
    [{ sessionId: null, date: '2026-11-28' }, 'seize-fse_all-sessions_2026-11-28.json'],
    [
      { sessionId: 'session-6', date: '2026-11-28', ext: 'md' },
      'seize-fse_session-6_2026-11-28.md',
    ],
    [
      { sessionId: 'session-6', date: '2026-11-28', ext: 'jsonld', kind: 'annotations' },
      'seize-fse_session-6_2026-11-28_annotations.jsonld',
    ],
    [
      { sessionId: null, date: '2026-11-28', ext: 'jsonld', kind: '../Annotations' },
      'seize-fse_all-sessions_2026-11-28_annotations.jsonld',
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
    const name = journalFileName({ courseId: COURSE, ...opts });
    expect(name).toBe(expected);
    expect(name).toMatch(/^[a-z0-9_.-]+$/);
  });
});
