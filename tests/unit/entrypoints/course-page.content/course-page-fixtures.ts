/**
 * The course-page fixtures (tests/fixtures/course-pages/) and how to read them, shared by the
 * parser's tests and the diff's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCoursePage } from '../../../../entrypoints/course-page.content/parse-course-page';

export const PAGE_URL = 'https://www.solidarityeconomy.ca/curriculum/session-6';
export const fixture = (name: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/course-pages', name), 'utf8');
export const parseHtml = (html: string, url = PAGE_URL) =>
  parseCoursePage(new DOMParser().parseFromString(html, 'text/html'), url);
export const parseFixture = (name: string) => parseHtml(fixture(name));

// The links the fixtures give, in course order: READINGS.md's where it names one, clearly fake
// example.org addresses elsewhere. Test data only; the pack never takes them from here.
export const FIXTURE_LINKS = [
  'https://cles.org.uk/the-preston-model/',
  'https://example.org/readings/canadas-irreconcileables',
  'https://www.grocer.coop/articles/civil-power-and-partner-state',
  'https://electionsanddemocracy.ca/which-election/three-levels-government-video-transcript',
  'https://example.org/podcasts/we-sought-the-law',
  'https://www.communitypsychology.com/resisting-state-sanctioned-violence/',
  'https://example.org/papers/free-riding-off-capitalism.pdf',
  'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
];
