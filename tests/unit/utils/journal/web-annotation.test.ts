import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import packJson from '../../../fixtures/packs/seize-session-6.json';
import { parsePack, type Pack } from '../../../../content/pack-schema';
import {
  ANNOTATION_CONTEXT,
  MEDIA_FRAGMENTS,
  annotationsToJson,
  webAnnotations,
  type AnnotationCollection,
} from '../../../../utils/journal/web-annotation';
import type { Quote, Reflection } from '../../../../utils/protocol/records';
import { reflection } from './backup-fixtures';

const parsed = parsePack(packJson);
if (!parsed.ok) throw new Error(parsed.error.message);
const pack: Pack = parsed.pack;
const [session] = pack.sessions;
const OUTCOME_1 = session!.outcomes[0]!.text;
const OUTCOME_2 = session!.outcomes[1]!.text;

const PAGE = 'https://www.grocer.coop/articles/civil-power-and-partner-state';
const PODCAST = 'https://podcasters.spotify.com/pod/show/halfpastcapitalism';
const UUID_1 = '6B0F3C2E-0D1A-4C39-9A51-1F4F1E7A0001';
const located: Quote = {
  exact: 'civil power',
  prefix: 'about ',
  suffix: ' and the state',
  position: { start: 120, end: 131 },
  source: PAGE,
};

const OPTS = {
  label: pack.course.title,
  sessions: pack.sessions,
  collectionId: 'urn:uuid:00000000-0000-4000-8000-000000000001',
  pageId: 'urn:uuid:00000000-0000-4000-8000-000000000002',
};

/** Every kind of reflection the export meets, oldest first. */
function sample(): Reflection[] {
  const at = (day: number) => `2026-11-${day}T10:00:00.000Z`;
  return [
    reflection({ id: UUID_1, quote: located, outcomeIds: ['o1', 'o2'], createdAt: at(10) }),
    // Quoted before the companion kept positions: the quote alone, on its reflection's page.
    reflection({
      id: 'r-old-quote',
      quote: { ...located, position: null, source: '', prefix: '' },
      outcomeIds: [],
      createdAt: at(11),
    }),
    reflection({
      id: 'r-podcast',
      resourceId: 'half-past-capitalism',
      quote: null,
      mediaTime: 754,
      pageUrl: PODCAST,
      outcomeIds: ['o9'],
      createdAt: at(12),
    }),
    reflection({
      id: 'r-both',
      quote: located,
      mediaTime: 61.5,
      outcomeIds: [],
      createdAt: at(13),
    }),
    reflection({ id: 'r-page', quote: null, outcomeIds: [], createdAt: at(14) }),
    reflection({
      id: 'r-deleted',
      text: 'words the learner deleted',
      deletedAt: at(20),
      createdAt: at(15),
    }),
  ];
}

