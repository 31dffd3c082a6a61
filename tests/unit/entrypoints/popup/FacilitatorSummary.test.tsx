import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  FacilitatorFooter,
  LinkSummaryLine,
} from '../../../../entrypoints/popup/FacilitatorSummary';
import { testPack as bundledPack } from '../../../fixtures/test-pack';
import type { StoredLinkCheck } from '../../../../utils/protocol/records';

const check: StoredLinkCheck = {
  courseId: 'seize-fse',
  resourceId: 'civil-power-partner-state',
  url: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  status: 'not_found',
  finalUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  chain: [],
  httpStatus: 404,
  ms: 120,
  checkedAt: '2026-11-28T12:00:00.000Z',
};

/** A background that answers the popup's facilitator line, recording every request. */
function fakeBackground(checks: StoredLinkCheck[]) {
  const requests: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string };
    requests.push(m);
    if (m.type === 'facilitator:state') return { ok: true, checks, diffs: [] };
    return { ok: false, error: { code: 'internal' } };
  });
  return requests;
}

describe('the popup’s facilitator line', () => {
  it('counts the session’s checked links, and shows nothing when none was checked', async () => {
    fakeBackground([
      check,
      { ...check, resourceId: 'half-past-capitalism', status: 'works', httpStatus: 200 },
      { ...check, resourceId: 'preston-model', status: 'missing', httpStatus: null, url: null },
    ]);
    const session = bundledPack.sessions[0]!;
    render(<LinkSummaryLine courseId={bundledPack.id} session={session} />);
    expect((await screen.findByTestId('link-summary')).textContent).toBe(
      'Links that work: 1 of 3 · missing: 1',
    );
  });

  it('shows nothing when no link was checked', async () => {
    const requests = fakeBackground([]);
    const { container } = render(
      <LinkSummaryLine courseId={bundledPack.id} session={bundledPack.sessions[0]!} />,
    );
    await waitFor(() => expect(requests.map((r) => r.type)).toContain('facilitator:state'));
    expect(container.textContent).toBe('');
  });

  it('opens the facilitator page from the footer', () => {
    const open = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = open;
    render(<FacilitatorFooter />);
    fireEvent.click(screen.getByRole('button', { name: 'Facilitator tools' }));
    expect(open).toHaveBeenCalledOnce();
  });
});
