import { describe, expect, it } from 'vitest';
import { markOf } from '../../../../../entrypoints/background/handlers/quotes';
import type { Quote } from '../../../../../utils/protocol/records';
import {
  backgroundForTest,
  contentScript,
  overlayFrame,
  PLACE,
  READING,
  seen,
  TOKEN,
  writing,
} from '../../../helpers';

const quote = (exact: string): Quote => ({
  exact,
  prefix: '',
  suffix: '',
  position: null,
  source: READING,
});

/** A reading in tab 3 with its overlay, and reflections saved there (with the given quotes). */
async function withQuotes(...quotes: { exact: string | null; outcomeIds?: string[] }[]) {
  const bg = await backgroundForTest();
  await bg.handle(seen(), contentScript(3));
  const ids: string[] = [];
  for (const q of quotes) {
    const reply = await bg.handle(
      {
        type: 'reflection:save',
        token: TOKEN,
        draftOwner: 'o',
        ...writing,
        quote: q.exact === null ? null : quote(q.exact),
        outcomeIds: q.outcomeIds ?? [],
      },
      overlayFrame(3),
    );
    if (!reply.ok) throw new Error('save failed');
    ids.push((reply as { reflection: { id: string } }).reflection.id);
  }
  bg.toTab.mockClear();
  bg.broadcast.mockClear();
  return { ...bg, ids };
}

describe('markOf', () => {
  it('is the place of the first of the session’s outcomes the reflection names, or 0', () => {
    expect(markOf(['o2'], ['o1', 'o2', 'o3'])).toBe(2);
    expect(markOf(['o3', 'o1'], ['o1', 'o2', 'o3'])).toBe(1);
    expect(markOf([], ['o1'])).toBe(0);
    expect(markOf(['gone'], ['o1'])).toBe(0);
  });
});

describe('page:seen', () => {
  it('tells the reading script to load the quote script only where the reading has quotes', async () => {
    const { handle } = await withQuotes({ exact: null });
    expect(await handle(seen(`${READING}?utm_source=x`), contentScript(3))).toMatchObject({
      quotes: false,
    });
    const quoted = await withQuotes({ exact: 'a partner state' });
    expect(await quoted.handle(seen(`${READING}?utm_source=x`), contentScript(3))).toMatchObject({
      quotes: true,
    });
  });

  it('asks a tab that showed quotes to look again when it moves off the reading', async () => {
    const { handle, toTab, ids } = await withQuotes({ exact: 'a partner state' });
    await handle(
      { type: 'quotes:found', token: TOKEN, found: ids, missing: [], ms: 1 },
      contentScript(3),
    );
    await handle(seen('https://www.grocer.coop/about'), contentScript(3));
    expect(toTab).toHaveBeenCalledWith(3, { type: 'quotes:refresh' });
  });
});

describe('quotes:list', () => {
  it('gives the tab’s reading’s live quotes, newest first, with their outcome marks', async () => {
    const { handle, ids } = await withQuotes(
      { exact: 'first', outcomeIds: ['o2'] },
      { exact: null },
      { exact: 'third' },
    );
    await handle(
      { type: 'reflection:delete', token: TOKEN, id: ids[0]!, restore: false },
      overlayFrame(3),
    );
    const again = await withQuotes(
      { exact: 'first', outcomeIds: ['o2'] },
      { exact: 'second', outcomeIds: ['o1', 'o2'] },
    );
    const reply = await again.handle({ type: 'quotes:list', token: TOKEN }, contentScript(3));
    expect(reply).toEqual({
      ok: true,
      show: true,
      quotes: [
        { id: again.ids[1], quote: quote('second'), mark: 1 },
        { id: again.ids[0], quote: quote('first'), mark: 2 },
      ],
    });
    const deleted = await handle({ type: 'quotes:list', token: TOKEN }, contentScript(3));
    expect(deleted).toMatchObject({ ok: true, quotes: [{ quote: { exact: 'third' } }] });
  });

  it('answers only the tab’s own script, with its token', async () => {
    const { handle } = await withQuotes({ exact: 'a partner state' });
    for (const [token, sender] of [
      ['token-not-the-tabs-one', contentScript(3)],
      [TOKEN, contentScript(4)],
      [TOKEN, { ...contentScript(3), frameId: 2 }],
    ] as const) {
      const reply = await handle({ type: 'quotes:list', token }, sender);
      expect(reply.ok ? 'ok' : reply.error.code).toBe('forbidden_sender');
    }
  });
});

