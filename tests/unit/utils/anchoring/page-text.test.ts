import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetAt, rangeAt, readPageText } from '../../../../utils/anchoring/page-text';
import { LIMITS } from '../../../../utils/protocol/limits';

const read = (html: string) => {
  document.body.innerHTML = html;
  return readPageText(document);
};

/** Every Text node under `root`, in document order (skipped ones included). */
function textNodes(root: Node): Text[] {
  const found: Text[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) found.push(n as Text);
    n.childNodes.forEach(walk);
  };
  walk(root);
  return found;
}

describe('readPageText', () => {
  it('collapses each run of whitespace to one space, with none at either end', () => {
    expect(read('  <span>\n The\tsocial </span>  <b> economy</b>\u00a0 needs \n').text).toBe(
      'The social economy needs',
    );
  });

  it('reads a space at the start and end of block elements, but not of inline ones', () => {
    expect(read('<ul><li>One</li><li>Two</li></ul>after<br>line<p>x</p>y').text).toBe(
      'One Two after line x y',
    );
    expect(read('<p>in<b>line</b><i>d</i></p>').text).toBe('inlined');
    expect(read('<table><tr><td>a</td><td> b </td></tr></table>').text).toBe('a b');
  });

  it('leaves out scripts, styles, templates, noscript and text areas, with their subtrees', () => {
    const page = read(
      'a<script>var x = 1;</script><style>p{}</style><noscript><p>no js</p></noscript>' +
        '<template><p>t</p></template><textarea>typed</textarea>b',
    );
    expect(page.text).toBe('ab');
    expect(page.nodes.map((n) => n.data)).toEqual(['a', 'b']);
  });

  it('reads an empty body, or no body, as no text', () => {
    expect(read('').text).toBe('');
    expect(read('<p>  \n </p>').text).toBe('');
    const doc = document.implementation.createDocument(null, 'root', null);
    expect(readPageText(doc).text).toBe('');
  });

  it('reads at most LIMITS.pageText characters, or as many as asked', () => {
    document.body.innerHTML = '<p>0123456</p><p>789abcdef</p><p>never read</p>';
    const page = readPageText(document, 10);
    expect(page.text).toBe('0123456 78');
    expect(page.nodes).toHaveLength(2);
    expect(offsetAt(page, page.nodes[1]!, 9)).toBe(10);
    expect(offsetAt(page, document.body, 3)).toBe(10);
    expect(rangeAt(page, 8, 10)!.toString()).toBe('78');
    document.body.innerHTML = `<p>${'x'.repeat(LIMITS.pageText + 5)}</p>`;
    expect(readPageText(document).text).toHaveLength(LIMITS.pageText);
  });
});

describe('offsetAt and rangeAt', () => {
  it('maps points in text nodes, elements and skipped subtrees', () => {
    const page = read('<ul id="u"><li>One</li><li>  Two  </li></ul><script>x</script><p>end</p>');
    expect(page.text).toBe('One Two end');
    const [one, two, script, end] = textNodes(document.body);
    expect(offsetAt(page, one!, 0)).toBe(0);
    expect(offsetAt(page, one!, 3)).toBe(3);
    expect(offsetAt(page, two!, 0)).toBe(4); // after the list item's space
    expect(offsetAt(page, two!, 2)).toBe(4);
    expect(offsetAt(page, two!, 5)).toBe(7);
    expect(offsetAt(page, two!, 6)).toBe(8); // after the trailing whitespace's space
    expect(offsetAt(page, document.getElementById('u')!, 1)).toBe(4); // before the second item
    expect(offsetAt(page, script!, 1)).toBe(8); // the text read next
    expect(offsetAt(page, end!, 3)).toBe(11);
    expect(offsetAt(page, document.body, document.body.childNodes.length)).toBe(11);
    expect(offsetAt(page, document.body, 0)).toBe(0);
  });

  it('gives the tightest range over an offset span, or null outside the text', () => {
    const page = read('<p>a   b</p><p>c</p>');
    expect(page.text).toBe('a b c');
    const range = rangeAt(page, 2, 5)!;
    expect(range.toString()).toBe('bc');
    expect([range.startOffset, range.endOffset]).toEqual([4, 1]);
    expect(rangeAt(page, 0, 2)!.toString()).toBe('a ');
    expect(rangeAt(page, 3, 3)).toBeNull();
    expect(rangeAt(page, 4, 6)).toBeNull();
    expect(rangeAt(page, -1, 2)).toBeNull();
    expect(rangeAt(page, 0.5, 2)).toBeNull();
    expect(rangeAt(read(''), 0, 1)).toBeNull();
  });

  /** A random document: inline and block elements, skipped ones, whitespace, surrogates. */
  const piece: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc
        .array(fc.constantFrom(' ', '\n', '\t', 'a', 'b', '😀', 'é', '\u00a0'), { maxLength: 6 })
        .map((chars) => chars.join('')),
      fc.constantFrom('<br>', '<hr>', '<script>Q Z</script>', '<style>X</style>'),
      fc
        .tuple(fc.constantFrom('p', 'span', 'li', 'b', 'div', 'td'), fc.array(tie('node')))
        .map(([tag, kids]) =>
          tag === 'td'
            ? `<table><tr><td>${kids.join('')}</td></tr></table>`
            : `<${tag}>${kids.join('')}</${tag}>`,
        ),
    ),
  })).node;

  it('round-trips every span of the text through a DOM range', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const page = read(pieces.join(''));
        const { text } = page;
        if (text.length === 0) return;
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const range = rangeAt(page, start, end)!;
        expect(offsetAt(page, range.startContainer, range.startOffset)).toBe(start);
        expect(offsetAt(page, range.endContainer, range.endOffset)).toBe(end);
        // The range holds the span's characters (block spaces are not in the DOM; skipped
        // subtrees are, so drop their text).
        const strip = (s: string) => s.replace(/[\sQZX]+/g, '');
        expect(strip(range.toString())).toBe(strip(text.slice(start, end)));
      }),
      { numRuns: 300 },
    );
  });

  it('maps every raw point of every node read into the text, in order', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const page = read(pieces.join(''));
        let previous = 0;
        for (const node of page.nodes) {
          for (let k = 0; k <= node.length; k++) {
            const offset = offsetAt(page, node, k);
            expect(offset).toBeGreaterThanOrEqual(previous);
            expect(offset).toBeLessThanOrEqual(page.text.length);
            previous = offset;
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads a long article in one pass and maps its far end', () => {
    const paragraph = `<p>${'word '.repeat(4)}<b>bold</b> and <i>more  text</i>\n</p>`;
    const page = read(paragraph.repeat(1_000));
    expect(page.nodes.length).toBe(5_000);
    expect(page.text.length).toBe(39_000 - 1);
    const last = page.nodes.at(-1)!;
    expect(rangeAt(page, page.text.length - 9, page.text.length)!.toString()).toBe('more  text');
    expect(offsetAt(page, last, last.length)).toBe(page.text.length);
  });
});
