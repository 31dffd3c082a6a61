import { describe, expect, it } from 'vitest';
import { isIsoTime } from '../../../../utils/protocol/schema-atoms';

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
