/**
 * Which tab and reading an overlay frame speaks for: the one whose content script registered
 * the frame's token. Its own module, because the overlay's requests and the quotes' both ask.
 */
import type { ResourcePlace } from '../../../utils/protocol/records';
import { Refusal, type BackgroundDeps } from '../deps';
import type { SenderInfo } from '../senders';

/** The tab and reading an overlay frame speaks for, or a refusal. */
export async function overlayTab(deps: BackgroundDeps, sender: SenderInfo, token: string) {
  // The route table already let only overlay frames in; the token proves which tab's.
  const tabId = sender.tab?.id;
  if (tabId === undefined)
    throw new Refusal('forbidden_sender', 'only the overlay frame of a tab may ask');
  const state = await deps.tabs.get(tabId);
  if (!state || state.token !== token)
    throw new Refusal('forbidden_sender', 'this overlay was not mounted by the tab');
  if (!state.reading) throw new Refusal('not_a_reading', 'the tab is not on a reading');
  const place: ResourcePlace = { courseId: deps.course.pack().id, ...state.reading };
  return { tabId, state, place };
}
