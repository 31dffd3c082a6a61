import { describe, expect, it } from 'vitest';
import { backgroundForTest, contentScript, overlayFrame, popup, TOKEN } from './helpers';

const seen = {
  type: 'page:seen',
  url: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  title: 'Civil Power',
  token: TOKEN,
};
const writing = { text: 'A thought', quote: null, mediaTime: null, outcomeIds: ['o1'] };

describe('only a restorable whole backup resets the backup reminder', () => {
  it.each<[string, string | null, 'json' | 'markdown', boolean]>([
    ['a Markdown journal of one session', 'session-6', 'markdown', false],
    ['a Markdown journal of the whole course', null, 'markdown', false],
    ['a JSON backup of one session', 'session-6', 'json', false],
    ['a JSON backup of everything', null, 'json', true],
  ])('%s', async (_name, sessionId, format, counts) => {
    const { handle, store, deps } = await backgroundForTest();
    await handle(seen, contentScript(4));
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing },
      overlayFrame(4),
    );
    const reply = await handle({ type: 'export:prepare', sessionId, format }, popup);
    expect(reply).toMatchObject({ ok: true });
    expect(await store.getSetting('lastExportAt')).toBe(counts ? '2026-11-28T12:00:00.000Z' : null);
    const exported = (
      deps.broadcast as unknown as { mock: { calls: unknown[][] } }
    ).mock.calls.some(([m]) => (m as { type: string }).type === 'journal:exported');
    expect(exported).toBe(counts);
  });
});
