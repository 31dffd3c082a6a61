/**
 * The learner's reflections as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
 * in JSON-LD with the model's own context, so other annotation tools can read them: one
 * `AnnotationCollection` whose first (and only) page holds an `Annotation` per reflection.
 * Pure, and deterministic for the same reflections and ids: the background builds the file
 * (`export:prepare`, format `annotations`); `docs/web-annotation.md` describes it field by
 * field.
 */
import type { Session } from '../../content/pack-schema';
import type { Reflection } from '../protocol/records';

/** The JSON-LD context of the Web Annotation model. */
export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** What a media fragment selector's value conforms to (`t=95`: 95 seconds in). */
export const MEDIA_FRAGMENTS = 'http://www.w3.org/TR/media-frags/';

/** `TextQuoteSelector`: the passage, and a little of the text around it. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** `TextPositionSelector`: where the passage is, in code points over the page's text. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** `FragmentSelector` with a media fragment: a moment of the page's video or podcast. */
export interface MediaFragmentSelector {
  type: 'FragmentSelector';
  conformsTo: typeof MEDIA_FRAGMENTS;
  value: string;
}

/** A part of a page: the page (`source`) and how to find the part in it. */
export interface SpecificResource {
  type: 'SpecificResource';
  source: string;
  selector: (TextQuoteSelector | TextPositionSelector)[] | MediaFragmentSelector;
}

/** A body of text: the learner's words (`commenting`) or an outcome named (`tagging`). */
export interface TextualBody {
  type: 'TextualBody';
  value: string;
  format: 'text/plain';
  purpose: 'commenting' | 'tagging';
}

/** One reflection, as an `Annotation`. */
export interface Annotation {
  id: string;
  type: 'Annotation';
  motivation: 'commenting' | 'highlighting';
  created: string;
  modified: string;
  body: TextualBody[];
  /** The page itself (its address), a part of it, or a passage and a moment of it. */
  target: string | SpecificResource | SpecificResource[];
}

/** The file: every reflection exported, in one page. */
export interface AnnotationCollection {
  '@context': typeof ANNOTATION_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: Annotation[] };
}

/** What {@link webAnnotations} needs besides the reflections. */
export interface WebAnnotationOptions {
  /** The collection's name, e.g. the course's title. */
  label: string;
  /** The course's sessions, to name the outcomes a reflection speaks to (tags). */
  sessions: readonly Session[];
  /** The collection's and its page's ids: `urn:uuid:` addresses, new for each export. */
  collectionId: string;
  pageId: string;
}

/**
 * The reflections as an {@link AnnotationCollection}, oldest first. Deleted reflections are
 * left out (the learner deleted those words), and so is one written on no known page (an
 * annotation must have a target; the JSON backup keeps it). Texts are values of the model's
 * fields, never keys or ids: JSON.stringify of the result keeps any text as a string.
 */
