/**
 * What the reading content script reads from the page: the address and title it reports (cut
 * to the background's limits, so a page with a huge title still gets its overlay), and, only
 * when the learner asks from the overlay, the selected passage (with a little context to find
 * it again) and the time of the playing video or podcast.
 */
import type { Quote } from '../../utils/protocol/records';
import { LIMITS } from '../../utils/protocol/limits';
import { shownTitle, withoutFragment } from '../../utils/protocol/page-text';

/** How much surrounding text is kept on each side of a quote. */
const CONTEXT = 32;

/** The address reported for `href`: no fragment (pages change it freely), never over the limit. */
export const reportedAddress = (href: string): string => withoutFragment(href).slice(0, LIMITS.url);

/** The title reported: whitespace squashed, cut to `LIMITS.pageTitle` characters. */
export const reportedTitle = shownTitle;

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The page's current selection as a quote, or `null` when nothing is selected. */
export function capturedQuote(doc: Document = document): Quote | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const exact = squash(selection.toString()).trim().slice(0, LIMITS.quote);
  if (!exact) return null;
  const range = selection.getRangeAt(0);
  const before = doc.createRange();
  before.selectNodeContents(doc.body);
  before.setEnd(range.startContainer, range.startOffset);
  const after = doc.createRange();
  after.selectNodeContents(doc.body);
  after.setStart(range.endContainer, range.endOffset);
  return {
    exact,
    prefix: squash(before.toString()).trimStart().slice(-CONTEXT),
    suffix: squash(after.toString()).trimEnd().slice(0, CONTEXT),
    position: null,
    source: reportedAddress(doc.location.href),
  };
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
