import { describe, expect, it } from 'vitest';
import { codePointIndex, findQuote } from '../../../../utils/anchoring/match';
import { codePoints } from '../../../../utils/protocol/code-points';
import { LIMITS } from '../../../../utils/protocol/limits';

const ARTICLE =
  'The social economy needs a partner state that enables. Cooperatives pool their ' +
  'members’ savings to buy what no one of them could. A partner state that enables is one ' +
  'that listens before it spends. Mutual aid networks grew in every city during the crisis, ' +
  'and many of them are still running today with volunteers from the neighbourhood.';

/** The quote of `text.slice(start, end)` as the reading script takes it. */
function quoteAt(text: string, start: number, end: number) {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - 32), start),
    suffix: text.slice(end, end + 32),
    position: { start: codePoints(text, start), end: codePoints(text, end) },
  };
}

const quoteOf = (text: string, exact: string, occurrence = 0) => {
  let at = text.indexOf(exact);
  for (let i = 0; i < occurrence; i++) at = text.indexOf(exact, at + 1);
  return quoteAt(text, at, at + exact.length);
};

describe('codePointIndex', () => {
  it('is the identity without surrogate pairs, and skips each pair before an offset', () => {
    expect(codePointIndex('plain text')(7)).toBe(7);
    const text = 'a😀b😀😀c';
    const toUnits = codePointIndex(text);
    expect([0, 1, 2, 3, 4, 5, 6].map(toUnits)).toEqual([0, 1, 3, 4, 6, 8, 9]);
    for (const cp of [0, 1, 2, 3, 4, 5, 6]) expect(codePoints(text, toUnits(cp))).toBe(cp);
  });
});

describe('findQuote', () => {
  it('takes the position when the text there is the quote', () => {
    const quote = quoteOf(ARTICLE, 'partner state that enables', 1);
    expect(findQuote(ARTICLE, quote)).toEqual({
      start: quote.position.start,
      end: quote.position.end,
      how: 'position',
    });
  });

  it('finds the exact text elsewhere when the position is stale', () => {
    const quote = quoteOf(ARTICLE, 'Cooperatives pool');
    const moved = `A new first sentence. ${ARTICLE}`;
    expect(findQuote(moved, quote)).toEqual({
      start: moved.indexOf('Cooperatives pool'),
      end: moved.indexOf('Cooperatives pool') + 17,
      how: 'exact',
    });
    expect(findQuote(moved, { ...quote, position: null })?.how).toBe('exact');
  });

  it('tells repeated passages apart by their context, then by nearness', () => {
    const second = quoteOf(ARTICLE, 'partner state that enables', 1);
    const moved = `Preface. ${ARTICLE}`;
    const expected = moved.lastIndexOf('partner state that enables');
    // Without a position, only the context tells them apart.
    expect(findQuote(moved, { ...second, position: null })?.start).toBe(expected);
    // With no context either, the occurrence nearest to where it was wins.
    const bare = { ...second, prefix: '', suffix: '' };
    expect(findQuote(moved, bare)?.start).toBe(expected);
    expect(findQuote(moved, { ...bare, position: { start: 0, end: 26 } })?.start).toBe(
      moved.indexOf('partner state that enables'),
    );
  });

  it('finds a quote whose sentence was edited a little, as a fuzzy match', () => {
    const quote = quoteOf(ARTICLE, 'Mutual aid networks grew in every city during the crisis');
    const edited = ARTICLE.replace('grew in every city', 'grew in almost every city');
    const found = findQuote(edited, quote)!;
    expect(found.how).toBe('fuzzy');
    expect(edited.slice(found.start, found.end)).toBe(
      'Mutual aid networks grew in almost every city during the crisis',
    );
    // Far from where it was, the whole text is searched.
    const far = `${'Filler words here. '.repeat(400)}${edited}`;
    const farFound = findQuote(far, quote)!;
    expect(far.slice(farFound.start, farFound.end)).toContain('almost every city');
  });

  it('returns null for a passage that is gone', () => {
    const quote = quoteOf(ARTICLE, 'Cooperatives pool their members’ savings to buy what no one');
    const cut = ARTICLE.replace(/Cooperatives[^.]*\./, 'Something else entirely happened here.');
    expect(findQuote(cut, quote)).toBeNull();
  });

  it('does not fuzzy-match a short quote to whatever is near', () => {
    // "stater" is one edit from "state" and a few other words, but its context is gone.
    const quote = { exact: 'stater', prefix: 'the old ', suffix: ' of things', position: null };
    expect(findQuote(ARTICLE, quote)).toBeNull();
    expect(findQuote(ARTICLE, { exact: 'zzz', prefix: '', suffix: '', position: null })).toBeNull();
    // With its context still there, it is found.
    const text = 'In the old stator of things, nothing moved.';
    expect(findQuote(text, quote)).toMatchObject({ start: 11, end: 17, how: 'fuzzy' });
  });

  it('survives hostile input: empty text, empty or huge quote, positions outside the text', () => {
    const quote = quoteOf(ARTICLE, 'Mutual aid');
    expect(findQuote('', quote)).toBeNull();
    expect(findQuote(ARTICLE, { ...quote, exact: '' })).toBeNull();
    const huge = 'x'.repeat(LIMITS.quote + 1);
    expect(findQuote(huge + huge, { ...quote, exact: huge })).toBeNull();
    expect(findQuote(ARTICLE, { ...quote, position: { start: 1e9, end: 1e9 + 10 } })?.how).toBe(
      'exact',
    );
    const long = 'y'.repeat(LIMITS.quote);
    expect(findQuote(`a ${long} b`, { ...quote, exact: long })).toMatchObject({ start: 2 });
  });

  it('converts positions past surrogate pairs to code units', () => {
    const text = `😀 emoji first, ${ARTICLE}`;
    const quote = quoteOf(text, 'Cooperatives pool');
    expect(quote.position.start).toBe(text.indexOf('Cooperatives') - 1);
    expect(findQuote(text, quote)).toMatchObject({
      start: text.indexOf('Cooperatives'),
      how: 'position',
    });
  });
});
