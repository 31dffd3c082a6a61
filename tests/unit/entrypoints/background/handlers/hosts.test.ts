import { describe, expect, it } from 'vitest';
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
      ).toEqual({ ok: true, enabled: ['https://cles.org.uk/*'] });
    }
    expect(await handle({ type: 'hosts:state' }, popup)).toEqual({ ok: true, enabled: [] });
    expect(deps.companion.enable).toHaveBeenCalledTimes(2);
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
