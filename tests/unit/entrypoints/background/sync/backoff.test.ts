import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BACKOFF_MAX_MS,
  BACKOFF_MIN_MS,
  backoffMs,
} from '../../../../../entrypoints/background/sync/backoff';

describe('backoffMs', () => {
  it('doubles from the first wait', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1))).toEqual([
      BACKOFF_MIN_MS,
      2 * BACKOFF_MIN_MS,
      4 * BACKOFF_MIN_MS,
      8 * BACKOFF_MIN_MS,
    ]);
  });

  it('stays within its bounds, whatever the failures and the random draw', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (failures, random) => {
        const ms = backoffMs(failures, random);
        return ms >= BACKOFF_MIN_MS / 2 && ms <= BACKOFF_MAX_MS;
      }),
    );
  });

  it('reaches the longest wait and stays there', () => {
    expect(backoffMs(100, 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(100, 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});
