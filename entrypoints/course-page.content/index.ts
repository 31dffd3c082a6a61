/**
 * Runs only on the course's own session pages (`matches` come from the pack's `pageUrl`s in
 * `wxt.config.ts`). It reads the page with `parseCoursePage` and tells the background what the
 * page says; the background decides which session it is (from the tab's address, never from
 * this message), learns the links the pack lacks and keeps the differences for the
 * facilitator. It carries no pack and no schema library.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { parseCoursePage } from './parse-course-page';
import { send } from '../../utils/send';

export default defineContentScript({
  // Filled from the course pack at build time (wxt.config.ts, `entrypoints:resolved`).
  matches: [],
  runAt: 'document_idle',
  main() {
    const session = parseCoursePage(document, location.href);
    if (session) void send({ type: 'course:page', session });
  },
});
