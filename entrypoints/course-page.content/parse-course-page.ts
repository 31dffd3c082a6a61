/**
 * Reads a session page of the course site (`…/curriculum/session-N`) in the page itself, so the
 * background can compare it with the pack (`diffSession`, content/session-diff.ts) and learn the
 * links the pack does not know yet.
 *
 * The page's HTML was never seen, only its text, so the parser relies on the text structure the
 * course uses and on element semantics (blocks, links, line breaks), never on CSS class names:
 *
 * ```text
 * Session 6 Resources              heading: "Session N …"
 * Building Power for Solidarity    title: the next block
 * If we want the solidarity …      intro: blocks up to "Learning Outcomes"
 * Learning Outcomes                then one block per outcome
 * Explore                          a kind line: Explore / Read / Watch / Listen
 * The Preston Model                the resource's title, usually a link
 * The Preston Model explains …     its one-paragraph blurb
 * …
 * Sessions / Contact               end of the session's content
 * ```
 */
import { RESOURCE_KINDS, type ResourceKind } from '../../content/kinds';
import { cleanText, type ParsedResource, type ParsedSession } from '../../content/session-diff';

/** A block of text as a reader sees it: a paragraph, heading, list item or `<br>`-separated line. */
interface Block {
  text: string;
  /** The `href` attributes of the links whose text is in this block, in order, unresolved. */
  hrefs: string[];
  /** The element holding the block's first text. */
  el: Element | null;
}

// Elements whose text runs on in the same line. Every other element starts a new block, so an
// unknown or custom element splits text rather than gluing two lines together.
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);

// Never course content. `nav` and `aside` (and their ARIA roles) are the site menu and sidebar;
// a page that builds them from plain divs is handled by where the parse starts and stops, and
// by keeping to the heading's `main` or `article`.
const SKIP_ROLES = new Set(['navigation', 'complementary', 'search']);
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'nav',
  'aside',
  'svg',
  'iframe',
  'button',
  'select',
  'textarea',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** The page's text blocks in document order. */
function blocksOf(doc: Document): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  let hrefs: string[] = [];
  let el: Element | null = null;
  const flush = () => {
    const text = cleanText(parts.join(''));
    if (text) blocks.push({ text, hrefs: [...new Set(hrefs)], el });
    parts = [];
    hrefs = [];
    el = null;
  };
  // The enclosing link is passed down rather than read at flush time, so a link that wraps a
  // block (`<a href><h3>Title</h3></a>`, valid HTML) still gives its block the link.
  const walk = (node: Node, href: string | null): void => {
    if (node.nodeType === TEXT_NODE) {
      const data = node.textContent ?? '';
      parts.push(data);
      if (data.trim()) {
        el ??= node.parentElement;
        if (href !== null) hrefs.push(href);
      }
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.localName;
    if (
      SKIP.has(tag) ||
      element.hasAttribute('hidden') ||
      SKIP_ROLES.has(element.getAttribute('role') ?? '')
    )
      return;
    if (tag === 'br' || tag === 'hr') {
      flush();
      return;
    }
    const block = !INLINE.has(tag);
    if (block) flush();
    const own = tag === 'a' ? element.getAttribute('href') : null;
    for (const child of Array.from(element.childNodes)) walk(child, own ?? href);
    if (block) flush();
  };
  // From the root, not `body`: <head> is skipped anyway, and a document may lack a body.
  walk(doc.documentElement, null);
  flush();
  return blocks;
}

const HEADING = /^session\s+(\d{1,3})\b/i;
const OUTCOMES = /^(?:learning\s+)?outcomes\s*:?$/i;
const KIND = new RegExp(`^(${RESOURCE_KINDS.join('|')})\\s*:?$`, 'i');
const STOP = /^(?:sessions|contact)\s*:?$/i;
const BULLET = /^[-–—•*·▪◦]\s+/;

/**
 * The session number a block announces, or null. A heading is short and is not a sentence, so
 * an intro that starts "Session 6 builds on…" is not taken for one.
 */
function headingNumber(text: string): number | null {
  const m = HEADING.exec(text);
  if (!m?.[1] || text.length > 100 || /[.!?,;]$/.test(text)) return null;
  return Number(m[1]);
}

/** The first http(s) link among `hrefs`, made absolute against `base`. */
function firstLink(hrefs: readonly string[], base: string): string | null {
  for (const href of hrefs) {
    try {
      const u = new URL(href.trim(), base);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) return u.href;
    } catch {
      // A malformed href is skipped like a javascript: one.
    }
  }
  return null;
}

/** The address relative links resolve against: the page's `<base href>` if any, else its URL. */
function baseOf(doc: Document, pageUrl: string): string {
  const base = doc.querySelector('base[href]')?.getAttribute('href');
  if (base) {
    try {
      return new URL(base, pageUrl).href;
    } catch {
      // Fall through to the page's own address.
    }
  }
  return pageUrl;
}

/**
 * Read a session from `blocks[at]`, a heading naming session `number`, up to a "Sessions" or
 * "Contact" line or the next session heading, whichever comes first.
 */
