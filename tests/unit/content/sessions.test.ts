import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import type { Pack, Session } from '../../../content/pack-schema';
import { defaultSessionOn, packView } from '../../../content/sessions';

const session = (n: number, dates: Pick<Session, 'startsOn' | 'endsOn'> = {}): Session => ({
  ...bundledPack.sessions[0]!,
  ...dates,
  id: `session-${n}`,
  number: n,
  resources: [],
});
const pack = (sessions: Session[], currentSession?: string): Pack => {
  const { currentSession: _own, ...rest } = bundledPack;
  return { ...rest, sessions, ...(currentSession !== undefined && { currentSession }) };
};
const dated = [
  session(6, { startsOn: '2026-11-01', endsOn: '2026-11-14' }),
  session(7, { startsOn: '2026-11-15', endsOn: '2026-11-21' }),
  session(8, { startsOn: '2026-11-29', endsOn: '2026-12-05' }),
];
const undated = [session(6), session(7), session(8)];
const on = (p: Pack, today: string, opened?: string | null) =>
  defaultSessionOn(p, today, opened).id;

describe('the current session (issue 14: dates, then the facilitator, then the page opened last)', () => {
  it('the pack’s dates first: the running session, over the facilitator’s choice and the page', () => {
    expect(on(pack(dated, 'session-8'), '2026-11-16', 'session-6')).toBe('session-7');
  });

  it('between two sessions, the one that started last; before the course, the next rules decide', () => {
    expect(on(pack(dated), '2026-11-25', 'session-8')).toBe('session-7');
    expect(on(pack(dated), '2026-10-01', 'session-8')).toBe('session-8');
    expect(on(pack(dated, 'session-7'), '2026-10-01', 'session-8')).toBe('session-7');
  });

  it('without dates, the facilitator’s choice over the session page the learner opened last', () => {
    expect(on(pack(undated, 'session-8'), '2026-11-16', 'session-7')).toBe('session-8');
  });

  it('without dates or a choice, the session page the learner opened last', () => {
    expect(on(pack(undated), '2026-11-16', 'session-7')).toBe('session-7');
  });

  it('else the first session; an id the pack lacks is passed over', () => {
    expect(on(pack(undated), '2026-11-16')).toBe('session-6');
    expect(on(pack(undated), '2026-11-16', null)).toBe('session-6');
    expect(on(pack(undated, 'gone'), '2026-11-16', 'also-gone')).toBe('session-6');
  });

  it('is what the popup’s view shows when it names no session', () => {
    expect(packView(pack(undated), '2026-11-16', undefined, 'session-8')?.session.id).toBe(
      'session-8',
    );
    expect(packView(pack(undated), '2026-11-16', 'session-7', 'session-8')?.session.id).toBe(
      'session-7',
    );
  });
});
