import { describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../../../../utils/protocol/limits';
import type { Reply } from '../../../../../utils/protocol/messages';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
  READING,
  seen,
} from '../../../helpers';

/** A page the course does not know, on a site where the content script runs. */
const OTHER_PAGE = 'https://www.grocer.coop/articles/another-article';
/** A page on a host outside the build. */
const PRESTON_PAGE = 'https://cles.org.uk/the-preston-model/';
const PRESTON = { sessionId: 'session-6', resourceId: 'preston-model' };
const IRRECONCILEABLES = { sessionId: 'session-6', resourceId: 'canadas-irreconcileables' };

/** A background whose tab 7 shows `url` (the browser shows its address: activeTab). */
async function onPage(url: string | undefined) {
  const bg = await backgroundForTest();
  vi.mocked(bg.deps.tabPage).mockResolvedValue(url === undefined ? {} : { url, title: 'A page' });
  return bg;
}

const link = (place: { sessionId: string; resourceId: string }) =>
  ({ type: 'link:set', tabId: 7, ...place }) as const;

describe('link:set', () => {
  it('links the tab’s page to a resource: stored, recognised at once, shown by pack:view', async () => {
    const { handle, deps, store } = await onPage(`${PRESTON_PAGE}#section-2`);
    const reply = await handle(link(PRESTON), popup);
    const record = {
      courseId: 'seize-fse',
      ...PRESTON,
      link: PRESTON_PAGE, // the fragment dropped: the same page wherever it was scrolled to
      linkedAt: '2026-11-28T12:00:00.000Z',
    };
    expect(reply).toEqual({ ok: true, link: record });
    expect(await store.learnerLinks()).toEqual([record]);
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    // The popup's question about the tab now finds the reading by its address…
    expect(await handle({ type: 'tab:reading', tabId: 7 }, popup)).toMatchObject({
      page: { url: PRESTON_PAGE, reading: PRESTON },
    });
    expect(deps.course.index().lookup(`${PRESTON_PAGE}?utm_source=x`)).toEqual({
      ...PRESTON,
      via: 'learner',
    });
    // …and the popup's view of the session shows the learner's link as the resource's link.
    const view = (await handle({ type: 'pack:view' }, popup)) as Reply<'pack:view'>;
    if (!view.ok) throw new Error('pack:view failed');
    expect(view.learnerLinks).toEqual([record]);
    const resource = view.session.resources.find((r) => r.id === PRESTON.resourceId);
    expect(resource?.link).toBe(PRESTON_PAGE);
    // The pack itself is not changed: a facilitator's page never sees the learner's links.
    const current = (await handle(
      { type: 'pack:current' },
      facilitatorPage,
    )) as Reply<'pack:current'>;
    if (!current.ok) throw new Error('pack:current failed');
    const inPack = current.pack.sessions[0]?.resources.find((r) => r.id === PRESTON.resourceId);
    expect(inPack?.link).toBeNull();
  });

  it('recognises the page on the next report of a content script (badge, overlay)', async () => {
    const { handle, deps } = await onPage(OTHER_PAGE);
    expect(await handle(seen(OTHER_PAGE), contentScript(7, OTHER_PAGE))).toMatchObject({
      reading: null,
    });
    expect(await handle(link(IRRECONCILEABLES), popup)).toMatchObject({ ok: true });
    const again = await handle(
      { ...seen(OTHER_PAGE), token: 'token-fedcba9876543210' },
      contentScript(7, OTHER_PAGE),
    );
    expect(again).toMatchObject({ ok: true, reading: IRRECONCILEABLES });
    expect(deps.badge).toHaveBeenLastCalledWith(7, IRRECONCILEABLES);
  });

  it('replaces the resource’s earlier link, and moves a page linked to another resource', async () => {
    const { handle, deps, store } = await onPage(OTHER_PAGE);
    await handle(link(IRRECONCILEABLES), popup);
    // Another page for the same resource replaces the first.
    vi.mocked(deps.tabPage).mockResolvedValue({ url: PRESTON_PAGE });
    await handle(link(IRRECONCILEABLES), popup);
    expect((await store.learnerLinks()).map((l) => [l.resourceId, l.link])).toEqual([
      [IRRECONCILEABLES.resourceId, PRESTON_PAGE],
    ]);
    expect(deps.course.index().lookup(OTHER_PAGE)).toBeNull();
    // The same page linked to another resource moves there: never two resources for one page.
    await handle(link(PRESTON), popup);
    expect((await store.learnerLinks()).map((l) => [l.resourceId, l.link])).toEqual([
      [PRESTON.resourceId, PRESTON_PAGE],
    ]);
    expect(deps.course.index().lookup(PRESTON_PAGE)).toMatchObject(PRESTON);
  });

  it.each([
    ['no address (the browser shows none)', undefined, PRESTON, 'link_no_address'],
    ['plain http', 'http://cles.org.uk/the-preston-model/', PRESTON, 'link_not_public'],
    ['a private host', 'https://192.168.0.1/admin', PRESTON, 'link_not_public'],
    ['a local name', 'https://router.local/', PRESTON, 'link_not_public'],
    ['loopback (not the test build)', 'https://127.0.0.1/a', PRESTON, 'link_not_public'],
    ['a browser page', 'chrome://settings/', PRESTON, 'link_not_public'],
    [
      'an address over the limit',
      `https://a.org/${'a'.repeat(LIMITS.url)}`,
      PRESTON,
      'link_not_public',
    ],
    ['another resource’s link', `${READING}?utm_source=x`, PRESTON, 'link_taken'],
    ['a resource of no session', PRESTON_PAGE, { ...PRESTON, resourceId: 'nope' }, 'not_found'],
    ['a session the pack lacks', PRESTON_PAGE, { ...PRESTON, sessionId: 'session-9' }, 'not_found'],
  ] as const)('refuses %s, writing nothing', async (_name, url, place, code) => {
    const { handle, deps, store } = await onPage(url);
    expect(await handle(link(place), popup)).toMatchObject({ ok: false, error: { code } });
    expect(await store.learnerLinks()).toEqual([]);
    expect(deps.broadcast).not.toHaveBeenCalled();
  });

  it('refuses when the browser has no such tab', async () => {
    const { handle, deps } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockRejectedValue(new Error('No tab with id: 7'));
    expect(await handle(link(PRESTON), popup)).toMatchObject({
      error: { code: 'link_no_address' },
    });
  });

  it('accepts a page that already is the same resource (nothing is taken from another)', async () => {
    const { handle } = await onPage(READING);
    expect(
      await handle(
        link({ sessionId: 'session-6', resourceId: 'civil-power-partner-state' }),
        popup,
      ),
    ).toMatchObject({ ok: true });
  });

  it('comes from the popup only', async () => {
    const { handle } = await onPage(PRESTON_PAGE);
    for (const sender of [contentScript(7), overlayFrame(7), facilitatorPage])
      expect(await handle(link(PRESTON), sender)).toMatchObject({
        error: { code: 'forbidden_sender' },
      });
  });
});