/** The shape the model asks of what we write, strictly: a field we do not expect fails. */
const IRI = v.pipe(v.string(), v.regex(/^(urn:uuid:[0-9a-f-]{36}|https?:\/\/\S+)$/));
const TIME = v.pipe(v.string(), v.isoTimestamp());
const TextQuote = v.strictObject({
  type: v.literal('TextQuoteSelector'),
  exact: v.pipe(v.string(), v.minLength(1)),
  prefix: v.optional(v.pipe(v.string(), v.minLength(1))),
  suffix: v.optional(v.pipe(v.string(), v.minLength(1))),
});
const TextPosition = v.strictObject({
  type: v.literal('TextPositionSelector'),
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
const MediaFragment = v.strictObject({
  type: v.literal('FragmentSelector'),
  conformsTo: v.literal(MEDIA_FRAGMENTS),
  value: v.pipe(v.string(), v.regex(/^t=\d+(\.\d+)?$/)),
});
const Specific = v.strictObject({
  type: v.literal('SpecificResource'),
  source: IRI,
  selector: v.union([v.tuple([TextQuote]), v.tuple([TextQuote, TextPosition]), MediaFragment]),
});
const Body = v.strictObject({
  type: v.literal('TextualBody'),
  value: v.string(),
  format: v.literal('text/plain'),
  purpose: v.picklist(['commenting', 'tagging']),
});
const AnnotationSchema = v.strictObject({
  id: IRI,
  type: v.literal('Annotation'),
  motivation: v.picklist(['commenting', 'highlighting']),
  created: TIME,
  modified: TIME,
  body: v.array(Body),
  target: v.union([IRI, Specific, v.pipe(v.array(Specific), v.minLength(2))]),
});
const CollectionSchema = v.strictObject({
  '@context': v.literal(ANNOTATION_CONTEXT),
  id: IRI,
  type: v.literal('AnnotationCollection'),
  label: v.string(),
  total: v.pipe(v.number(), v.integer()),
  first: v.strictObject({
    id: IRI,
    type: v.literal('AnnotationPage'),
    startIndex: v.literal(0),
    items: v.array(AnnotationSchema),
  }),
});

/** Every object in `x`, nested or not. */
function objects(x: unknown): Record<string, unknown>[] {
  if (Array.isArray(x)) return x.flatMap(objects);
  if (typeof x !== 'object' || x === null) return [];
  const o = x as Record<string, unknown>;
  return [o, ...Object.values(o).flatMap(objects)];
}

describe('webAnnotations', () => {
  it('writes a collection of the shape the model asks, as JSON that reads back the same', async () => {
    const c = await webAnnotations(sample(), OPTS);
    const read: unknown = JSON.parse(annotationsToJson(c));
    expect(read).toEqual(c);
    const result = v.safeParse(CollectionSchema, read);
    expect(result.issues).toBeUndefined();
    expect(c.total).toBe(c.first.items.length);
  });

  it('gives every object a type, and every id is a URI', async () => {
    const all = objects(await webAnnotations(sample(), OPTS));
    expect(all.length).toBeGreaterThan(20);
    for (const o of all) {
      expect(typeof o.type).toBe('string');
      if ('id' in o) expect(() => new URL(String(o.id))).not.toThrow();
    }
    const ids = all.filter((o) => 'id' in o).map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes a quoted reflection with both selectors, its words and its outcomes as tags', async () => {
    const [first] = (await webAnnotations(sample(), OPTS)).first.items;
    expect(first).toEqual({
      id: `urn:uuid:${UUID_1.toLowerCase()}`,
      type: 'Annotation',
      motivation: 'commenting',
      created: '2026-11-10T10:00:00.000Z',
      modified: '2026-11-20T10:00:00.000Z',
      body: [
        {
          type: 'TextualBody',
          value: 'The partner state shares power.',
          format: 'text/plain',
          purpose: 'commenting',
        },
        { type: 'TextualBody', value: OUTCOME_1, format: 'text/plain', purpose: 'tagging' },
        { type: 'TextualBody', value: OUTCOME_2, format: 'text/plain', purpose: 'tagging' },
      ],
      target: {
        type: 'SpecificResource',
        source: PAGE,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: 'civil power',
            prefix: 'about ',
            suffix: ' and the state',
          },
          { type: 'TextPositionSelector', start: 120, end: 131 },
        ],
      },
    });
  });

  it('targets a quote without position by its text alone, on its reflection’s page', async () => {
    const items = (await webAnnotations(sample(), OPTS)).first.items;
    expect(items[1]?.target).toEqual({
      type: 'SpecificResource',
      source: PAGE,
      selector: [{ type: 'TextQuoteSelector', exact: 'civil power', suffix: ' and the state' }],
    });
  });

  it('targets a moment of a podcast with a media fragment, and names an outcome the pack lacks', async () => {
    const podcast = (await webAnnotations(sample(), OPTS)).first.items[2];
    expect(podcast?.target).toEqual({
      type: 'SpecificResource',
      source: PODCAST,
      selector: { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: 't=754' },
    });
    expect(podcast?.body.filter((b) => b.purpose === 'tagging').map((b) => b.value)).toEqual([
      'Outcome 9',
    ]);
  });

  it('gives a passage and a moment as two targets (selectors are alternatives of one part)', async () => {
    const both = (await webAnnotations(sample(), OPTS)).first.items[3];
    expect(both?.target).toEqual([
      expect.objectContaining({ source: PAGE, selector: expect.any(Array) }),
      {
        type: 'SpecificResource',
        source: PAGE,
        selector: { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: 't=61.5' },
      },
    ]);
  });

  it('targets the page itself when the reflection quotes nothing', async () => {
    expect((await webAnnotations(sample(), OPTS)).first.items[4]?.target).toBe(PAGE);
  });

  it('leaves deleted reflections out, words and all', async () => {
    const c = await webAnnotations(sample(), OPTS);
    expect(c.total).toBe(5);
    expect(annotationsToJson(c)).not.toContain('words the learner deleted');
  });

  it('places a reflection written on no page on its resource’s link, or leaves it out', async () => {
    const onLink = reflection({ id: 'r-a', pageUrl: '', quote: null });
    const nowhere = reflection({
      id: 'r-b',
      pageUrl: '',
      quote: null,
      resourceId: 'preston-model',
    });
    const c = await webAnnotations([onLink, nowhere], OPTS);
    expect(c.first.items.map((a) => a.target)).toEqual([PAGE]);
  });

  it('keeps hostile text a plain string value, never markup, a key or an id', async () => {
    const hostile = `{"@id":"http://evil.example/","@type":"x"}</script><img onerror=alert(1)>\u2028"`;
    const c = await webAnnotations(
      [
        reflection({
          id: 'r-hostile',
          text: hostile,
          quote: { ...located, exact: hostile, position: null },
        }),
      ],
      OPTS,
    );
    const read = JSON.parse(annotationsToJson(c)) as AnnotationCollection;
    const [a] = read.first.items;
    expect(a?.body[0]?.value).toBe(hostile);
    expect(a?.target).toMatchObject({ selector: [{ exact: hostile }] });
    expect(objects(read).some((o) => '@id' in o || '@type' in o)).toBe(false);
  });

  it('makes a lasting UUID URN of an id that is not a UUID (a conflict copy’s)', async () => {
    const one = async (id: string) =>
      (await webAnnotations([reflection({ id })], OPTS)).first.items[0]?.id;
    // Name-based (version 5) UUIDs in the companion's namespace, as RFC 9562 computes them.
    expect(await one('r-1')).toBe('urn:uuid:7acb27df-dfd2-5def-bb94-b2023f16e252');
    expect(await one(`${UUID_1.toLowerCase()}--conflict-20261120100000000`)).toBe(
      'urn:uuid:c1cabb12-fe07-5490-86d2-1640599321ae',
    );
  });

  it('marks a quote kept without words as a highlight', async () => {
    const [a] = (await webAnnotations([reflection({ text: '', outcomeIds: [] })], OPTS)).first
      .items;
    expect(a).toMatchObject({ motivation: 'highlighting', body: [] });
  });

  it('writes a media time to the millisecond, never in e-notation', async () => {
    const at = async (mediaTime: number) =>
      (await webAnnotations([reflection({ quote: null, mediaTime })], OPTS)).first.items[0]?.target;
    expect(await at(1e-7)).toMatchObject({ selector: { value: 't=0' } });
    expect(await at(12.3456)).toMatchObject({ selector: { value: 't=12.346' } });
    expect(await at(10_000_000)).toMatchObject({ selector: { value: 't=10000000' } });
  });
});