describe('quotes:found and quotes:state', () => {
  it('keeps what the page found for its overlay, and says so once', async () => {
    const { handle, broadcast, ids, tabs } = await withQuotes({ exact: 'a' }, { exact: 'b' });
    expect(await handle({ type: 'quotes:state', token: TOKEN }, overlayFrame(3))).toEqual({
      ok: true,
      show: true,
      looked: false,
      found: [],
      missing: [],
    });
    const found = {
      type: 'quotes:found',
      token: TOKEN,
      found: [ids[0]!],
      missing: [ids[1]!],
      ms: 2,
    } as const;
    await handle(found, contentScript(3));
    await handle(found, contentScript(3));
    expect(broadcast.mock.calls.filter(([m]) => m.type === 'quotes:changed')).toEqual([
      [{ type: 'quotes:changed', tabId: 3 }],
    ]);
    expect(tabs.get(3)?.quotes).toEqual({ found: [ids[0]], missing: [ids[1]], ms: 2 });
    expect(await handle({ type: 'quotes:state', token: TOKEN }, overlayFrame(3))).toEqual({
      ok: true,
      show: true,
      looked: true,
      found: [ids[0]],
      missing: [ids[1]],
    });
  });
});

describe('quotes:open', () => {
  it('opens the overlay with the focus in it, at the clicked quote’s reflection', async () => {
    const { handle, toTab, broadcast, store, ids } = await withQuotes({ exact: 'a' });
    expect(
      await handle({ type: 'quotes:open', token: TOKEN, id: ids[0]! }, contentScript(3)),
    ).toEqual({ ok: true, opened: true });
    expect(await store.getSetting('overlay')).toMatchObject({ expanded: true });
    expect(toTab).toHaveBeenCalledWith(
      3,
      expect.objectContaining({ type: 'overlay:apply', expanded: true, focus: 'overlay' }),
    );
    expect(broadcast).toHaveBeenCalledWith({ type: 'overlay:reveal', tabId: 3, id: ids[0] });
  });

  it('refuses a reflection that is not a quote of this reading, and changes nothing', async () => {
    const { handle, toTab, store, ids } = await withQuotes({ exact: null }, { exact: 'a' });
    for (const id of [ids[0]!, 'not-a-reflection']) {
      const reply = await handle({ type: 'quotes:open', token: TOKEN, id }, contentScript(3));
      expect(reply.ok ? 'ok' : reply.error.code).toBe('not_found');
    }
    expect(await store.getSetting('overlay')).toMatchObject({ expanded: false });
    expect(toTab).not.toHaveBeenCalled();
  });
});

describe('quotes:reveal and quotes:show', () => {
  it('asks the page to scroll to a quote and says whether it could', async () => {
    const { handle, toTab, ids } = await withQuotes({ exact: 'a' });
    toTab.mockResolvedValueOnce({ scrolled: true });
    expect(
      await handle({ type: 'quotes:reveal', token: TOKEN, id: ids[0]! }, overlayFrame(3)),
    ).toEqual({ ok: true, revealed: true });
    expect(toTab).toHaveBeenCalledWith(3, { type: 'quotes:scroll', id: ids[0] });
    toTab.mockResolvedValueOnce(null);
    expect(
      await handle({ type: 'quotes:reveal', token: TOKEN, id: ids[0]! }, overlayFrame(3)),
    ).toEqual({ ok: true, revealed: false });
  });

  it('remembers "Show my quotes" and tells the tabs whose quote script runs', async () => {
    const { handle, toTab, store, ids } = await withQuotes({ exact: 'a' });
    await handle(
      { type: 'quotes:found', token: TOKEN, found: ids, missing: [], ms: 1 },
      contentScript(3),
    );
    expect(
      await handle({ type: 'quotes:show', token: TOKEN, show: false }, overlayFrame(3)),
    ).toEqual({
      ok: true,
      show: false,
    });
    expect(await store.getSetting('showQuotes')).toBe(false);
    expect(toTab).toHaveBeenCalledWith(3, { type: 'quotes:refresh' });
    const list = await handle({ type: 'quotes:list', token: TOKEN }, contentScript(3));
    expect(list).toMatchObject({ ok: true, show: false });
  });
});

describe('a reflection saved or deleted on the reading', () => {
  it('has the tab showing it look for its quotes again', async () => {
    const { handle, toTab } = await withQuotes();
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, quote: quote('a') },
      overlayFrame(3),
    );
    expect(toTab).toHaveBeenCalledWith(3, { type: 'quotes:refresh' });
    expect(PLACE.resourceId).toBe('civil-power-partner-state');
  });
});
