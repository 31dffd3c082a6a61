import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readSnapshot, writeSnapshot } from '../../../../entrypoints/popup/snapshot';
import { packView } from '../../../../content/sessions';
import { POPUP_SNAPSHOT_KEY } from '../../../../utils/protocol/popup-snapshot';
import { threeSessions } from '../../helpers';

const view = {
  ...packView(threeSessions(), '2026-11-28', 'session-7')!,
  source: 'imported' as const,
  importedAt: null,
  learned: [],
  learnedSessions: [],
  learnerLinks: [],
};
const state = {
  courseId: view.id,
  sessionId: 'session-7',
  progress: [],
  counts: { total: 0, byResource: {}, byOutcome: {} },
  recent: [],
};

describe('the popup’s snapshot', () => {
  it('comes back as written', async () => {
    writeSnapshot({ view, state });
    await expect.poll(() => readSnapshot()).toEqual({ view, state });
  });

  it.each([
    ['nothing', undefined],
    ['not an object', 'x'],
    ['no state', { view }],
    ['a state of another session', { view, state: { ...state, sessionId: 'session-6' } }],
    ['a state of another course', { view, state: { ...state, courseId: 'other' } }],
    ['a state without its list', { view, state: { ...state, recent: 'x' } }],
  ])('is not drawn when it holds %s', async (_name, stored) => {
    await fakeBrowser.storage.session.set({ [POPUP_SNAPSHOT_KEY]: stored });
    expect(await readSnapshot()).toBeNull();
  });
});