describe('link:remove', () => {
  it('forgets the learner’s link: the page is no longer recognised', async () => {
    const { handle, deps, store } = await onPage(PRESTON_PAGE);
    await handle(link(PRESTON), popup);
    vi.mocked(deps.broadcast).mockClear();
    expect(await handle({ type: 'link:remove', ...PRESTON }, popup)).toEqual({
      ok: true,
      removed: true,
    });
    expect(await store.learnerLinks()).toEqual([]);
    expect(deps.course.index().lookup(PRESTON_PAGE)).toBeNull();
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    const view = await handle({ type: 'pack:view' }, popup);
    expect(view).toMatchObject({ ok: true, learnerLinks: [] });
  });

  it('says so when there was nothing to remove, and changes nothing', async () => {
    const { handle, deps } = await backgroundForTest();
    expect(await handle({ type: 'link:remove', ...PRESTON }, popup)).toEqual({
      ok: true,
      removed: false,
    });
    expect(deps.broadcast).not.toHaveBeenCalled();
  });
});

describe('the learner’s links in backups', () => {
  it('survive an export and an import into another browser, recognised at once', async () => {
    const { handle } = await onPage(PRESTON_PAGE);
    await handle(link(PRESTON), popup);
    const exported = (await handle(
      { type: 'export:prepare', sessionId: null, format: 'json' },
      popup,
    )) as Reply<'export:prepare'>;
    if (!exported.ok) throw new Error('export failed');
    expect(JSON.parse(exported.json)).toMatchObject({
      format: 4,
      learnerLinks: [{ ...PRESTON, link: PRESTON_PAGE }],
    });

    const other = await backgroundForTest();
    const preview = await other.handle({ type: 'import:preview', text: exported.json }, popup);
    expect(preview).toMatchObject({ ok: true, counts: { links: 1 } });
    expect(other.deps.course.index().lookup(PRESTON_PAGE)).toBeNull(); // a preview writes nothing
    const applied = await other.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(applied).toMatchObject({ ok: true, counts: { links: 1 } });
    expect(other.deps.course.index().lookup(PRESTON_PAGE)).toMatchObject(PRESTON);
    expect(other.deps.broadcast).toHaveBeenCalledWith({ type: 'pack:changed' });
    const again = await other.handle({ type: 'import:apply', text: exported.json }, popup);
    expect(again).toMatchObject({ ok: true, counts: { links: 0 } });
  });
});
