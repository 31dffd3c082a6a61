import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WithCurrentPack } from '../../../../entrypoints/popup/WithCurrentPack';
import { packView } from '../../../../content/sessions';
import { threeSessions } from '../../helpers';

/** A background that answers `pack:view` for the three sessions (7 current), recording each. */
function fakePackView(sessionIds = new Set(['session-6', 'session-7', 'session-8'])) {
  const asked: (string | undefined)[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string; sessionId?: string };
    if (m.type !== 'pack:view') return { ok: false, error: { code: 'internal' } };
    asked.push(m.sessionId);
    if (m.sessionId !== undefined && !sessionIds.has(m.sessionId))
      return { ok: false, error: { code: 'not_found' } };
    const view = packView(threeSessions(), '2026-11-28', m.sessionId ?? 'session-7')!;
    return {
      ok: true,
      ...view,
      source: 'imported',
      importedAt: null,
      learned: [],
      learnerLinks: [],
    };
  });
  return asked;
}

/** The popup's loader around a view that shows the session and a button per other session. */
function renderLoader() {
  render(
    <WithCurrentPack fallback={threeSessions()}>
      {(view, choose) => (
        <div>
          <h1>{view.session.title}</h1>
          {view.sessions.map((s) => (
            <button
              key={s.id}
              type="button"
              onClick={() => {
                choose(s.id);
              }}
            >
              {s.id}
            </button>
          ))}
        </div>
      )}
    </WithCurrentPack>,
  );
}

describe('WithCurrentPack', () => {
  it('shows the background’s session, then the one chosen, asked of the background by id', async () => {
    const asked = fakePackView();
    renderLoader();
    expect((await screen.findByRole('heading')).textContent).toBe('Title of session 7');
    fireEvent.click(screen.getByRole('button', { name: 'session-8' }));
    await screen.findByText('Title of session 8');
    expect(asked).toEqual([undefined, 'session-8']);
  });

  it('goes back to the background’s session when the chosen one is gone', async () => {
    const asked = fakePackView(new Set(['session-7']));
    renderLoader();
    await screen.findByText('Title of session 7');
    fireEvent.click(screen.getByRole('button', { name: 'session-6' }));
    await expect.poll(() => asked).toEqual([undefined, 'session-6', undefined]);
    expect(screen.getByRole('heading').textContent).toBe('Title of session 7');
  });
});

describe('the snapshot of the last popup', () => {
  it('is drawn at once, then replaced by the background’s answer, which alone counts as current', async () => {
    let answer: (() => void) | null = null;
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const m = message as { type: string };
      if (m.type !== 'pack:view') return { ok: false, error: { code: 'internal' } };
      await new Promise<void>((resolve) => (answer = resolve));
      const view = packView(threeSessions(), '2026-11-28', 'session-7')!;
      return {
        ok: true,
        ...view,
        source: 'imported',
        importedAt: null,
        learned: [],
        learnerLinks: [],
      };
    });
    const old = packView(threeSessions(), '2026-11-28', 'session-6')!;
    const initial = {
      ...old,
      source: 'imported' as const,
      importedAt: null,
      learned: [],
      learnedSessions: [],
      learnerLinks: [],
    };
    const currents: boolean[] = [];
    render(
      <WithCurrentPack fallback={threeSessions()} initial={initial}>
        {(view, _choose, current) => {
          currents.push(current);
          return <h1>{view.session.id}</h1>;
        }}
      </WithCurrentPack>,
    );
    // Drawn before the background answers, and not taken for its word.
    expect(screen.getByRole('heading').textContent).toBe('session-6');
    expect(currents.every((c) => !c)).toBe(true);
    await waitFor(() => {
      expect(answer).not.toBeNull();
    });
    answer!();
    await waitFor(() => {
      expect(screen.getByRole('heading').textContent).toBe('session-7');
    });
    expect(currents.at(-1)).toBe(true);
  });
});
