import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FacilitatorPage } from '../../../../entrypoints/options/FacilitatorPage';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import { PACK_LIMITS } from '../../../../content/pack-schema';
import type { StoredLinkCheck } from '../../../../utils/protocol/records';
import { effectivePack } from '../../../../content/pack-edit';
import { setTestLanguage } from '../../i18n-catalogs';

const EPISODE = 'https://podcasters.spotify.com/pod/show/usfwc/episodes/we-sought-the-law';
const learned = {
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'we-sought-the-law',
  link: EPISODE,
  pageUrl: 'https://www.solidarityeconomy.ca/curriculum/session-6',
  learnedAt: '2026-11-28T12:00:00.000Z',
};
const check: StoredLinkCheck = {
  courseId: 'seize-fse',
  resourceId: 'civil-power-partner-state',
  url: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  status: 'not_found',
  finalUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  chain: [],
  httpStatus: 404,
  ms: 120,
  checkedAt: '2026-11-28T12:00:00.000Z',
};

/** A background that answers the facilitator page, recording every request. */
function fakeBackground(checks: StoredLinkCheck[] = [check]) {
  const requests: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string };
    requests.push(m);
    if (m.type === 'pack:current')
      return {
        ok: true,
        pack: effectivePack(bundledPack, [learned], null),
        source: 'bundled',
        importedAt: null,
        learned: [learned],
        learnedSessions: [],
      };
    if (m.type === 'facilitator:state') return { ok: true, checks, diffs: [], learnedSessions: [] };
    if (m.type === 'checks:save') {
      const { results } = m as unknown as { results: Omit<StoredLinkCheck, 'courseId'>[] };
      return { ok: true, checks: results.map((r) => ({ ...r, courseId: 'seize-fse' })) };
    }
    return { ok: false, error: { code: 'internal' } };
  });
  return requests;
}

