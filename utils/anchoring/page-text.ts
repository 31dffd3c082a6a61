/**
 * The page's text as quotes are taken and found in it: one string, read once per pass, and a
 * map back to the DOM. Pure DOM code for the page's isolated world (the reading script and
 * the quote script): no browser extension API.
 *
 * The text model: the Text nodes under `<body>` in document order, without the subtrees of
 * elements whose text is not read as prose (scripts, styles, templates, form text); every run
 * of whitespace (`\s`) becomes one space; a block element (paragraph, list item, cell,
 * heading, line break…) starts and ends with a space, so `<li>One</li><li>Two</li>` reads
 * "One Two"; no space at the start or the end. Offsets are UTF-16 code units here; positions
 * stored in a quote are code points (`utils/protocol/code-points.ts`).
 */
import { LIMITS } from '../protocol/limits';

/** Elements whose subtree is not read: its text is code, style or a form's editable value. */
const SKIPPED = /^(?:script|style|noscript|template|textarea)$/;

/** Elements that separate words: a space is read at their start and end. */
const BLOCKS =
  /^(?:p|div|li|h[1-6]|blockquote|tr|td|th|br|section|article|header|footer|aside|nav|pre|dt|dd|dl|figcaption|figure|ul|ol|table|main|hr|form|fieldset|details|summary)$/;

const WHITESPACE = /\s+/g;

// NodeFilter's values, spelled out: the filter runs in every page, whatever its globals.
const SHOW_ELEMENT_AND_TEXT = 0x1 | 0x4;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;

/** A page's text and the map between it and the page's Text nodes. */
export interface PageText {
  /** The normalized text, at most `LIMITS.pageText` code units. */
  readonly text: string;
  /** The Text nodes read, in document order. */
  readonly nodes: readonly Text[];
  /** Per node: the length of the text before it, and whether a space was owed there (1). */
  readonly before: readonly number[];
  readonly owed: readonly number[];
  /** Per node: the offset of the boundary point at its start. */
  readonly first: readonly number[];
}

/** True for a code unit `\s` matches (replayed inside one node only: a regular expression is small). */
const isSpace = (c: string) => ONE_SPACE.test(c);
const ONE_SPACE = /\s/;

/** The offset of a boundary point `owed` space(s) after `pos`: an owed space counts once there is text before it. */
const boundary = (pos: number, owed: boolean, length: number) =>
  Math.min(length, owed && pos > 0 ? pos + 1 : pos);

/**
 * Reads `doc`'s text (see the module's comment), at most `max` code units: one walk over the
 * body, fast enough for a long article on each pass.
 */
export function readPageText(doc: Document, max: number = LIMITS.pageText): PageText {
  const nodes: Text[] = [];
  const before: number[] = [];
  const owedAt: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let owed = false;
  const root = doc.body as HTMLElement | null;
  if (root) {
    const walker = doc.createTreeWalker(root, SHOW_ELEMENT_AND_TEXT, {
      acceptNode: (n) =>
        n.nodeType === 1 && SKIPPED.test((n as Element).localName) ? FILTER_REJECT : FILTER_ACCEPT,
    });
    const isBlock = (n: Node) => n.nodeType === 1 && BLOCKS.test((n as Element).localName);
    let node = walker.firstChild();
    while (node && length < max) {
      if (node.nodeType === 3) {
        const text = node as Text;
        nodes.push(text);
        before.push(length);
        owedAt.push(owed ? 1 : 0);
        const squashed = text.data.replace(WHITESPACE, ' ');
        let from = 0;
        let to = squashed.length;
        if (squashed.charCodeAt(0) === 32) {
          owed = true;
          from = 1;
        }
        if (to > from) {
          const trailing = squashed.charCodeAt(to - 1) === 32;
          if (trailing) to--;
          if (owed && length > 0) {
            parts.push(' ');
            length++;
          }
          parts.push(from === 0 && to === squashed.length ? squashed : squashed.slice(from, to));
          length += to - from;
          owed = trailing;
        }
      } else if (isBlock(node)) owed = true;
      if (walker.firstChild()) {
        node = walker.currentNode;
        continue;
      }
      // Leave the node, then each ancestor that has no next sibling, up to the body.
      node = null;
      for (;;) {
        if (isBlock(walker.currentNode)) owed = true;
        node = walker.nextSibling();
        if (node) break;
        const parent = walker.parentNode();
        if (!parent || parent === root) break;
      }
    }
  }
  const text = parts.join('').slice(0, max);
  return {
    text,
    nodes,
    before,
    owed: owedAt,
    first: before.map((pos, i) => boundary(pos, owedAt[i] === 1, text.length)),
  };
}

