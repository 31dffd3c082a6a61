/**
 * Who may ask the background what (issue 11, finding 17): the overlay frame lives inside a web
 * page, so it gets only the requests of its own reading, proven with its token. The learner's
 * whole journal (export, import, search, session state) is for the toolbar popup alone.
 */
import type { Frame, Page } from '@playwright/test';
import {
  expect,
  fixture,
  PopupPage,
  READING,
  READING_SITE,
  ReadingPage,
  serve,
  test,
} from './fixtures';

/** A reply as the background sends it (only the parts these tests read). */
interface AnyReply {
  ok: boolean;
  error?: { code: string };
  json?: string;
}

/** Send a runtime message from inside `target` (an extension page or frame), as its own code would. */
const sendFrom = (target: Page | Frame, message: object): Promise<AnyReply> =>
  target.evaluate(
    (m) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<AnyReply> } };
        }
      ).chrome.runtime.sendMessage(m),
    message,
  );

test('the overlay frame cannot export, import, search or read the session; the popup can', async ({
  context,
  extensionId,
}) => {
  await serve(
    context,
    READING_SITE,
    fixture('article.html', { TITLE: 'Civil Power and Partner State' }),
  );
  const reading = await ReadingPage.open(context, READING);
  await reading.expand();
  await reading.writeReflection('Only the popup may export this');
  const overlay = await reading.overlay();
  const popup = await PopupPage.open(context, extensionId);

  // The popup's channel is live: it gets the whole journal.
  const exported = await sendFrom(popup.page, {
    type: 'export:prepare',
    sessionId: null,
    format: 'json',
  });
  expect(exported).toMatchObject({ ok: true });
  expect(exported.json).toContain('Only the popup may export this');
  const backup = exported.json!;
  const requests = [
    { type: 'export:prepare', sessionId: null, format: 'json' },
    { type: 'export:prepare', sessionId: 'session-6', format: 'markdown' },
    { type: 'import:preview', text: backup },
    { type: 'import:apply', text: backup },
    {
      type: 'reflections:search',
      courseId: 'seize-fse',
      sessionId: 'session-6',
      query: '',
      limit: 10,
    },
    { type: 'session:state', courseId: 'seize-fse', sessionId: 'session-6' },
    { type: 'tab:reading', tabId: 1 },
  ];
  for (const request of requests)
    expect(await sendFrom(popup.page, request), request.type).toMatchObject({ ok: true });

  // The overlay's own channel is live too: its token-checked request is answered.
  const token = overlay.token();
  expect(await sendFrom(overlay.frame, { type: 'overlay:init', token })).toMatchObject({
    ok: true,
  });
  for (const request of requests)
    expect(await sendFrom(overlay.frame, request), request.type).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
});
