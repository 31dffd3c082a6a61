import { describe, expect, it, vi } from 'vitest';
import { tabLoaded, toggleOverlay } from '../../../../../entrypoints/background/handlers/tabs';
import { LIMITS } from '../../../../../utils/protocol/limits';
import {
  backgroundForTest,
  contentScript,
  popup,
  READING,
  TOKEN,
  seen,
  PLACE,
} from '../../../helpers';

describe('page:seen', () => {
  it('records a reading tab, sets its badge, marks the reading opened and answers the layout', async () => {
    const { handle, tabs, deps, store } = await backgroundForTest();
    const reply = await handle(seen(`${READING}?utm_source=x`), contentScript(7));
    expect(reply).toEqual({
      ok: true,
      reading: PLACE,
      layout: { side: 'right', expanded: false },
      shortcut: 'Ctrl+Shift+L',
      quotes: false,
    });
    expect(tabs.get(7)).toMatchObject({ reading: PLACE, token: TOKEN, title: 'Civil Power' });
    expect(deps.badge).toHaveBeenCalledWith(7, PLACE);
    expect((await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt).toBeTruthy();
  });

  it('clears the badge when the tab moves off the reading; progress stays the reading’s alone', async () => {
    const { handle, deps, store } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    const reply = await handle(seen('https://www.grocer.coop/about'), contentScript(7));
    expect(reply).toMatchObject({ ok: true, reading: null, layout: null });
    expect(deps.badge).toHaveBeenLastCalledWith(7, null);
    expect(await store.progressBySession('seize-fse', 'session-6')).toHaveLength(1);
  });

  it('writes and broadcasts once for the same page reported again and again (a flood)', async () => {
    const { handle, deps, store } = await backgroundForTest();
    const first = await handle(seen(), contentScript(7));
    const opened = (await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt;
    const setTab = vi.spyOn(deps.tabs, 'set');
    const markOpened = vi.spyOn(store, 'markOpened');
    for (let i = 0; i < 50; i++) expect(await handle(seen(), contentScript(7))).toEqual(first); // same answer each time
    expect(setTab).not.toHaveBeenCalled();
    expect(markOpened).not.toHaveBeenCalled();
    expect(deps.badge).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).toHaveBeenCalledTimes(1);
    expect((await store.getProgress('seize-fse', PLACE.resourceId))?.firstOpenedAt).toBe(opened);
    // A real change (a new token: the page was reloaded) is written and told again.
    await handle({ ...seen(), token: 'token-fedcba9876543210' }, contentScript(7));
    expect(setTab).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['another extension', { ...contentScript(7), id: 'other' }],
    ['a sub-frame', { ...contentScript(7), frameId: 3 }],
    ['no tab', { id: 'abcdef', url: READING, frameId: 0 }],
    ['a page claiming another site', contentScript(7, 'https://evil.example/')],
  ])('is refused from %s, and writes nothing', async (_name, sender) => {
    const { handle, tabs, deps, store } = await backgroundForTest();
    const reply = await handle(seen(), sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(tabs.size).toBe(0);
    expect(deps.badge).not.toHaveBeenCalled();
    expect(await store.progressBySession('seize-fse', 'session-6')).toEqual([]);
  });
});

describe('tab:reading', () => {
  it('tab:reading answers the popup with the tab’s reading, and refuses a content script', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(4));
    expect(await handle({ type: 'tab:reading', tabId: 4 }, popup)).toEqual({
      ok: true,
      reading: PLACE,
      page: null,
    });
    expect(await handle({ type: 'tab:reading', tabId: 5 }, popup)).toEqual({
      ok: true,
      reading: null,
      page: null,
    });
    expect(await handle({ type: 'tab:reading', tabId: 4 }, contentScript(4))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('tab:reading, by the tab’s address', () => {
  it('recognises a tab no content script reported (a PDF, a host not granted) by its address', async () => {
    const { handle, deps } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockResolvedValue({ url: `${READING}#p2`, title: ' Civil\n Power ' });
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toEqual({
      ok: true,
      reading: null,
      page: { url: READING, title: 'Civil Power', reading: PLACE },
    });
  });

  it('gives the address of a page that is no reading, without a reading', async () => {
    const { handle, deps } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockResolvedValue({ url: 'https://example.org/a', title: 'A' });
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toMatchObject({
      page: { url: 'https://example.org/a', reading: null },
    });
  });

  it.each([
    ['no address (no activeTab)', { title: 'Secret title' }],
    ['a browser page', { url: 'chrome://settings/', title: 'Settings' }],
    ['a file', { url: 'file:///home/a.pdf', title: 'a.pdf' }],
    ['an address over the limit', { url: `https://example.org/${'a'.repeat(LIMITS.url)}` }],
  ])('gives no page for %s', async (_name, info) => {
    const { handle, deps } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockResolvedValue(info);
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toMatchObject({ page: null });
  });

  it('cuts a hostile title to the limit, and survives a tab that is gone', async () => {
    const { handle, deps } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockResolvedValue({ url: READING, title: 'x'.repeat(50_000) });
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toMatchObject({
      page: { title: 'x'.repeat(LIMITS.pageTitle) },
    });
    vi.mocked(deps.tabPage).mockRejectedValue(new Error('No tab with id: 7'));
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toMatchObject({
      ok: true,
      page: null,
    });
  });
});

describe('the keyboard shortcut', () => {
  it('counts one press delivered twice (command and key event) once', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(true);
    expect(await handle({ type: 'overlay:toggle', token: TOKEN }, contentScript(3))).toEqual({
      ok: true,
      toggled: false,
    });
    expect(toTab).toHaveBeenCalledTimes(1);
  });

  it('opens the overlay with focus, then closes it back to the page', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    let clock = Date.parse('2026-11-28T12:00:00Z');
    deps.now = () => new Date((clock += 1000));
    await handle(seen(), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(true);
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      side: 'right',
      expanded: true,
      focus: 'overlay',
    });
    expect(await handle({ type: 'overlay:toggle', token: TOKEN }, contentScript(3))).toEqual({
      ok: true,
      toggled: true,
    });
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      side: 'right',
      expanded: false,
      focus: 'page',
    });
  });

  it('does nothing on a tab that is not a reading, and refuses a wrong token', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(3));
    expect(await toggleOverlay(deps, 3)).toBe(false);
    expect(
      await handle({ type: 'overlay:toggle', token: 'y'.repeat(20) }, contentScript(3)),
    ).toMatchObject({
      ok: false,
    });
    expect(toTab).not.toHaveBeenCalled();
  });
});

