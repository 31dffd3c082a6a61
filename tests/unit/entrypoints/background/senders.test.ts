import { describe, expect, it } from 'vitest';
import {
  senderKind,
  type SenderInfo,
  type SenderKind,
} from '../../../../entrypoints/background/senders';
import {
  contentScript,
  facilitatorPage,
  ORIGIN,
  overlayFrame,
  popup,
  READING,
} from '../../helpers';

describe('which kind of sender a message came from', () => {
  it.each<[string, SenderInfo, SenderKind]>([
    ['a content script in a tab’s top frame', contentScript(1), 'content-script'],
    ['a content script in a sub-frame', { ...contentScript(1), frameId: 4 }, 'unknown'],
    ['a web page without a tab', { id: 'abcdef', url: READING, frameId: 0 }, 'unknown'],
    ['a non-web address in a tab', contentScript(1, 'file:///home/x.html'), 'unknown'],
    ['the overlay frame in a tab', overlayFrame(1), 'overlay'],
    ['overlay.html as a tab’s top frame', { ...overlayFrame(1), frameId: 0 }, 'unknown'],
    ['overlay.html without a tab', { id: 'abcdef', url: `${ORIGIN}overlay.html` }, 'unknown'],
    ['the toolbar popup', popup, 'popup'],
    ['popup.html in a tab', { ...popup, frameId: 0, tab: { id: 2 } }, 'popup'],
    ['popup.html framed in a tab', { ...popup, frameId: 3, tab: { id: 2 } }, 'unknown'],
    ['the facilitator page', facilitatorPage, 'options'],
    [
      'the facilitator page in a tab',
      { ...facilitatorPage, frameId: 0, tab: { id: 2 } },
      'options',
    ],
    ['another page of the extension', { id: 'abcdef', url: `${ORIGIN}other.html` }, 'unknown'],
    ['a look-alike path prefix', { id: 'abcdef', url: `${ORIGIN}popup.html.evil/x` }, 'unknown'],
    [
      'an origin that only starts like the extension’s',
      { ...contentScript(1), url: 'chrome-extension://abcdefg/popup.html' },
      'unknown',
    ],
    ['an address that does not parse', { ...contentScript(1), url: 'not a url' }, 'unknown'],
    ['no address', { id: 'abcdef', frameId: 0, tab: { id: 1 } }, 'unknown'],
  ])('tells %s apart', (_name, sender, kind) => {
    expect(senderKind(sender, ORIGIN)).toBe(kind);
  });
});
