import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Overlay } from '../../../../entrypoints/overlay/Overlay';
import { parsePack, type Pack } from '../../../../content/pack-schema';
import raw from '../../../fixtures/packs/seize-session-6.json';
import type { Reflection } from '../../../../utils/protocol/records';
import type { OverlayState } from '../../../../utils/protocol/messages';
import { setTestLanguage } from '../../i18n-catalogs';

// A pack where the reading serves the second outcome, to see the mark.
const packJson = structuredClone(raw) as Pack;
packJson.sessions[0]!.resources[2]!.outcomes = ['o2'];
const parsed = parsePack(packJson);
if (!parsed.ok) throw new Error(parsed.error.message);
const pack = parsed.pack;

const reflection: Reflection = {
  id: 'r1',
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text: 'Earlier <i>thought</i>',
  quote: { exact: 'a partner state', prefix: '', suffix: '', position: null, source: '' },
  mediaTime: null,
  outcomeIds: ['o2'],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil',
  createdAt: '2026-11-20T14:05:00.000Z',
  updatedAt: '2026-11-20T14:05:00.000Z',
  deletedAt: null,
};

function fakeBackground(expanded: boolean) {
  const state: OverlayState = {
    courseId: 'seize-fse',
    reading: { sessionId: 'session-6', resourceId: 'civil-power-partner-state' },
    session: pack.sessions[0]!,
    tabId: 9,
    layout: { side: 'right', expanded },
    progress: null,
    draft: null,
    reflections: [reflection],
  };
  const requests: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string; done?: boolean };
    requests.push(m);
    if (m.type === 'overlay:init') return { ok: true, state };
    if (m.type === 'progress:done')
      return {
        ok: true,
        progress: {
          ...state,
          key: 'k',
          ...state.reading,
          firstOpenedAt: 'x',
          lastOpenedAt: 'x',
          doneAt: m.done ? 'y' : null,
        },
      };
    if (m.type === 'overlay:layout')
      return { ok: true, layout: { side: 'right', expanded: false } };
    return undefined;
  });
  const posted: unknown[] = [];
  /** Each port the editor opened, with what the test can do as the background. */
  const ports: { answer(ack: object): void; drop(): void }[] = [];
  fakeBrowser.runtime.connect = (() => {
    const onMessage: ((m: unknown) => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    ports.push({
      answer: (ack) => onMessage.forEach((f) => f(ack)),
      drop: () => onDisconnect.forEach((f) => f()),
    });
    return {
      postMessage: (m: unknown) => posted.push(m),
      onMessage: { addListener: (f: (m: unknown) => void) => onMessage.push(f) },
      onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
      disconnect: vi.fn(),
    };
  }) as unknown as typeof fakeBrowser.runtime.connect;
  return { requests, posted, ports };
}

beforeEach(() => {
  location.hash = '#token-0123456789abcdef';
});

