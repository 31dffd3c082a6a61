import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import type { Pack } from '../../../content/pack-schema';
import {
  addSession,
  applyDiff,
  diffIsEmpty,
  effectivePack,
  learnedSessionsOf,
  withLearnerLinks,
} from '../../../content/pack-edit';
import { diffSession } from '../../../content/session-diff';
import { parseFixture } from '../entrypoints/course-page.content/course-page-fixtures';
import { EPISODE, learnedRecord, pageWithEpisode, resource } from './pack-fixtures';

describe('effectivePack', () => {
  it('fills in learned links where the pack has none, and never replaces a link', () => {
    const pack = effectivePack(
      bundledPack,
      [
        learnedRecord(),
        learnedRecord({ resourceId: 'civil-power-partner-state', link: 'https://evil.example/' }),
      ],
      null,
    );
    expect(resource(pack, 'we-sought-the-law')?.link).toBe(EPISODE);
    expect(resource(pack, 'civil-power-partner-state')?.link).toBe(
      'https://www.grocer.coop/articles/civil-power-and-partner-state',
    );
    expect(resource(bundledPack, 'we-sought-the-law')?.link).toBeNull(); // not mutated
  });

  it('ignores links learned for another course or filed under another session', () => {
    const pack = effectivePack(
      bundledPack,
      [learnedRecord({ courseId: 'other' }), learnedRecord({ sessionId: 'session-2' })],
      null,
    );
    expect(resource(pack, 'we-sought-the-law')?.link).toBeNull();
  });

  it('shows the session a facilitator chose, if the pack has it', () => {
    const two: Pack = {
      ...bundledPack,
      sessions: [
        ...bundledPack.sessions,
        { ...bundledPack.sessions[0]!, id: 'session-7', number: 7, resources: [] },
      ],
    };
    expect(
      effectivePack(two, [], { courseId: 'seize-fse', sessionId: 'session-7' }).currentSession,
    ).toBe('session-7');
    expect(
      effectivePack(two, [], { courseId: 'seize-fse', sessionId: 'nope' }).currentSession,
    ).toBe('session-6');
    expect(
      effectivePack(two, [], { courseId: 'other', sessionId: 'session-7' }).currentSession,
    ).toBe('session-6');
  });
});

describe('applyDiff', () => {
  it('takes a changed page into the pack, which then matches the page', () => {
    const page = parseFixture('session-6-changed.html')!;
    const session = bundledPack.sessions[0]!;
    const diff = diffSession(session, page);
    expect(diffIsEmpty(diff)).toBe(false);
    const result = applyDiff(bundledPack, session.id, diff);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const again = diffSession(result.pack.sessions[0]!, page);
    expect(again.learnedLinks).toEqual([]);
    expect(again.changedLinks).toEqual([]);
    expect(again.added).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(again.changedText.filter((c) => c.scope !== 'outcome')).toEqual([]);
  });

  it('leaves a page that matches the pack empty of differences', () => {
    expect(
      diffIsEmpty(
        diffSession(bundledPack.sessions[0]!, {
          ...pageWithEpisode(),
          resources: pageWithEpisode().resources.map((r) => ({
            ...r,
            link: r.title === 'We sought the law (and the law won)' ? null : r.link,
          })),
        }),
      ),
    ).toBe(true);
  });
});

describe('withLearnerLinks', () => {
  const session = bundledPack.sessions[0]!;
  const link = (resourceId: string, url: string, sessionId = session.id) => ({
    courseId: bundledPack.id,
    sessionId,
    resourceId,
    link: url,
    linkedAt: '2026-11-28T12:00:00.000Z',
  });

  it('fills a resource the course gives no link with the learner’s, and no other', () => {
    const out = withLearnerLinks(session, [
      link('preston-model', 'https://cles.org.uk/the-preston-model/'),
      // The course gives this one a link: the course's stays.
      link('civil-power-partner-state', 'https://mirror.example/civil-power'),
      // Another session's link is not this session's.
      link('canadas-irreconcileables', 'https://x.example/y', 'session-2'),
    ]);
    const byId = Object.fromEntries(out.resources.map((r) => [r.id, r.link]));
    expect(byId['preston-model']).toBe('https://cles.org.uk/the-preston-model/');
    expect(byId['civil-power-partner-state']).toBe(
      session.resources.find((r) => r.id === 'civil-power-partner-state')!.link,
    );
    expect(byId['canadas-irreconcileables']).toBeNull();
  });

  it('gives the session itself back when the learner linked nothing', () => {
    expect(withLearnerLinks(session, [])).toBe(session);
  });
});

describe('sessions learned from the course’s pages', () => {
  const learnedSession = (n: number, resourceIds: string[] = [`r-${n}`]) => ({
    courseId: 'seize-fse',
    learnedAt: '2026-11-28T12:00:00.000Z',
    fingerprint: 'f',
    session: {
      ...bundledPack.sessions[0]!,
      id: `session-${n}`,
      number: n,
      pageUrl: `https://www.solidarityeconomy.ca/curriculum/session-${n}`,
      resources: resourceIds.map((id) => ({ ...bundledPack.sessions[0]!.resources[0]!, id })),
    },
  });

  it('join the pack learners see in number order; the pack’s own sessions win', () => {
    const pack = effectivePack(bundledPack, [], null, [
      learnedSession(8),
      learnedSession(5),
      learnedSession(6), // the pack has session 6
      { ...learnedSession(9), courseId: 'another-course' },
    ]);
    expect(pack.sessions.map((s) => s.id)).toEqual(['session-5', 'session-6', 'session-8']);
    expect(pack.sessions[1]).toEqual(bundledPack.sessions[0]);
    expect(learnedSessionsOf(bundledPack, [learnedSession(8)]).map((s) => s.id)).toEqual([
      'session-8',
    ]);
  });

  it('leave out one whose resource ids another session uses (ids are unique in a pack)', () => {
    const pack = effectivePack(bundledPack, [], null, [
      learnedSession(7, ['preston-model']),
      learnedSession(8, ['x', 'x']),
      learnedSession(9),
    ]);
    expect(pack.sessions.map((s) => s.id)).toEqual(['session-6', 'session-9']);
  });

  it('may be the facilitator’s chosen session', () => {
    const pack = effectivePack(bundledPack, [], { courseId: 'seize-fse', sessionId: 'session-7' }, [
      learnedSession(7),
    ]);
    expect(pack.currentSession).toBe('session-7');
  });

  it('go into the pack in number order, validated, and never twice', () => {
    const added = addSession(bundledPack, learnedSession(7).session);
    expect(added.ok && added.pack.sessions.map((s) => s.id)).toEqual(['session-6', 'session-7']);
    expect(addSession(bundledPack, { ...learnedSession(6).session, id: 'other' })).toMatchObject({
      ok: false,
    });
    // A resource id the pack already uses is refused by the pack's own rules.
    expect(addSession(bundledPack, learnedSession(7, ['preston-model']).session)).toMatchObject({
      ok: false,
      error: { path: 'sessions[1].resources[0].id' },
    });
  });
});
