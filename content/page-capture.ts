/**
 * What the reading content script reads from the page, and only when the learner asks from
 * the overlay: the selected passage (with a little context to find it again) and the time of
 * the playing video or podcast.
 */
import type { Quote } from '../utils/db';

/** How much surrounding text is kept on each side of a quote. */
const CONTEXT = 32;
/** The longest quote kept; longer selections are cut. */
const MAX_QUOTE = 5000;

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The page's current selection as a quote, or `null` when nothing is selected. */
export function capturedQuote(doc: Document = document): Quote | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const exact = squash(selection.toString()).trim().slice(0, MAX_QUOTE);
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
