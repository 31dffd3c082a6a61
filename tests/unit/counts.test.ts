import { describe, expect, it } from 'vitest';
import { countReflections } from '../../entrypoints/background/router';
import type { Reflection } from '../../utils/protocol/records';
import { countOf } from '../../utils/protocol/messages';

// Ids a pack may legally use that are also names on Object.prototype: counted in a plain `{}`,
// they read the prototype's function ("NaN reflections") or, for `__proto__`, swap the prototype.
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

const reflection = (resourceId: string, outcomeIds: string[]) =>
  ({ resourceId, outcomeIds }) as unknown as Reflection;

describe('reflection counts with Object.prototype names as ids', () => {
  it('counts each id as a number, also after the JSON message boundary', () => {
    const counts = countReflections(NAMES.map((id) => reflection(id, [id])));
    // Runtime messages are JSON-serialised in Chromium: the popup sees a plain object again.
    const received = JSON.parse(JSON.stringify(counts)) as typeof counts;
    for (const id of NAMES) {
      expect(countOf(counts.byOutcome, id)).toBe(1);
      expect(countOf(counts.byResource, id)).toBe(1);
      expect(countOf(received.byOutcome, id)).toBe(1);
      expect(countOf(received.byResource, id)).toBe(1);
    }
    expect(counts.total).toBe(4);
  });

  it('reads an id nobody reflected on as 0, not as a prototype function', () => {
    const received = JSON.parse(JSON.stringify(countReflections([]))) as ReturnType<
      typeof countReflections
    >;
    for (const id of NAMES) {
      expect(countOf(received.byOutcome, id)).toBe(0);
      expect(countOf(received.byResource, id)).toBe(0);
    }
  });
});
