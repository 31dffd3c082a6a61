/**
 * Schemas of the requests in `messages.ts`, kept apart so that only the background (which
 * validates) bundles the schema library; senders import the types alone.
 */
import * as v from 'valibot';

const URL_TEXT = v.pipe(v.string(), v.maxLength(8192, 'address too long'));
const TAB_ID = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Schemas of every request, by `type`. */
export const RequestSchema = v.variant('type', [
  /** Content script → background: the page in this tab is now at `url` (load or in-page navigation). */
  v.strictObject({ type: v.literal('page:seen'), url: URL_TEXT }),
  /** Extension page → background: which reading, if any, tab `tabId` shows. */
  v.strictObject({ type: v.literal('tab:reading'), tabId: TAB_ID }),
]);

/** Any request. */
export type Request = v.InferOutput<typeof RequestSchema>;
/** The `type` names of requests. */
export type RequestType = Request['type'];
