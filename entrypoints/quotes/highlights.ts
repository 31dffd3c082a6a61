/**
 * The highlights of the learner's quotes, drawn where the page cannot read them: boxes inside
 * the overlay's closed shadow root (a built-in host element the reading script made), placed
 * over the rectangles of the quoted text. Nothing in the page's DOM changes and nothing is
 * registered with `CSS.highlights` (which the page can list). The boxes take no pointer events,
 * so the page's hit tests (`elementFromPoint`, hover) never find them; a click is matched to a
 * highlight by its coordinates instead (see {@link Highlights.hit}).
 *
 * Each highlight carries its mark twice: a colour and, for those who cannot tell colours
 * apart, a line style and the outcome's number at its start.
 */

/** One quote found in the page. */
export interface Spot {
  id: string;
  range: Range;
  /** The outcome's 1-based place in the session (its colour, line and number), or 0. */
  mark: number;
}

/** The highlights' layer. */
export interface Highlights {
  /** Draw `spots` (or nothing when `show` is false) in `shadow`; call again after any change. */
  draw(shadow: ShadowRoot | null, spots: readonly Spot[], show: boolean): void;
  /** The quote whose text is under the viewport point (`clientX`, `clientY`), if any. */
  hit(x: number, y: number): string | null;
  /** Mark one quote for a moment (after the overlay scrolled the page to it). */
  flash(id: string): void;
  /** Take the layer out. */
  remove(): void;
}

/** Colours by outcome (tint, line), readable on light pages; a seventh outcome takes the first. */
const COLOURS = [
  ['rgba(255,214,0,.38)', '#7a5c00'],
  ['rgba(64,160,255,.30)', '#0b4f8a'],
  ['rgba(60,200,110,.32)', '#1d6b3a'],
  ['rgba(255,110,170,.30)', '#8c1f52'],
  ['rgba(255,150,40,.32)', '#8a4300'],
  ['rgba(160,110,255,.30)', '#4f2a99'],
] as const;
/** Line styles by outcome: the cue that does not depend on colour. */
const LINES = ['solid', 'dashed', 'dotted', 'double'] as const;
const NONE = ['rgba(140,140,140,.30)', '#444'] as const;

const CSS = `
.layer { position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: visible;
  pointer-events: none; z-index: 2147483646; }
.box { position: absolute; pointer-events: none; mix-blend-mode: multiply;
  border-bottom-width: 2px; box-sizing: border-box; border-radius: 2px; }
.num { position: absolute; pointer-events: none; font: 700 10px/12px system-ui, sans-serif;
  min-width: 12px; padding: 0 2px; text-align: center; border-radius: 6px; color: #fff;
  transform: translate(-50%, -70%); }
.flash { outline: 3px solid #1d5b3a; outline-offset: 1px; }
`;

/** The rectangles of the text (not of whole elements) a range covers, in viewport terms. */
function textRects(range: Range): DOMRect[] {
  const doc = range.startContainer.ownerDocument;
  if (!doc || range.collapsed) return [];
  const rects: DOMRect[] = [];
  const walker = doc.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  let node: Node | null =
    range.commonAncestorContainer.nodeType === Node.TEXT_NODE
      ? range.commonAncestorContainer
      : walker.nextNode();
  const part = doc.createRange();
  while (node) {
    if (range.intersectsNode(node) && /\S/.test(node.nodeValue ?? '')) {
      part.selectNodeContents(node);
      if (node === range.startContainer) part.setStart(node, range.startOffset);
      if (node === range.endContainer) part.setEnd(node, range.endOffset);
      for (const r of part.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
    }
    if (node === range.commonAncestorContainer) break;
    node = walker.nextNode();
  }
  return rects;
}

/** Make the highlights' layer of a document. */
export function createHighlights(doc: Document = document): Highlights {
  const layer = doc.createElement('div');
  layer.className = 'layer';
  layer.setAttribute('aria-hidden', 'true');
  const style = doc.createElement('style');
  style.textContent = CSS;
  let spots: readonly Spot[] = [];
  let shown = false;
  const flashing = new Set<string>();

  const paint = () => {
    const origin = layer.getBoundingClientRect();
    const boxes: HTMLElement[] = [];
    for (const spot of spots) {
      if (!shown && !flashing.has(spot.id)) continue;
      const [tint, line] = (spot.mark > 0 && COLOURS[(spot.mark - 1) % COLOURS.length]) || NONE;
      const lineStyle = (spot.mark > 0 && LINES[(spot.mark - 1) % LINES.length]) || 'dotted';
      const rects = textRects(spot.range);
      rects.forEach((r, i) => {
        const box = doc.createElement('div');
        box.className = flashing.has(spot.id) ? 'box flash' : 'box';
        box.style.cssText = `left:${r.left - origin.left}px;top:${r.top - origin.top}px;width:${r.width}px;height:${r.height}px;background:${tint};border-bottom:2px ${lineStyle} ${line}`;
        boxes.push(box);
        if (i === 0) {
          const num = doc.createElement('span');
          num.className = 'num';
          num.textContent = spot.mark > 0 ? String(spot.mark) : '•';
          num.style.cssText = `left:${r.left - origin.left}px;top:${r.top - origin.top}px;background:${line}`;
          boxes.push(num);
        }
      });
    }
    layer.replaceChildren(...boxes);
  };

  return {
    draw(shadow, next, show) {
      spots = next;
      shown = show;
      if (!shadow || spots.length === 0) {
        layer.remove();
        style.remove();
        return;
      }
      if (layer.getRootNode() !== shadow) shadow.append(style, layer);
      paint();
    },
    hit(x, y) {
      if (!shown || !layer.isConnected) return null;
      for (const spot of spots)
        for (const r of textRects(spot.range))
          if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return spot.id;
      return null;
    },
    flash(id) {
      flashing.add(id);
      if (layer.isConnected) paint();
      setTimeout(() => {
        flashing.delete(id);
        if (layer.isConnected) paint();
      }, 1500);
    },
    remove() {
      layer.remove();
      style.remove();
    },
  };
}
