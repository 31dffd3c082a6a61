import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ReadingWriter } from '../../../../entrypoints/popup/ReadingWriter';
import { parsePack } from '../../../../content/pack-schema';
import raw from '../../../fixtures/packs/seize-session-6.json';
import type { Draft, Reflection } from '../../../../utils/protocol/records';
import type { WriterState } from '../../../../utils/protocol/messages';
import { setTestLanguage } from '../../i18n-catalogs';

const parsed = parsePack(raw);
if (!parsed.ok) throw new Error(parsed.error.message);
const session = parsed.pack.sessions[0]!;
const reading = { sessionId: 'session-6', resourceId: 'civil-power-partner-state' };
const place = { courseId: 'seize-fse', ...reading };

const saved: Reflection = {
  id: 'r1',
  ...place,
  text: 'Written beside the PDF',
  quote: null,
  mediaTime: null,
  outcomeIds: ['o1'],
  pageUrl: 'https://www.grocer.coop/civil-power.pdf',
  pageTitle: 'civil-power.pdf',
  createdAt: '2026-11-20T14:05:00.000Z',
  updatedAt: '2026-11-20T14:05:00.000Z',
  deletedAt: null,
};

/** The background as the writer sees it, for tab 7 on the reading's PDF. */
function fakeBackground(draft: Draft | null = null) {
  const state: WriterState = {
    courseId: 'seize-fse',
    reading,
    session,
    page: { url: 'https://www.grocer.coop/civil-power.pdf', title: 'civil-power.pdf' },
    draft,
    reflections: [],
  };
  const requests: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string };
    requests.push(m);
    if (m.type === 'writer:init') return { ok: true, state };
    if (m.type === 'writer:save')
      return { ok: true, reflection: saved, conflict: false, reflections: [saved] };
    return undefined;
  });
  const posted: { request: { type: string } }[] = [];
  fakeBrowser.runtime.connect = (() => ({
    postMessage: (m: { request: { type: string } }) => posted.push(m),
    onMessage: { addListener: vi.fn() },
    onDisconnect: { addListener: vi.fn() },
    disconnect: vi.fn(),
  })) as unknown as typeof fakeBrowser.runtime.connect;
  return { requests, posted };
}

describe('the popup’s writer', () => {
  it('names the reading, offers the outcome tags and no page capture, and streams drafts for its tab', async () => {
    const { requests, posted } = fakeBackground();
    render(<ReadingWriter tabId={7} lang="en" />);
    const region = await screen.findByRole('region', {
      name: 'This page is “Civil Power & Partner State”',
    });
    expect(requests[0]).toEqual({ type: 'writer:init', tabId: 7 });
    expect(region.textContent).toContain('cannot show inside this page');
    expect(screen.getByRole('checkbox', { name: /Outcome 1/ })).toBeTruthy();
    // The popup cannot read the page: no quote, no media time.
    expect(screen.queryByRole('button', { name: 'Quote the selected text' })).toBeNull();
    fireEvent.input(screen.getByLabelText('Your reflection'), {
      target: { value: 'Half a thought' },
    });
    expect(posted.at(-1)).toMatchObject({
      request: { type: 'writer:draft:save', tabId: 7, text: 'Half a thought' },
    });
    expect(screen.getByText('No reflections on this reading yet.')).toBeTruthy();
  });

  it('restores the draft, saves with Ctrl+Enter and lists the reflection', async () => {
    const { requests } = fakeBackground({
      key: 'seize-fse/civil-power-partner-state',
      ...place,
      owner: 'earlier',
      text: 'Left from before',
      quote: null,
      mediaTime: null,
      outcomeIds: ['o1'],
      editingId: null,
      baseUpdatedAt: null,
      updatedAt: '2026-11-20T14:00:00.000Z',
    });
    render(<ReadingWriter tabId={7} lang="en" />);
    const box = await screen.findByLabelText<HTMLTextAreaElement>('Your reflection');
    expect(box.value).toBe('Left from before');
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: /Outcome 1/ }).checked).toBe(
      true,
    );
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe('Reflection saved.');
    });
    expect(requests.at(-1)).toMatchObject({
      type: 'writer:save',
      tabId: 7,
      text: 'Left from before',
      quote: null,
      outcomeIds: ['o1'],
    });
    expect(box.value).toBe('');
    expect(screen.getByText('Written beside the PDF')).toBeTruthy();
  });

  it('says why it cannot write on a page that is no reading', async () => {
    fakeBrowser.runtime.onMessage.addListener(async () => ({
      ok: false,
      error: { code: 'not_a_reading' },
    }));
    render(<ReadingWriter tabId={7} lang="en" />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/./);
    expect(screen.queryByLabelText('Your reflection')).toBeNull();
  });

  it('speaks French', async () => {
    setTestLanguage('fr');
    fakeBackground();
    render(<ReadingWriter tabId={7} lang="fr" />);
    expect(
      await screen.findByRole('heading', {
        name: 'Cette page est « Civil Power & Partner State »',
      }),
    ).toBeTruthy();
    expect(screen.getByLabelText('Votre réflexion')).toBeTruthy();
  });
});
