import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePack } from '../../../../content/pack-schema';
import { testPackText } from '../../../fixtures/test-pack';

describe('the shipped SEIZE pack', () => {
  const shipped = readFileSync(join(process.cwd(), 'content/packs/seize.json'), 'utf8');

  it('is valid', () => {
    expect(parsePack(JSON.parse(shipped)).ok).toBe(true);
  });

  // Every other test reads the frozen copy; the end-to-end tests load the build, which ships
  // this pack. If this fails, the shipped pack changed: update the frozen copy on purpose and
  // the end-to-end expectations that follow from it.
  it('is the frozen test pack, tests/fixtures/packs/seize-session-6.json', () => {
    expect(JSON.parse(shipped)).toEqual(JSON.parse(testPackText));
  });
});