describe('the facilitator page', () => {
  it('lists every resource with its link or “missing”, its last check in words, and learned links', async () => {
    fakeBackground();
    render(<FacilitatorPage fallback={bundledPack} />);
    await screen.findByRole('heading', { level: 1, name: 'Facilitator tools' });
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(9); // a header and eight resources
    expect(screen.getAllByText('missing')).toHaveLength(4);
    const civil = rows.find(
      (r) => r.getAttribute('data-resource-id') === 'civil-power-partner-state',
    )!;
    await waitFor(() => expect(within(civil).getByText('Not found')).toBeTruthy());
    expect(civil.textContent).toContain('HTTP 404');
    const law = rows.find((r) => r.getAttribute('data-resource-id') === 'we-sought-the-law')!;
    expect(within(law).getByRole('link').getAttribute('href')).toBe(EPISODE);
    expect(law.textContent).toContain('From the course page (podcasters.spotify.com)');
    expect(law.textContent).toContain('Not checked yet');
  });

  it('checks nothing and says why when the permission is refused', async () => {
    const requests = fakeBackground();
    const request = vi.fn(async () => false);
    fakeBrowser.permissions.request = request;
    fakeBrowser.permissions.contains = vi.fn(async () => false);
    render(<FacilitatorPage fallback={bundledPack} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Check Session 6’s links' }));
    const alert = await screen.findByText(/Nothing was checked/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    // Exactly the hosts of the session's links, never every site.
    expect(request).toHaveBeenCalledWith({
      origins: [
        'https://www.grocer.coop/*',
        'https://podcasters.spotify.com/*',
        'https://www.communitypsychology.com/*',
      ],
    });
    expect(requests.map((r) => r.type)).not.toContain('checks:save');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('gives back, when the check ends, exactly the host permissions it asked for', async () => {
    const requests = fakeBackground();
    const granted = new Set(['https://www.grocer.coop/*']); // granted before the check
    fakeBrowser.permissions.contains = vi.fn(async ({ origins = [] }: { origins?: string[] }) =>
      origins.every((o) => granted.has(o)),
    );
    const request = vi.fn(async () => true);
    fakeBrowser.permissions.request = request;
    const remove = vi.fn(async () => true);
    fakeBrowser.permissions.remove = remove;
    vi.stubGlobal('fetch', async () => new Response(null, { status: 200 }));
    try {
      render(<FacilitatorPage fallback={bundledPack} />);
      fireEvent.click(await screen.findByRole('button', { name: 'Check Session 6’s links' }));
      // Wait for the end of the check as the page shows it (its summary, its results saved),
      // not for its progress: the permissions are given back before the summary is rendered.
      await waitFor(() =>
        expect(screen.getByTestId('facilitator-status').textContent).toBe(
          'Check finished. Links that work: 4 of 8.',
        ),
      );
      await waitFor(() => expect(requests.map((r) => r.type)).toContain('checks:save'));
      expect(screen.getByTestId('check-count').textContent).toBe('8 of 8 checked');
      const civil = document.querySelector('tr[data-resource-id="civil-power-partner-state"]')!;
      expect(within(civil as HTMLElement).getByText('Works')).toBeTruthy();
      // What the learner or an earlier check had granted stays; what this check asked for goes.
      expect(remove).toHaveBeenCalledTimes(1);
      expect(remove).toHaveBeenCalledWith({
        origins: ['https://podcasters.spotify.com/*', 'https://www.communitypsychology.com/*'],
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('never checks nor asks for a private or local host a pack names', async () => {
    const requests: { type: string }[] = [];
    const pack = structuredClone(bundledPack);
    pack.sessions[0]!.resources[0]!.link = 'http://192.168.1.1/admin';
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const m = message as { type: string };
      requests.push(m);
      if (m.type === 'pack:current')
        return {
          ok: true,
          pack,
          source: 'imported',
          importedAt: null,
          learned: [],
          learnedSessions: [],
        };
      if (m.type === 'facilitator:state')
        return { ok: true, checks: [], diffs: [], learnedSessions: [] };
      if (m.type === 'hosts:state') return { ok: true, enabled: [], missing: [], missingHosts: [] };
      return { ok: true, checks: [] };
    });
    fakeBrowser.permissions.contains = vi.fn(async () => true);
    const request = vi.fn(async () => true);
    fakeBrowser.permissions.request = request;
    fakeBrowser.permissions.remove = vi.fn(async () => true);
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(null, { status: 200 });
    });
    try {
      render(<FacilitatorPage fallback={bundledPack} />);
      fireEvent.click(await screen.findByRole('button', { name: 'Check Session 6’s links' }));
      await waitFor(() =>
        expect(screen.getByTestId('check-count').textContent).toBe('8 of 8 checked'),
      );
      expect(fetched.some((u) => u.includes('192.168'))).toBe(false);
      expect(JSON.stringify(request.mock.calls)).not.toContain('192.168');
      const row = document.querySelector('tr[data-resource-id="preston-model"]')!;
      expect(row.textContent).toContain('a private or local address');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses a pack file over the size limit before reading or parsing it', async () => {
    const requests = fakeBackground();
    render(<FacilitatorPage fallback={bundledPack} />);
    const input = await screen.findByTestId<HTMLInputElement>('pack-file');
    const file = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: PACK_LIMITS.fileBytes + 1 });
    const read = vi.fn(async () => '{}');
    Object.defineProperty(file, 'text', { value: read });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    const alert = await screen.findByText(/larger than/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(read).not.toHaveBeenCalled();
    expect(requests.map((r) => r.type)).not.toContain('pack:import');
  });

  it('speaks French', async () => {
    setTestLanguage('fr');
    fakeBackground();
    render(<FacilitatorPage fallback={bundledPack} />);
    await screen.findByRole('heading', { level: 1, name: 'Outils d’animation' });
    await waitFor(() => expect(screen.getByText('Introuvable')).toBeTruthy());
    expect(screen.getAllByText('manquant')).toHaveLength(4);
  });
});

describe('sessions learned from the course’s pages, on the facilitator page', () => {
  const session7 = {
    ...bundledPack.sessions[0]!,
    id: 'session-7',
    number: 7,
    title: 'A Fictional Session for Tests',
    pageUrl: 'https://www.solidarityeconomy.ca/curriculum/session-7',
    resources: [{ ...bundledPack.sessions[0]!.resources[0]!, id: 'a-fictional-map' }],
  };
  const record = {
    courseId: 'seize-fse',
    session: session7,
    learnedAt: '2026-11-28T12:00:00.000Z',
    fingerprint: 'f',
  };

  it('lists each with what it holds and where it was read, to add to the pack or ignore', async () => {
    const requests: { type: string }[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const m = message as { type: string };
      requests.push(m);
      if (m.type === 'pack:current')
        return {
          ok: true,
          pack: { ...bundledPack, sessions: [...bundledPack.sessions, session7] },
          source: 'bundled',
          importedAt: null,
          learned: [],
          learnedSessions: ['session-7'],
        };
      if (m.type === 'facilitator:state')
        return { ok: true, checks: [], diffs: [], learnedSessions: [record] };
      if (m.type === 'learned:resolve')
        return { ok: true, pack: bundledPack, source: 'imported', importedAt: null, learned: [] };
      return { ok: false, error: { code: 'internal' } };
    });
    render(<FacilitatorPage fallback={bundledPack} />);
    const item = await screen.findByTestId('learned-session-session-7');
    expect(within(item).getByRole('heading', { level: 3 }).textContent).toBe(
      'Session 7 · A Fictional Session for Tests',
    );
    expect(item.textContent).toContain('2 learning outcomes · 1 resource');
    expect(item.textContent).toContain('https://www.solidarityeconomy.ca/curriculum/session-7');
    // Its resources are listed with the pack's, marked as from the course page.
    const heading = screen.getByRole('heading', { level: 2, name: /Session 7 ·/ });
    expect(heading.textContent).toContain('from the course page');
    fireEvent.click(within(item).getByRole('button', { name: 'Add Session 7 to the pack' }));
    await screen.findByText('Session 7 is now in the pack.');
    expect(requests).toContainEqual({
      type: 'learned:resolve',
      sessionId: 'session-7',
      accept: true,
    });
  });
});
