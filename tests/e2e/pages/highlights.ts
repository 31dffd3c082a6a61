/**
 * What the learner sees of their quotes' highlights, read the way no page can: the highlights
 * live in a closed shadow root, which only the browser's DevTools protocol (`DOM.getDocument`
 * with `pierce`) reaches. The page's own view is checked separately (hostile-page tests).
 */
import type { Page } from '@playwright/test';

/** A rectangle in the viewport's CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface CdpNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

const classOf = (n: CdpNode) => {
  const a = n.attributes ?? [];
  const i = a.indexOf('class');
  return i >= 0 ? (a[i + 1] ?? '') : '';
};

/**
 * The highlight boxes drawn in the page (one per line of each quote) and their outcome numbers,
 * as the learner sees them: in viewport coordinates.
 */
export async function highlights(page: Page): Promise<{ boxes: Box[]; numbers: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: CdpNode;
    };
    const boxes: CdpNode[] = [];
    const numbers: CdpNode[] = [];
    const walk = (n: CdpNode, inShadow: boolean) => {
      if (inShadow && n.nodeName === 'DIV' && classOf(n).split(' ').includes('box')) boxes.push(n);
      if (inShadow && n.nodeName === 'SPAN' && classOf(n) === 'num') numbers.push(n);
      for (const c of n.children ?? []) walk(c, inShadow);
      for (const s of n.shadowRoots ?? []) walk(s, true);
    };
    walk(root, false);
    const rects = await Promise.all(
      boxes.map(async (b) => {
        const { model } = await cdp.send('DOM.getBoxModel', { nodeId: b.nodeId });
        const [x1 = 0, y1 = 0, x2 = 0, , , y3 = 0] = model.border;
        return { x: x1, y: y1, width: x2 - x1, height: y3 - y1 };
      }),
    );
    const labels = await Promise.all(
      numbers.map(async (n) => {
        const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId: n.nodeId });
        return outerHTML.replace(/<[^>]+>/g, '');
      }),
    );
    return { boxes: rects, numbers: labels };
  } finally {
    await cdp.detach();
  }
}

/**
 * The viewport rectangles of the first occurrence of `text` in the page's body (within one
 * text node, whitespace runs read as one space; none when it is not there); with `select`, also
 * select it, as the learner does before quoting it.
 */
export async function textBoxes(page: Page, text: string, select = false): Promise<Box[]> {
  return page.evaluate(
    ([wanted, andSelect]) => {
      // The first text node that holds `wanted` once its whitespace runs read as one space.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const data = (n as Text).data;
        const map: number[] = [];
        let squashed = '';
        for (let i = 0; i < data.length; i++) {
          const space = /\s/.test(data[i]!);
          if (space && squashed.endsWith(' ')) continue;
          map.push(i);
          squashed += space ? ' ' : data.charAt(i);
        }
        const at = squashed.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, map[at]!);
        range.setEnd(n, map[at + wanted.length - 1]! + 1);
        if (andSelect) {
          getSelection()!.removeAllRanges();
          getSelection()!.addRange(range);
        }
        return [...range.getClientRects()]
          .filter((r) => r.width > 0)
          .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
      }
      return []; // not (or not yet) in the page
    },
    [text, select] as const,
  );
}

/** Does every box of `drawn` lie on one of `text`'s boxes (within a pixel or two)? */
export function covers(drawn: Box[], text: Box[]): boolean {
  const near = (a: number, b: number) => Math.abs(a - b) <= 2;
  return (
    text.length > 0 &&
    drawn.length === text.length &&
    text.every((t) =>
      drawn.some(
        (d) =>
          near(d.x, t.x) && near(d.y, t.y) && near(d.width, t.width) && near(d.height, t.height),
      ),
    )
  );
}
