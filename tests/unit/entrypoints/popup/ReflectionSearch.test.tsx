import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { highlight, ReflectionSearch } from '../../../../entrypoints/popup/ReflectionSearch';
import type { Session } from '../../../../content/pack-schema';
import { threeSessions } from '../../helpers';

describe('search highlight', () => {
  it('marks every match', () => {
    const parts = highlight('State and state', 'state');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toBe(' and ');
    expect(highlight('text', '')).toEqual(['text']);
  });
});

/** A reflection of `sessionId`'s resource `resourceId`. */
const reflection = (id: string, sessionId: string, resourceId: string, text: string) => ({
  id,
  courseId: 'seize-fse',
  sessionId,
  resourceId,
  text,
  quote: null,
  mediaTime: null,
  outcomeIds: ['o2'],
  pageUrl: '',
  pageTitle: '',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  deletedAt: null,
});

describe('searching the whole course', () => {
  const [six, seven] = threeSessions().sessions as [Session, Session];
  const summaries = threeSessions().sessions.map(({ id, number, title }) => ({
    id,
    number,
    title,
  }));

  /** A background that answers searches: one reflection of session 7, named by its labels. */
  function fakeSearch() {
    const requests: Record<string, unknown>[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const m = message as Record<string, unknown>;
      requests.push(m);
      return {
        ok: true,
        total: 1,
        reflections: [reflection('r7', seven.id, seven.resources[1]!.id, 'Week seven thought')],
        sessions:
          m.sessionId === undefined
            ? [
                {
                  id: seven.id,
                  outcomeIds: seven.outcomes.map((o) => o.id),
                  resources: seven.resources.map(({ id, title }) => ({ id, title })),
                },
              ]
            : [],
      };
    });
    return requests;
  }

  it('asks without a session and names each reflection with its session and resource', async () => {
    const requests = fakeSearch();
    render(
      <ReflectionSearch
        courseId="seize-fse"
        session={six}
        sessions={summaries}
        recent={[]}
        total={0}
        courseTotal={1}
        version={1}
        lang="en"
      />,
    );
    // This session has none yet; the course has one.
    expect(screen.getByText(/not written any reflection for this session/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'The whole course' }));
    const item = await screen.findByRole('listitem');
    expect(item.textContent).toContain(`Session 7 · ${seven.resources[1]!.title}`);
    expect(item.textContent).toContain('Week seven thought');
    expect(item.textContent).toContain('Speaks to: Outcome 2');
    expect(requests.at(-1)).toMatchObject({ type: 'reflections:search', courseId: 'seize-fse' });
    expect(requests.at(-1)).not.toHaveProperty('sessionId');
  });

  it('offers no choice when the course has one session', () => {
    render(
      <ReflectionSearch
        courseId="seize-fse"
        session={six}
        recent={[reflection('r6', six.id, six.resources[0]!.id, 'Six')]}
        total={1}
        version={1}
        lang="en"
      />,
    );
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByRole('listitem').textContent).not.toContain('Session 6 ·');
  });
});
