/**
 * Stands in for WXT's `ContentScriptContext` in the two small content scripts (the build
 * aliases `wxt/utils/content-script-context` here for them; see `wxt.config.ts`).
 *
 * WXT 0.21.0's context announces each script to the page with `window.postMessage`, the
 * extension id in the message type, and stops the script when the page dispatches a
 * `CustomEvent` of that name (issue 11, finding 7). Our scripts need none of it: they watch
 * in-page navigation themselves and hold no state a newer copy of the script would clash with.
 * WXT's entry wrapper still constructs a context and hands it to `main`, which ignores it.
 */
export class ContentScriptContext {
  /** Never invalidated by the page; the scripts check the extension is still there themselves. */
  readonly isInvalid = false;
}
