import { describe, expect, it } from 'vitest';
import { createDraftRelay } from '../../../../../entrypoints/background/draft-relay';
import {
  backgroundForTest,
  contentScript,
  overlayFrame,
  PLACE,
  popup,
  READING,
  seen,
  TOKEN,
  writing,
} from '../../../helpers';

/** A background whose tab 4 shows `url` (a PDF: no content script reported it). */
async function withTabAt(url = `${READING}#page=2`, title = '  Civil\n Power  (PDF) ') {
  const bg = await backgroundForTest();
  bg.deps.tabPage = async (tabId) => (tabId === 4 ? { url, title } : null);
  return bg;
}

const draft = (text: string, owner = 'owner-1') => ({
  type: 'writer:draft:save',
  tabId: 4,
  owner,
  editingId: null,
  baseUpdatedAt: null,
  ...writing,
  text,
});

describe('the popup’s writer, where no overlay can be', () => {
  it('finds the reading from the tab’s address: session, draft and reflections', async () => {
    const { handle } = await withTabAt();
    const reply = await handle({ type: 'writer:init', tabId: 4 }, popup);
    expect(reply).toMatchObject({
      ok: true,
      state: {
        courseId: 'seize-fse',
        reading: PLACE,
        session: { id: PLACE.sessionId },
        page: { url: READING, title: 'Civil Power (PDF)' },
        draft: null,
        reflections: [],
      },
    });
  });

  it('saves on that reading, with the tab’s address (no fragment) and squashed title', async () => {
    const { handle, store, deps } = await withTabAt();
    const reply = await handle(
      { type: 'writer:save', tabId: 4, draftOwner: 'owner-1', ...writing },
      popup,
    );
    expect(reply).toMatchObject({
      ok: true,
      conflict: false,
      reflections: [{ text: 'A thought' }],
    });
    const saved = await store.listByResource('seize-fse', PLACE.resourceId);
    expect(saved).toMatchObject([
      { ...PLACE, pageUrl: READING, pageTitle: 'Civil Power (PDF)', outcomeIds: ['o1'] },
    ]);
    expect(deps.broadcast).toHaveBeenCalledWith({
      type: 'reflections:changed',
      courseId: 'seize-fse',
      resourceId: PLACE.resourceId,
    });
  });

  it('keeps a draft, and a save by the same editor clears it', async () => {
    const { handle, store } = await withTabAt();
    expect(await handle(draft('Half a th'), popup)).toMatchObject({ ok: true });
    const init = await handle({ type: 'writer:init', tabId: 4 }, popup);
    expect(init).toMatchObject({ ok: true, state: { draft: { text: 'Half a th' } } });
    await handle({ type: 'writer:save', tabId: 4, draftOwner: 'owner-1', ...writing }, popup);
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toBeNull();
  });

  it('writes the pending draft when the popup’s port closes (the learner clicked elsewhere)', async () => {
    const { handle, store } = await withTabAt();
    const acks: unknown[] = [];
    // The toolbar popup has no tab: its port's sender is the popup page alone.
    const relay = createDraftRelay(handle, popup, (ack) => acks.push(ack), 60_000);
    void relay.message({ seq: 1, request: draft('Written just before closing') });
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toBeNull();
    await relay.disconnect();
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toMatchObject({
      text: 'Written just before closing',
    });
    expect(acks).toEqual([{ seq: 1, ok: true }]);
  });

  it('clears the draft only for the editor that owns it', async () => {
    const { handle, store } = await withTabAt();
    await handle(draft('Mine', 'owner-1'), popup);
    await handle({ type: 'writer:draft:clear', tabId: 4, owner: 'owner-2' }, popup);
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toMatchObject({ text: 'Mine' });
    await handle({ type: 'writer:draft:clear', tabId: 4, owner: 'owner-1' }, popup);
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toBeNull();
  });

  it('keeps both texts when the reflection changed elsewhere meanwhile (edit conflict)', async () => {
    const { handle, store } = await withTabAt();
    const first = await handle(
      { type: 'writer:save', tabId: 4, draftOwner: 'o', ...writing },
      popup,
    );
    if (!first.ok || !('reflection' in first)) throw new Error('setup failed');
    const { id, updatedAt } = first.reflection;
    // Another editor (the overlay, elsewhere) saves an edit first.
    await handle(seen(), contentScript(3));
    await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, id, text: 'Theirs' },
      overlayFrame(3),
    );
    const mine = await handle(
      {
        type: 'writer:save',
        tabId: 4,
        draftOwner: 'o',
        ...writing,
        id,
        baseUpdatedAt: updatedAt,
        text: 'Mine',
      },
      popup,
    );
    expect(mine).toMatchObject({ ok: true, conflict: true, reflection: { text: 'Mine' } });
    const texts = (await store.listByResource('seize-fse', PLACE.resourceId)).map((r) => r.text);
    expect(texts.sort()).toEqual(['Mine', 'Theirs']);
  });

  it('deletes and restores that reading’s reflections, and no other', async () => {
    const { handle, store } = await withTabAt();
    const saved = await handle(
      { type: 'writer:save', tabId: 4, draftOwner: 'o', ...writing },
      popup,
    );
    if (!saved.ok || !('reflection' in saved)) throw new Error('setup failed');
    const id = saved.reflection.id;
    expect(
      await handle({ type: 'writer:delete', tabId: 4, id, restore: false }, popup),
    ).toMatchObject({ ok: true, reflections: [] });
    expect(
      await handle({ type: 'writer:delete', tabId: 4, id, restore: true }, popup),
    ).toMatchObject({ ok: true, reflections: [{ id }] });
    const other = await store.saveReflection({
      courseId: 'seize-fse',
      sessionId: 'session-6',
      resourceId: 'half-past-capitalism',
      ...writing,
      pageUrl: 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
      pageTitle: 'HPC',
    });
    expect(
      await handle(
        { type: 'writer:delete', tabId: 4, id: other.reflection.id, restore: false },
        popup,
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await store.getReflection(other.reflection.id)).toMatchObject({ deletedAt: null });
  });
});