describe('Overlay', () => {
  it('starts as a small tab that opens the panel', async () => {
    const { requests } = fakeBackground(false);
    render(<Overlay />);
    const open = await screen.findByRole('button', { name: 'Open the reading companion' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(open);
    await screen.findByRole('button', { name: 'Collapse' });
    expect(requests.at(-1)).toMatchObject({
      type: 'overlay:layout',
      expanded: true,
      side: 'right',
    });
  });

  it('shows the session, the reading, the outcomes it serves, progress and reflections', async () => {
    fakeBackground(true);
    render(<Overlay />);
    expect(await screen.findByRole('heading', { level: 1 })).toHaveProperty(
      'textContent',
      'Civil Power & Partner State',
    );
    expect(screen.getByText('Session 6 · Read')).toBeTruthy();
    const outcomes = [...document.querySelectorAll('.outcomes li')];
    expect(outcomes.map((li) => li.classList.contains('serves'))).toEqual([false, true]);
    expect(outcomes[1]!.textContent).toContain('(this reading)');
    expect(screen.getByTestId('reading-status').textContent).toBe('Not started');
    const item = document.querySelector('.reflection') as HTMLElement;
    expect(within(item).getByText('Earlier <i>thought</i>')).toBeTruthy();
    expect(item.querySelector('i')).toBeNull();
    expect(within(item).getByTestId('reflection-tags').textContent).toBe('Speaks to: Outcome 2');
    const nav = screen.getByRole('navigation');
    expect(nav.textContent).toContain('Previous: Canada’s Irreconcileables (link not known yet)');
  });

  it('marks the reading done and announces it', async () => {
    const { requests } = fakeBackground(true);
    render(<Overlay />);
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    await waitFor(() => {
      expect(screen.getByTestId('reading-status').textContent).toBe('Done');
    });
    expect(requests.at(-1)).toMatchObject({ type: 'progress:done', done: true });
    expect(screen.getByRole('status').textContent).toBe('Done');
    expect(
      screen.getByRole('button', { name: 'Mark as not done' }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('sends the unanswered draft again when the worker stops, and nothing once it is written', async () => {
    const { posted, ports } = fakeBackground(true);
    render(<Overlay />);
    const box = await screen.findByLabelText('Your reflection');
    fireEvent.input(box, { target: { value: 'The last words' } });
    expect(posted).toHaveLength(1);
    // The worker stopped before writing: the port drops, and the draft goes out on a new one.
    ports[0]!.drop();
    expect(ports).toHaveLength(2);
    expect(posted.at(-1)).toMatchObject({
      request: { type: 'draft:save', text: 'The last words' },
    });
    // Once the background answers that post, a later stop sends nothing again.
    ports[1]!.answer({ seq: (posted.at(-1) as { seq: number }).seq, ok: true });
    ports[1]!.drop();
    expect(posted).toHaveLength(2);
    expect(ports).toHaveLength(2);
  });

  it('streams the draft as the learner types, and Escape collapses with focus back to the page', async () => {
    const { requests, posted } = fakeBackground(true);
    render(<Overlay />);
    const box = await screen.findByLabelText('Your reflection');
    fireEvent.input(box, { target: { value: 'Half a thought' } });
    expect(posted.at(-1)).toMatchObject({
      request: { type: 'draft:save', text: 'Half a thought', token: 'token-0123456789abcdef' },
    });
    expect(screen.getByTestId('word-count').textContent).toBe('3 words');
    fireEvent.input(box, { target: { value: '' } });
    expect(posted.at(-1)).toMatchObject({ request: { type: 'draft:clear' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => {
      expect(requests.at(-1)).toMatchObject({
        type: 'overlay:layout',
        expanded: false,
        returnFocus: true,
      });
    });
  });

  it('tells a page that embeds it that it works only on a reading', async () => {
    fakeBrowser.runtime.onMessage.addListener(async () => ({
      ok: false,
      error: { code: 'forbidden_sender' },
    }));
    render(<Overlay />);
    expect((await screen.findByRole('status')).textContent).toBe(
      'This panel works only on a course reading.',
    );
    expect(screen.queryByRole('heading')).toBeNull();
  });

  it('speaks French', async () => {
    setTestLanguage('fr');
    fakeBackground(true);
    render(<Overlay />);
    expect(await screen.findByRole('button', { name: 'Réduire' })).toBeTruthy();
    expect(screen.getByText('Séance 6 · Lire')).toBeTruthy();
    expect(screen.getByLabelText('Votre réflexion')).toBeTruthy();
  });
});

describe('when the database fails', () => {
  it('says so plainly and keeps the text in the editor', async () => {
    const { posted } = fakeBackground(true);
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) =>
      (message as { type: string }).type === 'reflection:save'
        ? { ok: false, error: { code: 'db_quota' } }
        : undefined,
    );
    render(<Overlay />);
    const box = await screen.findByLabelText('Your reflection');
    fireEvent.input(box, { target: { value: 'Do not lose me' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save reflection' }));
    const alert = await screen.findByText(/no more room/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Your text is still here');
    expect((box as HTMLTextAreaElement).value).toBe('Do not lose me');
    expect(posted.at(-1)).toMatchObject({
      request: { type: 'draft:save', text: 'Do not lose me' },
    });
  });
});