export async function webAnnotations(
  reflections: readonly Reflection[],
  opts: WebAnnotationOptions,
): Promise<AnnotationCollection> {
  const live = reflections
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
  const items: Annotation[] = [];
  for (const r of live) {
    const target = targetOf(r, opts.sessions);
    if (target !== null) items.push(annotationOf(r, await annotationId(r.id), target, opts));
  }
  return {
    '@context': ANNOTATION_CONTEXT,
    id: opts.collectionId,
    type: 'AnnotationCollection',
    label: opts.label,
    total: items.length,
    first: { id: opts.pageId, type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** The collection as the text of a `.jsonld` file: compact, like a backup. */
export function annotationsToJson(collection: AnnotationCollection): string {
  return `${JSON.stringify(collection)}\n`;
}

function annotationOf(
  r: Reflection,
  id: string,
  target: Annotation['target'],
  opts: WebAnnotationOptions,
): Annotation {
  const body: TextualBody[] = [];
  if (r.text !== '') body.push(textualBody(r.text, 'commenting'));
  for (const outcome of r.outcomeIds)
    body.push(textualBody(outcomeName(opts.sessions, r.sessionId, outcome), 'tagging'));
  return {
    id,
    type: 'Annotation',
    // A quote kept without a word of the learner's is a highlight.
    motivation: r.text === '' && r.quote !== null ? 'highlighting' : 'commenting',
    created: r.createdAt,
    modified: r.updatedAt,
    body,
    target,
  };
}

const textualBody = (value: string, purpose: TextualBody['purpose']): TextualBody => ({
  type: 'TextualBody',
  value,
  format: 'text/plain',
  purpose,
});

/**
 * What a reflection is about: the passage it quotes (its quote and, when known, its position),
 * the moment of the page's media it was written at, both (two targets: a selector list gives
 * alternatives for one same part, and a passage and a moment are two parts), or the page.
 * A reflection written on no page is placed on its resource's link, when the pack has one.
 */
function targetOf(r: Reflection, sessions: readonly Session[]): Annotation['target'] | null {
  const page = r.pageUrl || resourceLink(sessions, r.sessionId, r.resourceId);
  const parts: SpecificResource[] = [];
  const q = r.quote;
  if (q && (q.source || page)) {
    const quote: TextQuoteSelector = { type: 'TextQuoteSelector', exact: q.exact };
    if (q.prefix) quote.prefix = q.prefix;
    if (q.suffix) quote.suffix = q.suffix;
    const selector: SpecificResource['selector'] = [quote];
    if (q.position)
      selector.push({ type: 'TextPositionSelector', start: q.position.start, end: q.position.end });
    parts.push({ type: 'SpecificResource', source: q.source || page, selector });
  }
  if (r.mediaTime !== null && page)
    parts.push({
      type: 'SpecificResource',
      source: page,
      selector: { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: npt(r.mediaTime) },
    });
  if (parts.length > 1) return parts;
  return parts[0] ?? (page || null);
}

/** A media fragment's time (`t=61.5`), in seconds, to the millisecond, never in e-notation. */
function npt(seconds: number): string {
  return `t=${String(Number(seconds.toFixed(3)))}`;
}

function resourceLink(sessions: readonly Session[], sessionId: string, resourceId: string) {
  const session = sessions.find((s) => s.id === sessionId);
  return session?.resources.find((x) => x.id === resourceId)?.link ?? '';
}

/**
 * An outcome as a tag: its text in the pack, or "Outcome N" (its place in the session, or the
 * number of an `oN` id) when the pack no longer has its text, or its id.
 */
function outcomeName(sessions: readonly Session[], sessionId: string, outcomeId: string): string {
  const outcomes = sessions.find((s) => s.id === sessionId)?.outcomes ?? [];
  const at = outcomes.findIndex((o) => o.id === outcomeId);
  const text = outcomes[at]?.text.trim();
  if (text) return text;
  if (at >= 0) return `Outcome ${at + 1}`;
  const n = /^o(\d+)$/.exec(outcomeId)?.[1];
  return n === undefined ? outcomeId : `Outcome ${n}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The namespace of the name-based UUIDs made from reflection ids that are not UUIDs (a
 * conflict copy's `<id>--conflict-…`): fixed, so a reflection keeps its annotation id from one
 * export to the next.
 */
const ID_NAMESPACE = '67160078-0df9-40e2-b0aa-dbd022144190';

/**
 * A reflection's annotation id: `urn:uuid:` and its id when that is a UUID (the companion's
 * own ids are), else a name-based UUID (version 5, RFC 9562) of it.
 */
async function annotationId(id: string): Promise<string> {
  return `urn:uuid:${UUID.test(id) ? id.toLowerCase() : await uuidV5(ID_NAMESPACE, id)}`;
}

async function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = namespace.replace(/-/g, '');
  const bytes = new Uint8Array([
    ...Array.from({ length: 16 }, (_, i) => parseInt(ns.slice(i * 2, i * 2 + 2), 16)),
    ...new TextEncoder().encode(name),
  ]);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes)).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
