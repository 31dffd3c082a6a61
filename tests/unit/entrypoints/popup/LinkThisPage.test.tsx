import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LinkThisPage, offersLink } from '../../../../entrypoints/popup/LinkThisPage';
import type { ReadingRef, TabPage } from '../../../../utils/protocol/messages';
import { testPack } from '../../../fixtures/test-pack';

const session = testPack.sessions[0]!;
const PAGE = 'https://cles.org.uk/the-preston-model/';

/** A background that answers `link:set` with `linkReply`, recording what the popup asks. */
function fakeBackground(linkReply: unknown = null) {
  const requests: Record<string, unknown>[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string };
    requests.push(m);
    if (m.type === 'link:set') return linkReply;
    return { ok: false, error: { code: 'internal' } };
  });
  return requests;
}

/** Active tab 7 on {@link PAGE}, which is `reading` by its address. */
const onPage = (reading: ReadingRef | null) => ({
  tabId: 7,
  reading: null,
  page: { url: PAGE, title: 'Preston', reading },
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('offersLink', () => {
  const tab = (page: TabPage | null, reading = null) => ({ tabId: 7, reading, page });
  it.each([
    [
      'an https page the companion does not know',
      tab({ url: PAGE, title: '', reading: null }),
      true,
    ],
    ['no tab', null, false],
    ['no address (the browser showed none)', tab(null), false],
    ['plain http', tab({ url: 'http://cles.org.uk/p', title: '', reading: null }), false],
    [
      'a page recognised by its address',
      tab({ url: PAGE, title: '', reading: { sessionId: 'session-6', resourceId: 'x' } }),
      false,
    ],
  ])('%s → %s', (_name, t, offered) => {
    expect(offersLink(t)).toBe(offered);
  });
});

describe('LinkThisPage', () => {
  it('lets the learner say which resource the page is, by keyboard-usable radios', async () => {
    const record = {
      courseId: 'seize-fse',
      sessionId: session.id,
      resourceId: 'preston-model',
      link: PAGE,
      linkedAt: '2026-11-28T12:00:00.000Z',
    };
    const requests = fakeBackground({ ok: true, link: record });
    render(<LinkThisPage tab={onPage(null)} session={session} lang="en" />);
    const toggle = await screen.findByRole('button', {
      name: 'This page is one of this session’s resources',
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const group = screen.getByRole('group', { name: 'Which resource is this page?' });
    const radios = group.querySelectorAll('input[type="radio"]');
    expect(radios).toHaveLength(session.resources.length);
    expect(screen.getByText(/replaces it/)).toBeTruthy();
    // Submitting with nothing chosen says so, and sends nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Link this page' }));
    expect(screen.getByRole('status').textContent).toBe('Choose a resource first.');
    const preston = session.resources.find((r) => r.id === 'preston-model')!;
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(preston.title) }));
    fireEvent.click(screen.getByRole('button', { name: 'Link this page' }));
    await waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe(
        `Linked: this page is now “${preston.title}”. The companion recognises it from now on.`,
      );
    });
    expect(requests).toContainEqual({
      type: 'link:set',
      tabId: 7,
      sessionId: session.id,
      resourceId: 'preston-model',
    });
    expect(document.activeElement).toBe(screen.getByRole('status'));
  });

  it('says why the background refused', async () => {
    fakeBackground({ ok: false, error: { code: 'link_taken' } });
    render(<LinkThisPage tab={onPage(null)} session={session} lang="en" />);
    fireEvent.click(await screen.findByRole('button', { name: /one of this session/ }));
    fireEvent.click(screen.getAllByRole('radio')[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Link this page' }));
    await waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe(
        'This page already is another resource of the course.',
      );
    });
  });

  it('offers nothing on a page the companion recognises', async () => {
    const requests = fakeBackground();
    render(
      <LinkThisPage
        tab={onPage({ sessionId: session.id, resourceId: 'preston-model' })}
        session={session}
        lang="en"
      />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    // And without an address (no activeTab), nothing either.
    render(
      <LinkThisPage tab={{ tabId: 7, reading: null, page: null }} session={session} lang="en" />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(requests).toEqual([]);
  });
});
