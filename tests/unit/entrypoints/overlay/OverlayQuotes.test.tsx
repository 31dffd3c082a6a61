import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Overlay } from '../../../../entrypoints/overlay/Overlay';
import { parsePack } from '../../../../content/pack-schema';
import raw from '../../../fixtures/packs/seize-session-6.json';
import type { Reflection } from '../../../../utils/protocol/records';
import type { Broadcast, OverlayState } from '../../../../utils/protocol/messages';

const parsed = parsePack(raw);
if (!parsed.ok) throw new Error(parsed.error.message);
const session = parsed.pack.sessions[0]!;

const reflection = (id: string, exact: string, createdAt: string): Reflection => ({
  id,
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text: `About ${exact}`,
  quote: { exact, prefix: '', suffix: '', position: null, source: '' },
  mediaTime: null,
  outcomeIds: [],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil',
  createdAt,
  updatedAt: createdAt,
  deletedAt: null,
});

/** A background whose page found `found` and not `missing`; it records every request. */
function fakeBackground(revealed = true) {
  const state: OverlayState = {
    courseId: 'seize-fse',
    reading: { sessionId: 'session-6', resourceId: 'civil-power-partner-state' },
    session,
    tabId: 9,
    layout: { side: 'right', expanded: true },
    progress: null,
    draft: null,
    reflections: [
      reflection('r2', 'a passage now gone', '2026-11-21T10:00:00.000Z'),
      reflection('r1', 'a partner state', '2026-11-20T10:00:00.000Z'),
    ],
  };
  const requests: { type: string; show?: boolean; id?: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string; show?: boolean; id?: string };
    requests.push(m);
    if (m.type === 'overlay:init') return { ok: true, state };
    if (m.type === 'quotes:state')
      return { ok: true, show: true, looked: true, found: ['r1'], missing: ['r2'] };
    if (m.type === 'quotes:show') return { ok: true, show: m.show };
    if (m.type === 'quotes:reveal') return { ok: true, revealed };
    return undefined;
  });
  return requests;
}

/** A broadcast of the background, as the extension's pages receive it. */
async function broadcast(message: Broadcast): Promise<void> {
  // The listeners' own answers do not matter here: the pages answer no broadcast.
  await fakeBrowser.runtime.onMessage
    .trigger(message, { id: fakeBrowser.runtime.id })
    .then(() => undefined);
}

beforeEach(() => {
  location.hash = '#token-0123456789abcdef';
});

describe('the overlay’s quotes', () => {
  it('marks each quote found or not, lists those not found with their text, and shows a found one', async () => {
    const requests = fakeBackground();
    render(<Overlay />);
    const show = await screen.findByRole('button', {
      name: /^Show the quote of the reflection of .* in the page$/,
    });
    const items = [...document.querySelectorAll<HTMLElement>('.reflection')];
    expect(within(items[0]!).getByText('Not found on this page')).toBeTruthy();
    expect(within(items[1]!).getByRole('button', { name: /^Show the quote/ })).toBe(show);
    const missing = screen.getByRole('list', { name: '1 quote not found on this page' });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['a passage now gone']);
    fireEvent.click(show);
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ type: 'quotes:reveal', id: 'r1' }));
  });

  it('says so when the page no longer has the quote it was asked to show', async () => {
    fakeBackground(false);
    render(<Overlay />);
    fireEvent.click(await screen.findByRole('button', { name: /^Show the quote/ }));
    await waitFor(() =>
      expect(screen.getByTestId('overlay-error').textContent).toBe(
        'This quote is no longer on the page.',
      ),
    );
  });

  it('turns the highlights off and remembers it through the background', async () => {
    const requests = fakeBackground();
    render(<Overlay />);
    await screen.findByRole('button', { name: /^Show the quote/ });
    const toggle = screen.getByRole('checkbox', { name: 'Show my quotes in the page' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(requests.at(-1)).toMatchObject({ type: 'quotes:show', show: false }),
    );
    expect((toggle as HTMLInputElement).checked).toBe(false);
  });

  it('brings the reflection of a highlight the learner clicked into view, with the focus', async () => {
    fakeBackground();
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    render(<Overlay />);
    await screen.findByRole('button', { name: /^Show the quote/ });
    await broadcast({ type: 'overlay:reveal', tabId: 9, id: 'r1' });
    const item = document.querySelector<HTMLElement>('[data-reflection-id="r1"]')!;
    await waitFor(() => expect(document.activeElement).toBe(item));
    expect(item.classList.contains('revealed')).toBe(true);
    expect(scrolled).toEqual([item]);
    // Another tab's click is not this overlay's.
    await broadcast({ type: 'overlay:reveal', tabId: 8, id: 'r2' });
    expect(document.activeElement).toBe(item);
  });
});
