/**
 * What a session page of the course site says, and how it differs from the pack's session, so
 * the facilitator sees what changed and the links the pack lacks can be learned from the
 * course's own page. The page is read in the page itself
 * (entrypoints/course-page.content/parse-course-page.ts); this module is pure.
 */
import type { ResourceKind } from './kinds';
import type { Session } from './pack-schema';
import { normalizeUrl } from './url';

/** One resource as a session page lists it. */
export interface ParsedResource {
  kind: ResourceKind;
  title: string;
  /** The blurb under the title; empty when the page gives none. */
  summary: string;
  /** The title's link made absolute; `null` when it has none or it is not http(s). */
  link: string | null;
}

/** What a session page says, in page order and in the page's own words. */
export interface ParsedSession {
  number: number;
  /** The heading line, e.g. "Session 6 Resources". */
  heading: string;
  title: string;
  /** The intro; paragraphs, if there are several, are separated by a blank line. */
  intro: string;
  outcomes: string[];
  resources: ParsedResource[];
}

/**
 * Collapse runs of whitespace (NBSP included) to one space and drop zero-width characters: text
 * as a reader sees it, so the parser's blocks and the diff's comparisons agree.
 */
export const cleanText = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The form of a title used to match a page's resource with the pack's: lowercase, curly and
 * straight quotes alike, every dash a hyphen, spaces collapsed, punctuation at the ends removed.
 *
 * @example
 * normalizeTitle('  “Canada’s Irreconcileables.” ') // → "canada's irreconcileables"
 */
export function normalizeTitle(title: string): string {
  return (
    cleanText(title)
      .toLowerCase()
      .replace(/[‘’‚‛′`´]/g, "'")
      .replace(/[“”„‟″«»]/g, '"')
      .replace(/[‐‑‒–—―−]/g, '-')
      // Brackets are kept: "(and the law won)" closes what it opens.
      .replace(/^[\s.,:;!?'"*…-]+|[\s.,:;!?'"*…-]+$/g, '')
  );
}

/** A link the page gives for a resource whose pack link is `null`. */
export interface LearnedLink {
  resourceId: string;
  link: string;
}

/** A resource whose link on the page is another address than the pack's. */
export interface ChangedLink {
  resourceId: string;
  from: string;
  to: string;
}

/** A resource the page lists and the pack does not. */
export interface AddedResource {
  /** Its position among the page's resources, from 0. */
  index: number;
  resource: ParsedResource;
}

/** A resource the pack lists and the page no longer does. */
export interface RemovedResource {
  resourceId: string;
  title: string;
}

/**
 * A wording difference between the pack and the page. For outcomes, `from: null` is an outcome
 * only the page has and `to: null` one only the pack has.
 */
export type TextChange =
  | { scope: 'session'; field: 'heading' | 'title' | 'intro'; from: string; to: string }
  | { scope: 'outcome'; outcomeId: string | null; from: string | null; to: string | null }
  | {
      scope: 'resource';
      resourceId: string;
      field: 'kind' | 'title' | 'summary';
      from: string;
      to: string;
    };

/** Everything in which a session page differs from the pack's session. */
export interface SessionDiff {
  learnedLinks: LearnedLink[];
  changedLinks: ChangedLink[];
  added: AddedResource[];
  removed: RemovedResource[];
  changedText: TextChange[];
}

/**
 * Compare the pack's session with what its page says. Resources are matched by
 * {@link normalizeTitle} (the same kind wins when two share a title); texts are compared
 * exactly after collapsing whitespace, so a curly apostrophe that became straight is reported.
 * Links are compared with `normalizeUrl`; a page link missing where the pack has one is not
 * reported (the page losing a link does not make the pack's wrong).
 *
 * Every list is in course order: page order for what the page has, pack order for what it lost;
 * `changedText` lists the session's fields, then outcomes, then resources. The session numbers
 * are not compared: the caller chooses which session a page belongs to.
 */
export function diffSession(session: Session, parsed: ParsedSession): SessionDiff {
  const diff: SessionDiff = {
    learnedLinks: [],
    changedLinks: [],
    added: [],
    removed: [],
    changedText: [],
  };
  const differs = (a: string, b: string) => cleanText(a) !== cleanText(b);

  for (const field of ['heading', 'title', 'intro'] as const) {
    if (differs(session[field], parsed[field]))
      diff.changedText.push({ scope: 'session', field, from: session[field], to: parsed[field] });
  }

  // Outcomes: identical wording first, then what is left pairs up in order as rewordings.
  const packLeft = [...session.outcomes];
  const pageLeft: string[] = [];
  for (const text of parsed.outcomes) {
    const at = packLeft.findIndex((o) => !differs(o.text, text));
    if (at >= 0) packLeft.splice(at, 1);
    else pageLeft.push(text);
  }
  for (const [i, text] of pageLeft.entries()) {
    const from = packLeft[i];
    diff.changedText.push({
      scope: 'outcome',
      outcomeId: from?.id ?? null,
      from: from?.text ?? null,
      to: text,
    });
  }
  for (const from of packLeft.slice(pageLeft.length))
    diff.changedText.push({ scope: 'outcome', outcomeId: from.id, from: from.text, to: null });

  const unmatched = new Set(session.resources);
  for (const [index, page] of parsed.resources.entries()) {
    const key = normalizeTitle(page.title);
    const same = [...unmatched].filter((r) => normalizeTitle(r.title) === key);
    const pack = same.find((r) => r.kind === page.kind) ?? same[0];
    if (!pack) {
      diff.added.push({ index, resource: page });
      continue;
    }
    unmatched.delete(pack);
    const resourceId = pack.id;
    if (page.link && !pack.link) diff.learnedLinks.push({ resourceId, link: page.link });
    else if (page.link && pack.link && normalizeUrl(page.link) !== normalizeUrl(pack.link))
      diff.changedLinks.push({ resourceId, from: pack.link, to: page.link });
    for (const field of ['kind', 'title', 'summary'] as const) {
      if (differs(pack[field], page[field]))
        diff.changedText.push({
          scope: 'resource',
          resourceId,
          field,
          from: pack[field],
          to: page[field],
        });
    }
  }
  for (const r of session.resources)
    if (unmatched.has(r)) diff.removed.push({ resourceId: r.id, title: r.title });
  return diff;
}
