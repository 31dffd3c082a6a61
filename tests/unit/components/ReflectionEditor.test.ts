import { describe, expect, it } from 'vitest';
import { countWords } from '../../../components/ReflectionEditor';

describe('word count', () => {
  it.each([
    ['', 0],
    ['  ', 0],
    ['The State as a partner, not a replacement.', 8],
    ['L’État partenaire : une idée.', 4],
  ])('%j has %i words', (text, n) => {
    expect(countWords(text, 'fr')).toBe(n);
  });
});
