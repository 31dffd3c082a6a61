import { describe, expect, it } from 'vitest';
import { anchorQuotes } from '../../../../utils/anchoring/anchor';
import { quoteOfRange } from '../../../../utils/anchoring/capture';
import { rangeAt, readPageText } from '../../../../utils/anchoring/page-text';
import type { Quote } from '../../../../utils/protocol/records';

const PAGE = `
  <h1>On 😀 partner states</h1>
  <p id="a">The social economy needs a partner state that enables.</p>
  <p id="b">Mutual aid networks grew in every city during the crisis.</p>
  <p id="c">Cooperatives pool their members’ savings.</p>`;

/** Takes a quote of element `id`'s whole text, as the reading script would. */
function take(id: string): Quote {
  const text = document.getElementById(id)!.firstChild as Text;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, text.length);
  return quoteOfRange(readPageText(document), range, 'https://example.org/')!;
}

describe('anchorQuotes', () => {
  it('finds each quote after the page changed, and gives null for one that is gone', () => {
    document.body.innerHTML = PAGE;
    const quotes = ['a', 'b', 'c'].map(take);
    // The page inserts a paragraph before, edits the second quote and removes the third.
    document
      .getElementById('a')!
      .before(Object.assign(document.createElement('p'), { textContent: 'New!' }));
    const b = document.getElementById('b')!.firstChild as Text;
    b.data = b.data.replace('every city', 'every single city');
    document.getElementById('c')!.remove();
    const page = readPageText(document);
    const found = anchorQuotes(page, quotes);
    expect(found.map((f) => f?.how ?? null)).toEqual(['exact', 'fuzzy', null]);
    expect(rangeAt(page, found[0]!.start, found[0]!.end)!.toString()).toBe(
      'The social economy needs a partner state that enables.',
    );
    expect(page.text.slice(found[1]!.start, found[1]!.end)).toBe(
      'Mutual aid networks grew in every single city during the crisis.',
    );
  });

  it('finds quotes at their position on an unchanged page', () => {
    document.body.innerHTML = PAGE;
    const quotes = ['c', 'a'].map(take);
    const page = readPageText(document);
    const found = anchorQuotes(page, quotes);
    expect(found.map((f) => f?.how)).toEqual(['position', 'position']);
    expect(page.text.slice(found[0]!.start, found[0]!.end)).toBe(quotes[0]!.exact);
    expect(anchorQuotes(page, [])).toEqual([]);
  });
});
