import { describe, expect, it, vi } from 'vitest';
import {
  backgroundForTest,
  contentScript,
  facilitatorPage,
  overlayFrame,
  popup,
} from '../../../helpers';

describe('hosts:enable and hosts:state', () => {
  it('passes the learner’s consent on from the popup and the facilitator page', async () => {
    const { handle, deps } = await backgroundForTest();
    for (const sender of [popup, facilitatorPage]) {
      expect(
        await handle({ type: 'hosts:enable', origins: ['https://cles.org.uk/*'] }, sender),
      ).toMatchObject({ ok: true, enabled: ['https://cles.org.uk/*'] });
    }
    expect(deps.companion.enable).toHaveBeenCalledTimes(2);
  });

  it('says which hosts of the readings neither the build nor the learner covers', async () => {
    const { handle, deps } = await backgroundForTest();
    // The test build covers grocer.coop only; the frozen pack also links two other sites.
    const expected = {
      ok: true,
      enabled: [],
      missing: [
        'https://communitypsychology.com/*',
        'https://www.communitypsychology.com/*',
        'https://podcasters.spotify.com/*',
      ],
      missingHosts: ['communitypsychology.com', 'podcasters.spotify.com'],
    };
    expect(await handle({ type: 'hosts:state' }, facilitatorPage)).toEqual(expected);
    expect(await handle({ type: 'hosts:state', sessionId: 'session-6' }, popup)).toEqual(expected);
    vi.mocked(deps.companion.enabled).mockResolvedValue(['https://podcasters.spotify.com/*']);
    expect(await handle({ type: 'hosts:state' }, popup)).toMatchObject({
      enabled: ['https://podcasters.spotify.com/*'],
      missingHosts: ['communitypsychology.com'],
    });
    // A session with no such reading asks for nothing.
    expect(await handle({ type: 'hosts:state', sessionId: 'no-such-session' }, popup)).toEqual({
      ok: true,
      enabled: ['https://podcasters.spotify.com/*'],
      missing: [],
      missingHosts: [],
    });
  });

  it('counts the pages the learner linked', async () => {
    const { handle, deps, course } = await backgroundForTest();
    vi.mocked(deps.tabPage).mockResolvedValue({ url: 'https://cles.org.uk/the-preston-model/' });
    expect(
      await handle(
        { type: 'link:set', tabId: 4, sessionId: 'session-6', resourceId: 'preston-model' },
        popup,
      ),
    ).toMatchObject({ ok: true });
    expect(course.learnerLinks()).toHaveLength(1);
    expect(await handle({ type: 'hosts:state', sessionId: 'session-6' }, popup)).toMatchObject({
      missingHosts: ['cles.org.uk', 'communitypsychology.com', 'podcasters.spotify.com'],
    });
  });

  it.each([
    ['every site', ['https://*/*']],
    ['a wildcard domain', ['https://*.org.uk/*']],
    ['plain http', ['http://cles.org.uk/*']],
    ['a path', ['https://cles.org.uk/the-preston-model/*']],
    ['a port', ['https://cles.org.uk:8443/*']],
    ['all urls', ['<all_urls>']],
    ['nothing', []],
  ])('refuses %s, and changes nothing', async (_name, origins) => {
    const { handle, deps } = await backgroundForTest();
    expect(await handle({ type: 'hosts:enable', origins }, popup)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(deps.companion.enable).not.toHaveBeenCalled();
  });

  it('refuses a page’s content script and the overlay', async () => {
    const { handle, deps } = await backgroundForTest();
    for (const sender of [contentScript(3), overlayFrame(3)]) {
      expect(
        await handle({ type: 'hosts:enable', origins: ['https://cles.org.uk/*'] }, sender),
      ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(deps.companion.enable).not.toHaveBeenCalled();
  });
});