describe('a tab that finished loading', () => {
  it('shows no reading and no badge once our content script is gone from it', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    toTab.mockResolvedValueOnce(null); // nobody answers: another site
    await tabLoaded(deps, 7);
    expect(toTab).toHaveBeenCalledWith(7, { type: 'page:media' });
    expect(tabs.get(7)).toBeUndefined();
    expect(deps.badge).toHaveBeenLastCalledWith(7, null);
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toEqual({
      ok: true,
      reading: null,
      page: null,
    });
  });

  it('keeps the reading when the content script is still there (in-page navigation)', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    toTab.mockResolvedValueOnce({ mediaTime: null });
    await tabLoaded(deps, 7);
    expect(tabs.get(7)).toMatchObject({ reading: PLACE });
    expect(deps.badge).not.toHaveBeenCalledWith(7, null);
  });

  it('never clears the report of a page that arrived while it asked', async () => {
    const { handle, deps, tabs, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(7));
    const fresh = 'fresh-token-0123456789';
    toTab.mockImplementationOnce(async () => {
      // The new page of the reading reports itself before the old page's absence is known.
      await handle({ ...seen(), token: fresh }, contentScript(7));
      return null;
    });
    await tabLoaded(deps, 7);
    expect(tabs.get(7)).toMatchObject({ reading: PLACE, token: fresh });
    expect(deps.badge).not.toHaveBeenCalledWith(7, null);
  });

  it('does not ask a tab that shows no reading', async () => {
    const { handle, deps, toTab } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(7));
    await tabLoaded(deps, 7);
    await tabLoaded(deps, 8);
    expect(toTab).not.toHaveBeenCalled();
  });
});
