import { fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { SessionSwitcher } from '../../../../entrypoints/popup/SessionSwitcher';
import type { SessionSummary } from '../../../../content/sessions';

// Fictional sessions, listed out of course order (as a session learned later would be).
const sessions: SessionSummary[] = [
  { id: 'session-6', number: 6, title: 'Fictional six' },
  { id: 'session-8', number: 8, title: 'Fictional eight' },
  { id: 'session-7', number: 7, title: 'Fictional seven' },
];

/** The switcher as the popup holds it: the chosen session is shown at once. */
function Switching({ start }: { start: string }) {
  const [shown, setShown] = useState(start);
  return <SessionSwitcher sessions={sessions} shown={shown} onChoose={setShown} />;
}

describe('SessionSwitcher', () => {
  it('says where the session is in the course and names where each button goes', () => {
    const onChoose = vi.fn();
    render(<SessionSwitcher sessions={sessions} shown="session-7" onChoose={onChoose} />);
    expect(screen.getByRole('navigation', { name: 'Sessions' })).toBeTruthy();
    expect(screen.getByTestId('session-position').textContent).toBe('Session 7 of 8');
    fireEvent.click(
      screen.getByRole('button', { name: 'Previous session: Session 6 — Fictional six' }),
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Next session: Session 8 — Fictional eight' }),
    );
    expect(onChoose.mock.calls).toEqual([['session-6'], ['session-8']]);
  });

  it('counts to the highest session number known, not to how many sessions are known', () => {
    render(
      <SessionSwitcher sessions={sessions.slice(0, 2)} shown="session-6" onChoose={() => {}} />,
    );
    expect(screen.getByTestId('session-position').textContent).toBe('Session 6 of 8');
  });

  it('disables the button at each end of the course', () => {
    const onChoose = vi.fn();
    render(<SessionSwitcher sessions={sessions} shown="session-6" onChoose={onChoose} />);
    const previous = screen.getByRole('button', { name: 'Previous session' });
    expect((previous as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(previous);
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('reaches every session, and keeps the keyboard focus when it reaches an end', () => {
    render(<Switching start="session-6" />);
    const next = () => screen.getByRole('button', { name: /^Next session/ });
    next().focus();
    fireEvent.click(next());
    expect(screen.getByTestId('session-position').textContent).toBe('Session 7 of 8');
    expect(document.activeElement).toBe(next());
    fireEvent.click(next());
    expect(screen.getByTestId('session-position').textContent).toBe('Session 8 of 8');
    // Next is disabled now: the focus went to Previous, not to the page's body.
    expect((next() as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Previous session: Session 7 — Fictional seven' }),
    );
  });

  it('is not shown when the course has one session', () => {
    const { container } = render(
      <SessionSwitcher sessions={sessions.slice(0, 1)} shown="session-6" onChoose={() => {}} />,
    );
    expect(container.innerHTML).toBe('');
  });
});
