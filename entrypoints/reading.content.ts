/**
 * Runs only on the hosts of the course's readings: its `matches` are generated from the
 * course pack in `wxt.config.ts`. It tells the background which address the tab shows, on
 * load, after in-page navigation and when the page comes back from the back-forward cache;
 * the background recognises the reading and sets the badge. It reads nothing else from the
 * page and stores nothing.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { send } from '../utils/messages';

export default defineContentScript({
  // Filled from the course pack at build time (wxt.config.ts, `entrypoints:resolved`).
  matches: [],
  runAt: 'document_idle',
  main(ctx) {
    const report = (url: string) => void send({ type: 'page:seen', url });
    report(location.href);
    // The Navigation API announces the new address before `location` changes: use the event's.
    ctx.addEventListener(window, 'wxt:locationchange', (e) => report(e.newUrl.href));
    ctx.addEventListener(window, 'pageshow', (e) => {
      if (e.persisted) report(location.href);
    });
  },
});
