import { describe, expect, it } from 'vitest';
import { highlight } from '../../../../entrypoints/popup/ReflectionSearch';

describe('highlight', () => {
  it('marks every match', () => {
    const parts = highlight('State and state', 'state');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe(' and ');
    expect(highlight('text', '')).toEqual(['text']);
  });
});