function readSession(
  blocks: readonly Block[],
  at: number,
  number: number,
  isHeading: (block: Block) => boolean,
  base: string,
): ParsedSession {
  const head = blocks[at];
  // The heading's `main` or `article`, if it has one: content outside it (a sidebar or footer
  // built from plain divs) is not the session's, however much it looks like a resource.
  const scope = head?.el?.closest('main, article') ?? null;
  let state: 'preamble' | 'outcomes' | 'resources' = 'preamble';
  let title = '';
  const intro: string[] = [];
  const outcomes: string[] = [];
  const resources: ParsedResource[] = [];
  // The resource being read: its kind, then its title, then its summary.
  let pending: ParsedResource | null = null;
  let expect: 'title' | 'summary' | 'nothing' = 'nothing';

  for (const block of blocks.slice(at + 1)) {
    if (isHeading(block)) break;
    if (scope && !(block.el && scope.contains(block.el))) continue;
    const { text } = block;
    if (STOP.test(text)) break;
    const kind = KIND.exec(text)?.[1]?.toLowerCase() as ResourceKind | undefined;
    if (kind && (state !== 'preamble' || title)) {
      if (pending && expect !== 'title') resources.push(pending);
      state = 'resources';
      pending = { kind, title: '', summary: '', link: null };
      expect = 'title';
    } else if (state === 'preamble') {
      if (!title) title = text;
      else if (OUTCOMES.test(text)) state = 'outcomes';
      else intro.push(text);
    } else if (state === 'outcomes') {
      outcomes.push(text.replace(BULLET, ''));
    } else if (pending && expect === 'title') {
      pending.title = text;
      pending.link = firstLink(block.hrefs, base);
      expect = 'summary';
    } else if (pending && expect === 'summary') {
      pending.summary = text;
      expect = 'nothing';
    }
  }
  if (pending && expect !== 'title') resources.push(pending);
  return {
    number,
    heading: head?.text ?? '',
    title,
    intro: intro.join('\n\n'),
    outcomes,
    resources,
  };
}

/**
 * The most the background accepts of a session page (`ParsedSessionSchema` in
 * utils/protocol/course-schema.ts, which stays the backstop). The parser keeps within them, so a
 * page with a long intro or many resources still teaches the links of the first ones instead
 * of being refused whole. Kept here, not imported, so the content script carries no schema.
 */
export const PAGE_LIMITS = {
  heading: 300,
  title: 300,
  intro: 5000,
  outcomes: 100,
  outcome: 1000,
  resources: 200,
  resourceTitle: 300,
  summary: 2000,
  link: 2048,
} as const;

/** `text` cut to at most `max` characters, never in the middle of a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}

/** A parsed session kept within {@link PAGE_LIMITS}: texts cut, the first N lists kept. */
function clamp(session: ParsedSession): ParsedSession {
  const L = PAGE_LIMITS;
  return {
    number: session.number,
    heading: cut(session.heading, L.heading),
    title: cut(session.title, L.title),
    intro: cut(session.intro, L.intro),
    outcomes: session.outcomes.slice(0, L.outcomes).map((o) => cut(o, L.outcome)),
    resources: session.resources.slice(0, L.resources).map((r) => ({
      kind: r.kind,
      title: cut(r.title, L.resourceTitle),
      summary: cut(r.summary, L.summary),
      // A link cut short would be another address: drop it instead.
      link: r.link !== null && r.link.length <= L.link ? r.link : null,
    })),
  };
}

/**
 * Parse a course session page into its heading, title, intro, outcomes and resources.
 *
 * A session starts at a "Session N …" heading line and ends at a "Sessions" or "Contact" line
 * or the next such heading. When the page has several (a breadcrumb, a menu of sessions built
 * from plain divs, the real heading), the one followed by the most resources wins, the first on
 * a tie. When `pageUrl` ends in `session-N`, only headings naming session N count.
 *
 * A kind line must be exactly Explore, Read, Watch or Listen (any case, optional colon), so
 * "Read more" is not one. After a kind line, the next block is the title (its first http(s)
 * link is the resource's link) and the block after that is the blurb; anything else before the
 * next kind line is ignored. Text in `nav`, `aside`, scripts and hidden elements is never read,
 * and when the heading is inside a `main` or `article`, nothing outside it is.
 *
 * @param doc the page, e.g. from `new DOMParser().parseFromString(html, 'text/html')`
 * @param pageUrl the page's address; relative links resolve against it
 * Texts and lists are kept within {@link PAGE_LIMITS} (the first resources and outcomes).
 *
 * @returns the session, or `null` when no session heading is followed by a title and a resource
 */
export function parseCoursePage(doc: Document, pageUrl: string): ParsedSession | null {
  const base = baseOf(doc, pageUrl);
  const urlNumber = /\/session-(\d{1,3})\/?(?:[?#]|$)/i.exec(pageUrl)?.[1];
  const wanted = urlNumber === undefined ? null : Number(urlNumber);
  const numberOf = (block: Block): number | null => {
    const n = headingNumber(block.text);
    return n !== null && (wanted === null || n === wanted) ? n : null;
  };
  const isHeading = (block: Block) => numberOf(block) !== null;

  const blocks = blocksOf(doc);
  let best: ParsedSession | null = null;
  for (const [at, block] of blocks.entries()) {
    const n = numberOf(block);
    if (n === null) continue;
    const session = readSession(blocks, at, n, isHeading, base);
    if (session.title && session.resources.length > (best?.resources.length ?? 0)) best = session;
  }
  return best && clamp(best);
}
