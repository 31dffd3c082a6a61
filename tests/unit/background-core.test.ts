import { describe, expect, it, vi } from 'vitest';
import { bundledPack } from '../../content/bundled';
import { buildIndex } from '../../content/recognizer';
import {
  createMessageHandler,
  type SenderInfo,
  type TabReadings,
} from '../../utils/background-core';
import type { ReadingRef } from '../../utils/messages';

const ORIGIN = 'chrome-extension://abcdef/';
const READING = 'https://www.grocer.coop/articles/civil-power-and-partner-state';

function setup() {
  const stored = new Map<number, ReadingRef>();
  const tabs: TabReadings = {
    get: async (id) => stored.get(id) ?? null,
    set: async (id, r) => {
      if (r) stored.set(id, r);
      else stored.delete(id);
    },
  };
  const badge = vi.fn(async () => {});
  const index = buildIndex(bundledPack);
  const handle = createMessageHandler({
    extensionId: 'abcdef',
    extensionOrigin: ORIGIN,
    index: () => index,
    tabs,
    badge,
  });
  return { handle, stored, badge };
}
const contentScript = (tabId: number, url = READING): SenderInfo => ({
  id: 'abcdef',
  url,
  frameId: 0,
  tab: { id: tabId },
});
const popup: SenderInfo = { id: 'abcdef', url: `${ORIGIN}popup.html` };

describe('page:seen', () => {
  it('records a reading tab and sets its badge', async () => {
    const { handle, stored, badge } = setup();
    const reply = await handle(
      { type: 'page:seen', url: `${READING}?utm_source=x` },
      contentScript(7),
    );
    const reading = { sessionId: 'session-6', resourceId: 'civil-power-partner-state' };
    expect(reply).toEqual({ ok: true, reading });
    expect(stored.get(7)).toEqual(reading);
    expect(badge).toHaveBeenCalledWith(7, reading);
  });

  it('clears the badge when the tab moves off the reading', async () => {
    const { handle, stored, badge } = setup();
    await handle({ type: 'page:seen', url: READING }, contentScript(7));
    const reply = await handle(
      { type: 'page:seen', url: 'https://www.grocer.coop/about' },
      contentScript(7),
    );
    expect(reply).toEqual({ ok: true, reading: null });
    expect(stored.has(7)).toBe(false);
    expect(badge).toHaveBeenLastCalledWith(7, null);
  });

  it.each<[string, SenderInfo, string]>([
    ['another extension', { ...contentScript(7), id: 'other' }, READING],
    ['a sub-frame', { ...contentScript(7), frameId: 3 }, READING],
    ['no tab', { id: 'abcdef', url: READING, frameId: 0 }, READING],
    ['a page claiming another site', contentScript(7, 'https://evil.example/'), READING],
  ])('is refused from %s, and writes nothing', async (_name, sender, url) => {
    const { handle, stored, badge } = setup();
    const reply = await handle({ type: 'page:seen', url }, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(stored.size).toBe(0);
    expect(badge).not.toHaveBeenCalled();
  });
});

describe('tab:reading', () => {
  it('answers an extension page with the tab’s reading', async () => {
    const { handle } = setup();
    await handle({ type: 'page:seen', url: READING }, contentScript(4));
    expect(await handle({ type: 'tab:reading', tabId: 4 }, popup)).toMatchObject({
      ok: true,
      reading: { resourceId: 'civil-power-partner-state' },
    });
    expect(await handle({ type: 'tab:reading', tabId: 5 }, popup)).toEqual({
      ok: true,
      reading: null,
    });
  });

  it('is refused to a content script', async () => {
    const { handle } = setup();
    expect(await handle({ type: 'tab:reading', tabId: 4 }, contentScript(4))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('malformed requests', () => {
  it.each<[string, unknown, RegExp]>([
    ['no type', { url: READING }, /type/],
    ['an unknown type', { type: 'db:drop' }, /type/],
    ['a number for url', { type: 'page:seen', url: 42 }, /url/],
    [
      'an over-long url',
      { type: 'page:seen', url: `https://a.org/${'x'.repeat(9000)}` },
      /too long/,
    ],
    ['an extra field', { type: 'tab:reading', tabId: 1, extra: true }, /extra/],
    ['a negative tab id', { type: 'tab:reading', tabId: -1 }, /tabId/],
    ['null', null, /./],
    ['a string', 'page:seen', /./],
  ])('%s is refused with a readable error and writes nothing', async (_name, message, detail) => {
    const { handle, stored, badge } = setup();
    const reply = await handle(message, contentScript(1));
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_request');
      expect(reply.error.detail).toMatch(detail);
    }
    expect(stored.size).toBe(0);
    expect(badge).not.toHaveBeenCalled();
  });
});
