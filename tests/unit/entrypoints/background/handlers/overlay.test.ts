import { describe, expect, it } from 'vitest';
import {
  backgroundForTest,
  contentScript,
  overlayFrame,
  popup,
  READING,
  TOKEN,
  threeSessions,
  seen,
  PLACE,
  writing,
  withThreeSessions,
} from '../../../helpers';

describe('the overlay frame', () => {
  it('gets its tab’s reading, progress, draft and reflections', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    expect(reply).toMatchObject({
      ok: true,
      state: { courseId: 'seize-fse', reading: PLACE, tabId: 3, draft: null, reflections: [] },
    });
  });

  it('shows the page the learner linked as the link of a resource the course gives none', async () => {
    const { handle, deps } = await backgroundForTest();
    const preston = 'https://cles.org.uk/the-preston-model/';
    deps.tabPage = async () => ({ url: preston });
    expect(
      await handle(
        { type: 'link:set', tabId: 9, sessionId: 'session-6', resourceId: 'preston-model' },
        popup,
      ),
    ).toMatchObject({ ok: true });
    await handle(seen(), contentScript(3));
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    if (!reply.ok || !('state' in reply)) throw new Error('overlay:init refused');
    const links = Object.fromEntries(reply.state.session.resources.map((r) => [r.id, r.link]));
    expect(links['preston-model']).toBe(preston);
    expect(links['canadas-irreconcileables']).toBeNull();
  });

  it.each([
    ['a wrong token', { type: 'overlay:init', token: 'x'.repeat(20) }, overlayFrame(3)],
    [
      'a page embedding overlay.html in another tab',
      { type: 'overlay:init', token: TOKEN },
      overlayFrame(4),
    ],
    ['the content script', { type: 'overlay:init', token: TOKEN }, contentScript(3)],
    ['the popup', { type: 'overlay:init', token: TOKEN }, popup],
  ])('gives nothing to %s', async (_name, message, sender) => {
    const { handle } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle(message, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('gives nothing when the tab is not on a reading', async () => {
    const { handle } = await backgroundForTest();
    await handle(seen('https://www.grocer.coop/about'), contentScript(3));
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_a_reading' } });
  });

  it('saves a reflection for the tab’s reading, whatever the page claims', async () => {
    const { handle, store } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const reply = await handle(
      { type: 'reflection:save', token: TOKEN, draftOwner: 'owner-1', ...writing },
      overlayFrame(3),
    );
    expect(reply).toMatchObject({
      ok: true,
      conflict: false,
      reflection: { ...PLACE, text: 'A thought' },
    });
    const saved = await store.listByResource('seize-fse', PLACE.resourceId);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      pageUrl: READING,
      pageTitle: 'Civil Power',
      outcomeIds: ['o1'],
    });
  });

  it('refuses to edit or delete a reflection of another reading', async () => {
    const { handle, store } = await backgroundForTest();
    const other = await store.saveReflection({
      courseId: 'seize-fse',
      sessionId: 'session-6',
      resourceId: 'half-past-capitalism',
      ...writing,
      pageUrl: 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
      pageTitle: 'HPC',
    });
    await handle(seen(), contentScript(3));
    const id = other.reflection.id;
    for (const message of [
      {
        type: 'reflection:save',
        token: TOKEN,
        draftOwner: 'o',
        id,
        ...writing,
        text: 'overwritten',
      },
      { type: 'reflection:delete', token: TOKEN, id, restore: false },
    ]) {
      expect(await handle(message, overlayFrame(3))).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    expect(await store.getReflection(id)).toEqual(other.reflection);
  });

  it('asks the tab for the selection and the media time', async () => {
    const { handle, toTab } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    const quote = { exact: 'partner state', prefix: 'a ', suffix: ' that' };
    toTab.mockResolvedValueOnce({ quote });
    expect(
      await handle({ type: 'page:capture', token: TOKEN, what: 'selection' }, overlayFrame(3)),
    ).toEqual({
      ok: true,
      quote,
      mediaTime: null,
    });
    expect(toTab).toHaveBeenLastCalledWith(3, { type: 'page:selection' });
    toTab.mockResolvedValueOnce({ mediaTime: 754 });
    expect(
      await handle({ type: 'page:capture', token: TOKEN, what: 'media' }, overlayFrame(3)),
    ).toEqual({
      ok: true,
      quote: null,
      mediaTime: 754,
    });
  });

  it('remembers the layout and applies it to the tab', async () => {
    const { handle, toTab, store } = await backgroundForTest();
    await handle(seen(), contentScript(3));
    await handle(
      { type: 'overlay:layout', token: TOKEN, expanded: true, side: 'left' },
      overlayFrame(3),
    );
    expect(await store.getSetting('overlay')).toEqual({ expanded: true, side: 'left' });
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      expanded: true,
      side: 'left',
      focus: 'none',
    });
    await handle(
      { type: 'overlay:layout', token: TOKEN, expanded: false, side: 'left', returnFocus: true },
      overlayFrame(3),
    );
    expect(toTab).toHaveBeenLastCalledWith(3, {
      type: 'overlay:apply',
      expanded: false,
      side: 'left',
      focus: 'page',
    });
  });
});

describe('what the overlay frame receives', () => {
  it('its reading’s session in overlay:init, never the pack', async () => {
    const { handle } = await withThreeSessions();
    await handle(
      { type: 'page:seen', url: READING, title: 'Civil Power', token: TOKEN },
      contentScript(3),
    );
    const reply = await handle({ type: 'overlay:init', token: TOKEN }, overlayFrame(3));
    if (!reply.ok || !('state' in reply)) throw new Error(JSON.stringify(reply));
    expect(reply.state.session).toEqual(threeSessions().sessions[0]);
    const text = JSON.stringify(reply);
    expect(text).not.toContain('session-7');
    expect(text).not.toContain('session-8');
    for (const type of ['pack:current', 'pack:view'])
      expect(await handle({ type }, overlayFrame(3))).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
  });
});