describe('what the writer refuses', () => {
  const requests = [
    { type: 'writer:init', tabId: 4 },
    { type: 'writer:save', tabId: 4, draftOwner: 'o', ...writing },
    draft('x'),
    { type: 'writer:draft:clear', tabId: 4, owner: 'o' },
  ];

  it.each([
    ['the overlay frame', overlayFrame(4)],
    ['a content script', contentScript(4)],
  ])('everything from %s', async (_name, sender) => {
    const { handle, store } = await withTabAt();
    for (const request of requests)
      expect(await handle(request, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    expect(await store.listByCourse('seize-fse')).toEqual([]);
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toBeNull();
  });

  it.each([
    ['an address that is no reading', 'https://www.grocer.coop/about'],
    ['an address the browser does not show', undefined],
    ['a file on the computer', 'file:///home/learner/civil-power.pdf'],
  ])('writes nothing on a tab at %s', async (_name, url) => {
    const { handle, store, deps } = await backgroundForTest();
    deps.tabPage = async () => (url === undefined ? { title: 'Civil Power' } : { url, title: 'x' });
    for (const request of requests)
      expect(await handle(request, popup)).toMatchObject({
        ok: false,
        error: { code: 'not_a_reading' },
      });
    expect(await store.listByCourse('seize-fse')).toEqual([]);
    expect(await store.getDraft('seize-fse', PLACE.resourceId)).toBeNull();
  });

  it('writes nothing when the tab is gone', async () => {
    const { handle, store, deps } = await backgroundForTest();
    deps.tabPage = async () => {
      throw new Error('No tab with id: 4');
    };
    expect(
      await handle({ type: 'writer:save', tabId: 4, draftOwner: 'o', ...writing }, popup),
    ).toMatchObject({ ok: false, error: { code: 'not_a_reading' } });
    expect(await store.listByCourse('seize-fse')).toEqual([]);
  });

  it('takes no quote the page did not give: only the one the edited reflection has', async () => {
    const { handle, store } = await withTabAt();
    const quote = { exact: 'a partner state', prefix: '', suffix: '' };
    const forged = await handle(
      { type: 'writer:save', tabId: 4, draftOwner: 'o', ...writing, quote },
      popup,
    );
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await store.listByCourse('seize-fse')).toEqual([]);
    // A reflection quoted in the overlay, edited in the popup, keeps its quote.
    await handle(seen(), contentScript(3));
    const quoted = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'o', ...writing, quote },
      overlayFrame(3),
    );
    if (!quoted.ok || !('reflection' in quoted)) throw new Error('setup failed');
    const edit = await handle(
      {
        type: 'writer:save',
        tabId: 4,
        draftOwner: 'o',
        ...writing,
        quote,
        id: quoted.reflection.id,
        text: 'Edited',
      },
      popup,
    );
    expect(edit).toMatchObject({
      ok: true,
      conflict: false,
      reflection: { quote, text: 'Edited' },
    });
  });
});
