/**
 * What the reading content script reads from the page: the address and title it reports (cut
 * to the background's limits, so a page with a huge title still gets its overlay), and, only
 * when the learner asks from the overlay, the selected passage (with a little context to find
 * it again) and the time of the playing video or podcast.
 */
import type { Quote } from '../../utils/protocol/records';
import { LIMITS } from '../../utils/protocol/limits';
import { shownTitle, withoutFragment } from '../../utils/protocol/page-text';
import { quoteOfRange } from '../../utils/anchoring/capture';
import { readPageText } from '../../utils/anchoring/page-text';

/** The address reported for `href`: no fragment (pages change it freely), never over the limit. */
export const reportedAddress = (href: string): string => withoutFragment(href).slice(0, LIMITS.url);

/** The title reported: whitespace squashed, cut to `LIMITS.pageTitle` characters. */
export const reportedTitle = shownTitle;

/**
 * The page's current selection (its first range) as a quote of the page's text, or `null`
 * when nothing is selected. The page's text is read here, when the learner asks, never before.
 */
export function capturedQuote(doc: Document = document): Quote | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  return quoteOfRange(
    readPageText(doc),
    selection.getRangeAt(0),
    reportedAddress(doc.location.href),
  );
}

/**
 * The current time, in whole seconds, of the page's playing `<video>` or `<audio>` (else of
 * one that has been started), or `null` when there is none.
 */
export function mediaTime(doc: Document = document): number | null {
  const media = [...doc.querySelectorAll<HTMLMediaElement>('video, audio')];
  const playing = media.find((m) => !m.paused && !m.ended) ?? media.find((m) => m.currentTime > 0);
  return playing ? Math.floor(playing.currentTime) : null;
}
