/**
 * Records and pages shared by the tests of the pack's editing and links and of the background's
 * course handling: session 6 of the bundled pack, one learned link, stored checks.
 */
import { testPack as bundledPack } from '../../fixtures/test-pack';
import type { Pack } from '../../../content/pack-schema';
import type { ParsedSession } from '../../../content/session-diff';
import type { LearnedLinkRecord, StoredLinkCheck } from '../../../utils/protocol/records';

export const PAGE_URL = 'https://www.solidarityeconomy.ca/curriculum/session-6';
export const EPISODE = 'https://podcasters.spotify.com/pod/show/usfwc/episodes/we-sought-the-law';
export const learnedRecord = (over: Partial<LearnedLinkRecord> = {}): LearnedLinkRecord => ({
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'we-sought-the-law',
  link: EPISODE,
  pageUrl: PAGE_URL,
  learnedAt: '2026-11-28T12:00:00.000Z',
  ...over,
});
export const resource = (pack: Pack, id: string) =>
  pack.sessions.flatMap((s) => s.resources).find((r) => r.id === id);
export const check = (
  resourceId: string,
  status: StoredLinkCheck['status'],
  at = '2026-11-28T12:00:00.000Z',
): StoredLinkCheck => ({
  courseId: 'seize-fse',
  resourceId,
  url: status === 'missing' ? null : `https://ex.org/${resourceId}`,
  status,
  finalUrl: null,
  chain: [],
  httpStatus: null,
  ms: null,
  checkedAt: at,
});
/** Session 6's page as the pack has it, with one link the pack lacks. */
export const pageWithEpisode = (): ParsedSession => {
  const s = bundledPack.sessions[0]!;
  return {
    number: 6,
    heading: s.heading,
    title: s.title,
    intro: s.intro,
    outcomes: s.outcomes.map((o) => o.text),
    resources: s.resources.map((r) => ({
      kind: r.kind,
      title: r.title,
      summary: r.summary,
      link: r.id === 'we-sought-the-law' ? EPISODE : r.link,
    })),
  };
};