/**
 * Replays the whitespace collapse inside node `i` and returns the raw offset in it of the
 * first boundary point at or after `target` (`last` false; -1 when it lies after the node),
 * or of the last one at or before it (`last` true).
 */
function rawOffset(page: PageText, i: number, target: number, last: boolean): number {
  const data = page.nodes[i]?.data ?? '';
  const length = page.text.length;
  let pos = page.before[i] ?? 0;
  let owed = page.owed[i] === 1;
  for (let k = 0; k < data.length; k++) {
    if (!last && boundary(pos, owed, length) >= target) return k;
    if (isSpace(data.charAt(k))) owed = true;
    else {
      if (owed && pos > 0) pos++;
      owed = false;
      pos++;
    }
    if (last && boundary(pos, owed, length) > target) return k;
  }
  return last || boundary(pos, owed, length) >= target ? data.length : -1;
}

/** The offset in the text of raw offset `k` of node `i`. */
function offsetIn(page: PageText, i: number, k: number): number {
  const data = page.nodes[i]?.data ?? '';
  let pos = page.before[i] ?? 0;
  let owed = page.owed[i] === 1;
  for (let j = 0; j < Math.min(k, data.length); j++) {
    if (isSpace(data.charAt(j))) owed = true;
    else {
      if (owed && pos > 0) pos++;
      owed = false;
      pos++;
    }
  }
  return boundary(pos, owed, page.text.length);
}

/** The index of the last entry of the non-decreasing `values` that is ≤ `target`, or -1. */
function lastAtMost(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? Infinity) <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The offset in `page.text` of a DOM boundary point. Inside a Text node read, whitespace is
 * collapsed as reading does (a point just after a run of whitespace lies after its space);
 * anywhere else (an element, a skipped subtree), the offset of the first Text node read at
 * or after the point, or the text's end.
 */
export function offsetAt(page: PageText, node: Node, offset: number): number {
  const { nodes } = page;
  if (nodes.length === 0) return 0;
  let i: number;
  try {
    const point = (node.ownerDocument ?? (node as Document)).createRange();
    point.setStart(node, offset);
    // The last node read that starts at or before the point.
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (point.comparePoint(nodes[mid] as Text, 0) <= 0) lo = mid + 1;
      else hi = mid;
    }
    i = lo - 1;
  } catch {
    // Not a point in the page read (a removed node, another document, a bad offset).
    return 0;
  }
  if (i >= 0 && nodes[i] === node) return offsetIn(page, i, offset);
  return page.first[i + 1] ?? page.text.length;
}

/**
 * A DOM Range over `page.text.slice(start, end)` (code units), or null when the span is empty
 * or outside the text. Its ends are the tightest boundary points with those offsets, so it
 * holds no more raw whitespace than it must.
 */
export function rangeAt(page: PageText, start: number, end: number): Range | null {
  const { nodes, text } = page;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > text.length ||
    start >= end
  )
    return null;
  // The start: the last point at or before `start`, in the last node starting there or before.
  const i = Math.max(0, lastAtMost(page.first, start));
  // The end: the first point at or after `end`, in the last node starting before it, else at
  // the start of the next one.
  let j = Math.max(0, lastAtMost(page.first, end - 1));
  let endOffset = rawOffset(page, j, end, false);
  if (endOffset < 0) {
    j++;
    endOffset = 0;
  }
  const from = nodes[i];
  const to = nodes[j];
  if (!from || !to) return null;
  try {
    const range = from.ownerDocument.createRange();
    range.setStart(from, rawOffset(page, i, start, true));
    range.setEnd(to, endOffset);
    return range;
  } catch {
    // The page changed under the map (a node removed or shortened): read it again.
    return null;
  }
}
