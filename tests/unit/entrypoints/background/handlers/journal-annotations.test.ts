/** `export:prepare` with format `annotations`: the course's reflections as Web Annotations. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../../../utils/protocol/messages';
import type { AnnotationCollection } from '../../../../../utils/journal/web-annotation';
import {
  backgroundForTest,
  contentScript,
  overlayFrame,
  popup,
  seen,
  TOKEN,
  writing,
} from '../../../helpers';

describe('export:prepare (annotations)', () => {
  it('builds the JSON-LD file in the background, names it, and leaves the reminder alone', async () => {
    const { handle, store } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    const quote = {
      exact: 'a partner state',
      prefix: 'with ',
      suffix: ' that',
      position: { start: 40, end: 55 },
      source: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
    };
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, quote },
      overlayFrame(4),
    );
    const reply = (await handle(
      { type: 'export:prepare', sessionId: null, format: 'annotations' },
      popup,
    )) as Reply<'export:prepare'>;
    if (!reply.ok) throw new Error('export failed');
    expect(reply.fileName).toBe('seize-fse_all-sessions_2026-11-28_annotations.jsonld');
    expect(reply.reflections).toEqual([]);
    const doc = JSON.parse(reply.json) as AnnotationCollection;
    expect(doc).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      label: 'Fundamentals of the Solidarity Economy',
      total: 1,
      first: { type: 'AnnotationPage', items: [{ type: 'Annotation', motivation: 'commenting' }] },
    });
    expect(doc.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const [annotation] = doc.first.items;
    expect(annotation?.body.map((b) => [b.purpose, b.value])).toEqual([
      ['commenting', 'A thought'],
      ['tagging', expect.stringMatching(/\w/)],
    ]);
    expect(annotation?.target).toMatchObject({
      source: quote.source,
      selector: [
        { type: 'TextQuoteSelector', exact: quote.exact },
        { type: 'TextPositionSelector', start: 40, end: 55 },
      ],
    });
    // Not a backup: it cannot be restored, so the reminder stays.
    expect(await store.getSetting('lastExportAt')).toBeNull();
    // One session's: only its reflections.
    const other = (await handle(
      { type: 'export:prepare', sessionId: 'session-7', format: 'annotations' },
      popup,
    )) as Reply<'export:prepare'>;
    expect(other.ok && (JSON.parse(other.json) as AnnotationCollection).total).toBe(0);
  });
});
