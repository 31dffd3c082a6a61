import { describe, expect, it } from 'vitest';
import {
  createCompanionHosts,
  type CompanionHostsApi,
} from '../../../../entrypoints/background/companion-hosts';

/** A browser in memory: grants, stored consent, the registration, and injected tabs. */
function fakeBrowser(granted: string[] = [], consented: string[] = []) {
  const state = {
    granted: [...granted],
    consented: [...consented],
    registered: null as string[] | null,
    calls: [] as string[],
    injected: [] as string[][],
  };
  const api: CompanionHostsApi = {
    granted: async () => [...state.granted],
    consented: async () => [...state.consented],
    saveConsented: async (p) => {
      state.consented = [...p];
    },
    registered: async () => state.registered,
    register: async (matches, existing) => {
      state.calls.push(existing ? 'update' : 'register');
      state.registered = [...matches];
    },
    unregister: async () => {
      state.calls.push('unregister');
      state.registered = null;
    },
    injectOpenTabs: async (p) => {
      state.injected.push([...p]);
    },
  };
  return { state, hosts: createCompanionHosts(api) };
}

const CLES = 'https://cles.org.uk/*';
const ELECTIONS = 'https://electionsanddemocracy.ca/*';

describe('the consent per host', () => {
  it('registers the reading script on hosts the learner agreed to and the browser granted', async () => {
    const { state, hosts } = fakeBrowser([CLES, ELECTIONS]);
    expect(await hosts.enable([CLES])).toEqual([CLES]);
    expect(state.consented).toEqual([CLES]);
    expect(state.registered).toEqual([CLES]);
    expect(state.injected).toEqual([[CLES]]);
    expect(await hosts.enable([ELECTIONS])).toEqual([ELECTIONS, CLES].sort());
    expect(state.calls).toEqual(['register', 'update']);
  });

  it('ignores a host the browser did not grant (the learner said no), and writes nothing', async () => {
    const { state, hosts } = fakeBrowser([]);
    expect(await hosts.enable([CLES])).toEqual([]);
    expect(state.consented).toEqual([]);
    expect(state.registered).toBeNull();
    expect(state.injected).toEqual([]);
  });

  it('gives no companion on a host granted for a link check only', async () => {
    const { state, hosts } = fakeBrowser([CLES, 'http://cles.org.uk/*']);
    await hosts.sync();
    expect(await hosts.enabled()).toEqual([]);
    expect(state.registered).toBeNull();
  });

  it('unregisters when the learner removes the permission, and registers again if granted back', async () => {
    const { state, hosts } = fakeBrowser([CLES], [CLES]);
    await hosts.sync();
    expect(state.registered).toEqual([CLES]);
    state.granted = [];
    await hosts.sync();
    expect(state.registered).toBeNull();
    expect(await hosts.enabled()).toEqual([]);
    state.granted = [CLES];
    await hosts.sync();
    expect(state.registered).toEqual([CLES]);
  });

  it('registers again at start from what is stored (a restart or an update lost it), and only when it differs', async () => {
    const { state, hosts } = fakeBrowser([CLES, ELECTIONS], [CLES, ELECTIONS]);
    await hosts.sync();
    await hosts.sync();
    expect(state.calls).toEqual(['register']);
    // Tabs restored before the registration get the script.
    expect(state.injected).toEqual([[CLES, ELECTIONS].sort()]);
    state.registered = [CLES]; // a stale registration
    await hosts.sync();
    expect(state.calls).toEqual(['register', 'update']);
    expect(state.registered).toEqual([CLES, ELECTIONS].sort());
  });

  it('never registers a stored pattern that is not one https host', async () => {
    const { state, hosts } = fakeBrowser(
      ['https://*/*', '<all_urls>', 'https://*.org.uk/*'],
      ['https://*/*', '<all_urls>', 'https://*.org.uk/*'],
    );
    await hosts.sync();
    expect(state.registered).toBeNull();
    expect(await hosts.enable(['https://*/*'])).toEqual([]);
  });

  it('runs one change at a time, in order', async () => {
    const { state, hosts } = fakeBrowser([CLES]);
    await Promise.all([hosts.enable([CLES]), hosts.sync(), hosts.sync()]);
    expect(state.calls).toEqual(['register']);
  });
});
