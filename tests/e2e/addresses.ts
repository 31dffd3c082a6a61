/**
 * Every address the end-to-end tests visit, defined once. The course's own addresses come from
 * the frozen test pack (the build ships the same pack: tests/unit/content/packs/seize.test.ts
 * keeps them equal); the others are sites of no reading.
 */
import { testResource, testSession } from '../fixtures/test-pack';

/** A resource's link in the frozen pack (throws if it has none: a test needs a real address). */
function linkOf(resourceId: string): string {
  const link = testResource(resourceId).link;
  if (!link) throw new Error(`The test pack gives ${resourceId} no link`);
  return link;
}

/** The reading most tests open: "Civil Power & Partner State", at grocer.coop. */
export const READING = linkOf('civil-power-partner-state');
/** The same reading's site, with and without www., over http and https: where tests serve it. */
export const READING_SITE = /^https?:\/\/(www\.)?grocer\.coop\//;
/** Another page of the reading's site, which is no reading (the content script runs there). */
export const READING_SITE_OTHER_PAGE = new URL('/articles/another-article', READING).href;

/** A reading on another site of the course: "Building strength for the long haul". */
export const OTHER_SITE_READING = linkOf('building-strength-long-haul');
/** That site, where tests serve it. */
export const OTHER_SITE = /^https:\/\/(www\.)?communitypsychology\.com\//;

/** The podcast of the session: "Half Past Capitalism". */
export const PODCAST = linkOf('half-past-capitalism');
/** The podcast's site (a subdomain: served as written, without www.). */
export const PODCAST_SITE = 'https://podcasters.spotify.com/pod/**';

/** The course's page for Session 6, where the companion learns links. */
export const COURSE_PAGE = (() => {
  if (!testSession.pageUrl) throw new Error('The test pack gives Session 6 no page');
  return testSession.pageUrl;
})();

/**
 * Fictional Session 7's page on the course's site (tests/fixtures/course-pages/session-7-*.html),
 * which the pack lacks: where the companion learns a whole session.
 */
export const SESSION_7_PAGE = new URL('session-7', COURSE_PAGE).href;
/** The fictional reading that page links, on a host the build covers (grocer.coop). */
export const SESSION_7_READING = 'https://www.grocer.coop/test/session-7-reading';

/** A site with no reading of the course, outside every content script's matches. */
export const ELSEWHERE_SITE = 'https://example.org/**';
/** A page on that site. */
export const ELSEWHERE = 'https://example.org/elsewhere';

/** A page of the extension, e.g. `popup.html`, in the browser that loaded it as `extensionId`. */
export const extensionPage = (extensionId: string, page: string): string =>
  `chrome-extension://${extensionId}/${page}`;
