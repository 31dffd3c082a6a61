import { describe, expect, it } from 'vitest';
import { quoteOfRange } from '../../../../utils/anchoring/capture';
import { readPageText } from '../../../../utils/anchoring/page-text';
import { LIMITS, QUOTE_CONTEXT_KEPT } from '../../../../utils/protocol/limits';
import { codePoints } from '../../../../utils/protocol/code-points';

const SOURCE = 'https://example.org/article';

/** A range from `startText`'s `startOffset` to `endText`'s `endOffset` (Text nodes by index). */
function rangeOver(start: [Node, number], end: [Node, number]): Range {
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  return range;
}

describe('quoteOfRange', () => {
  it('quotes the page text a range covers, with its context and position', () => {
    document.body.innerHTML =
      '<p id="p">The social economy needs   a partner state that enables.</p>';
    const text = document.getElementById('p')!.firstChild as Text;
    const at = text.data.indexOf('a partner');
    const quote = quoteOfRange(
      readPageText(document),
      rangeOver([text, at], [text, at + 15]),
      SOURCE,
    );
    expect(quote).toEqual({
      exact: 'a partner state',
      prefix: 'The social economy needs ',
      suffix: ' that enables.',
      position: { start: 25, end: 40 },
      source: SOURCE,
    });
  });

  it('leaves out whitespace at either end and reads list items apart', () => {
    document.body.innerHTML = '<ul><li>One </li><li>Two</li></ul><p> </p>';
    const page = readPageText(document);
    const quote = quoteOfRange(page, rangeOver([document.body, 0], [document.body, 2]), SOURCE)!;
    expect(quote).toMatchObject({ exact: 'One Two', prefix: '', suffix: '' });
    expect(quote.position).toEqual({ start: 0, end: 7 });
    const spaces = document.querySelector('p')!;
    expect(quoteOfRange(page, rangeOver([spaces, 0], [spaces, 1]), SOURCE)).toBeNull();
  });

  it('keeps QUOTE_CONTEXT_KEPT characters around, and cuts a long passage to LIMITS.quote', () => {
    const before = 'b'.repeat(100);
    const passage = 'q'.repeat(LIMITS.quote + 10);
    document.body.innerHTML = `<p>${before} ${passage} after</p>`;
    const text = document.querySelector('p')!.firstChild as Text;
    const quote = quoteOfRange(
      readPageText(document),
      rangeOver([text, 101], [text, 101 + passage.length]),
      SOURCE,
    )!;
    expect(quote.exact).toHaveLength(LIMITS.quote);
    expect(quote.prefix).toBe(`${'b'.repeat(QUOTE_CONTEXT_KEPT - 1)} `);
    expect(quote.suffix).toBe('q'.repeat(10) + ' after');
  });

  it('counts the position in code points and never splits a surrogate pair', () => {
    document.body.innerHTML = '<p>😀😀 emoji <b>then 🎉 party</b> 😀</p>';
    const page = readPageText(document);
    const party = document.querySelector('b')!.firstChild as Text;
    const quote = quoteOfRange(page, rangeOver([party, 0], [party, party.length]), SOURCE)!;
    expect(quote.exact).toBe('then 🎉 party');
    expect(quote.position).toEqual({ start: 9, end: 9 + codePoints('then 🎉 party') });
    expect(quote.position!.end - quote.position!.start).toBe(12);
    expect(quote.suffix).toBe(' 😀');
    // An end in the middle of a pair leaves that pair out of the quote.
    const emoji = document.querySelector('p')!.firstChild as Text;
    const cut = quoteOfRange(page, rangeOver([emoji, 1], [emoji, 4]), SOURCE)!;
    expect(cut.exact).toBe('😀');
    expect(cut.position).toEqual({ start: 1, end: 2 });
  });
});
