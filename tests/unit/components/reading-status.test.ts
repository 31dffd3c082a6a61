import { describe, expect, it } from 'vitest';
import { readingStatus } from '../../../components/reading-status';
import type { Progress } from '../../../utils/protocol/records';

describe('readingStatus', () => {
  const p = (over: Partial<Progress>): Progress => ({
    key: 'k',
    courseId: 'c',
    sessionId: 's',
    resourceId: 'r',
    firstOpenedAt: null,
    lastOpenedAt: null,
    doneAt: null,
    ...over,
  });
  it.each([
    [null, 'not_started'],
    [p({}), 'not_started'],
    [p({ firstOpenedAt: '2026-11-28T10:00:00Z' }), 'in_progress'],
    [p({ firstOpenedAt: '2026-11-28T10:00:00Z', doneAt: '2026-11-28T11:00:00Z' }), 'done'],
  ])('%o is %s', (progress, status) => {
    expect(readingStatus(progress)).toBe(status);
  });
});
