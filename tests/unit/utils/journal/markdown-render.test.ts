/**
 * The journal rendered by a real CommonMark renderer (markdown-it, HTML allowed as most viewers
 * do): whatever the learner, the page (quotes, titles) or the pack writes comes out as text,
 * as written, and adds no element of its own.
 *
 * "As written" is compared after one normalisation, the same on both sides: every run of
 * whitespace becomes one space and the ends are trimmed (Markdown and HTML do not keep line
 * breaks, indentation or repeated spaces inside a paragraph), and U+0000 becomes U+FFFD
 * (CommonMark replaces it, for safety).
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import type { Reflection } from '../../../../utils/protocol/records';
import { exportMarkdown } from '../../../../utils/journal/markdown';
import { t } from '../../../../utils/i18n';

const md = new MarkdownIt({ html: true, linkify: false });
const session = bundledPack.sessions[0]!;
const PAGE_URL = 'https://cles.example/the-preston-model/';

/** A reflection on a page the pack does not list, so the journal shows its page title too. */
function journal(text: string, quote: string, pageTitle: string): string {
  const reflection: Reflection = {
    id: 'r1',
    courseId: bundledPack.id,
    sessionId: session.id,
    resourceId: 'not-in-the-pack',
    text,
    quote: { exact: quote, prefix: '', suffix: '', position: null, source: '' },
    mediaTime: null,
    outcomeIds: [],
    pageUrl: PAGE_URL,
    pageTitle,
    createdAt: '2026-11-20T15:00:00.000Z',
    updatedAt: '2026-11-20T15:00:00.000Z',
    deletedAt: null,
  };
  return exportMarkdown({
    pack: bundledPack,
    sessionIds: [session.id],
    reflections: [reflection],
    progress: [],
    t,
    lang: 'en',
    timeZone: 'UTC',
  });
}

function rendered(markdown: string): DocumentFragment {
  // A template's content is inert: nothing in it loads or runs.
  const template = document.createElement('template');
  template.innerHTML = md.render(markdown);
  return template.content;
}

/** How many elements of each tag, except the paragraphs and line breaks text may add. */
function structure(root: DocumentFragment): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'p' || tag === 'br') continue;
    out[tag] = (out[tag] ?? 0) + 1;
  }
  return out;
}

const links = (root: DocumentFragment) =>
  [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));

const normalise = (s: string) => s.replace(/\0/g, '\uFFFD').replace(/\s+/g, ' ').trim();

const TEXT = 'XTEXTSENTINELX';
const QUOTE = 'XQUOTESENTINELX';
const TITLE = 'XTITLESENTINELX';
// The journal's own structure, with plain words in place of the inputs (built in each test:
// translations are set up per test).
let own: DocumentFragment | null = null;
const baseline = () => (own ??= rendered(journal(TEXT, QUOTE, TITLE)));

/** What the rendered journal's text should be for these inputs. */
function expectedText(text: string, quote: string, title: string): string {
  return normalise(
    normalise(baseline().textContent)
      .replace(TEXT, () => normalise(text))
      .replace(QUOTE, () => normalise(quote))
      .replace(TITLE, () => normalise(title === '' ? PAGE_URL : title)),
  );
}

function check(text: string, quote: string, title: string): void {
  const html = rendered(journal(text, quote, title));
  const own = baseline();
  const expected = structure(own);
  // A blank quote is left out, with its block quote.
  if (normalise(quote) === '') delete expected.blockquote;
  expect(structure(html)).toEqual(expected);
  expect(links(html)).toEqual(links(own));
  expect(html.querySelectorAll('blockquote p, p').length).toBeGreaterThan(0);
  expect(normalise(html.textContent)).toBe(expectedText(text, quote, title));
}

/** Pieces of Markdown and HTML that would make elements or vanish if not escaped. */
const NASTY = [
  '\\',
  '\\\\',
  '\\<img src=x onerror=alert(1)>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<!-- hidden -->',
  '<?php ?>',
  '<![CDATA[x]]>',
  '</p>',
  '![x](http://t/)',
  '[a](b)',
  '[a]: http://t/',
  '[a]',
  '<http://x>',
  '<a@b.c>',
  '<',
  '>',
  '&',
  '&lt;',
  '&amp;',
  '&#169;',
  '&#x41;',
  '&copy',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '`',
  '```',
  '~~~',
  '#',
  '# ',
  '###### ',
  '- ',
  '+ ',
  '* ',
  '1. ',
  '1) ',
  '---',
  '===',
  '***',
  '___',
  '| a | b |\n|---|---|\n',
  '    ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '  \n',
  '\\\n',
  ' ',
  '(',
  ')',
  '!',
  ':',
  '"',
  "'",
  'a',
  'x',
  '1',
  '\u00a0',
  '\0',
];
const hostile = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(''));

describe('the journal rendered as CommonMark (markdown-it, HTML on)', () => {
  it('shows `\\<img src=x onerror=alert(1)>` as text and makes no image', () => {
    const payload = '\\<img src=x onerror=alert(1)>';
    const html = rendered(journal(payload, payload, payload));
    expect(html.querySelector('img')).toBeNull();
    check(payload, payload, payload);
  });

  it.each([
    ['an image', '![tracker](http://t/pixel.png)'],
    ['a link', '[click](https://evil.example/)'],
    ['an autolink', '<http://evil.example/>'],
    ['raw HTML', '<b onmouseover=alert(1)>x</b>'],
    ['an entity', 'AT&amp;T &lt;b&gt;'],
    ['emphasis', '**bold** and _italic_ and ~~gone~~'],
    ['a list', '- one\n- two\n1. three'],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['a heading and a rule', '# title\ntext\n===\n---'],
    ['code', '```\ncode\n```\n    indented'],
  ])('shows %s as written, in text, quote and title', (_name, payload) => {
    check(payload, payload, payload);
  });

  it('for any text, quote and page title', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (text, quote, title) => {
        check(text, quote, title);
      }),
      { numRuns: 300 },
    );
  }, 120_000); // generous: the machine may be busy, and this test is not about speed
});
