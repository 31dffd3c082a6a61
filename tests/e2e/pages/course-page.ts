/**
 * The course's own session page (on solidarityeconomy.ca), served offline under its real
 * address: where the companion learns the links the pack does not know yet.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COURSE_PAGE, SESSION_7_PAGE } from '../addresses';
import { serve } from '../browser';

/** The address a fixture of the course page links "We sought the law" to. */
const FIXTURE_EPISODE = 'https://example.org/podcasts/we-sought-the-law';

/** Session 6's page on the course's site. */
export class CoursePage {
  constructor(readonly page: Page) {}

  /**
   * The fixture course page `name` (in tests/fixtures/course-pages/), with "We sought the law"
   * linked to `episode`.
   */
  static html(name: string, episode: string): string {
    return readFileSync(join('tests/fixtures/course-pages', name), 'utf8').replaceAll(
      FIXTURE_EPISODE,
      episode,
    );
  }

  /** Serve `html` as the course page, over https and (when `plainHttp`) over http too. */
  static async serve(context: BrowserContext, html: string, plainHttp = false): Promise<void> {
    const https = new URL(COURSE_PAGE);
    const address = plainHttp
      ? new RegExp(`^https?://${https.host.replaceAll('.', '\\.')}${https.pathname}$`)
      : COURSE_PAGE;
    await serve(context, address, html);
  }

  /**
   * Serve fictional Session 7's page (`markup`: a fixture of tests/fixtures/course-pages/) at
   * its address over https and http, with and without www., and under another folder
   * (`/other/session-7`): only the first may teach the companion anything.
   */
  static async serveSession7(
    context: BrowserContext,
    markup = 'session-7-headings.html',
  ): Promise<void> {
    const html = readFileSync(join('tests/fixtures/course-pages', markup), 'utf8');
    const { host, pathname } = new URL(SESSION_7_PAGE);
    const bare = host.replace(/^www\./, '').replaceAll('.', '\\.');
    const last = pathname.slice(pathname.lastIndexOf('/'));
    await serve(
      context,
      new RegExp(`^https?://(www\\.)?${bare}/(curriculum|other)${last}/?$`),
      html,
    );
  }

  /** Open the course page (`url`, by default over https) in a new tab. */
  static async open(context: BrowserContext, url = COURSE_PAGE): Promise<CoursePage> {
    const page = await context.newPage();
    await page.goto(url);
    return new CoursePage(page);
  }
}
