import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { JournalPanel } from '../../../../entrypoints/popup/JournalPanel';
import { threeSessions } from '../../helpers';

/** A background that answers the journal's export, recording every request. */
function fakeBackground() {
  const requests: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string; sessionId?: string | null };
    requests.push(m);
    if (m.type === 'pack:current')
      return { ok: true, pack: threeSessions(), source: 'imported', importedAt: null, learned: [] };
    if (m.type === 'export:prepare')
      return {
        ok: true,
        fileName: `seize-fse_${m.sessionId ?? 'all-sessions'}_2026-11-28.md`,
        // What the background built, for the formats it builds (JSON, Web Annotations).
        json: (m as { format?: string }).format === 'markdown' ? '' : '{"built":"background"}',
        reflections: [],
        progress: [],
      };
    return { ok: false, error: { code: 'internal' } };
  });
  return requests;
}

/** The files handed to the browser's download flow, as text. */
function downloads() {
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return () => Promise.all(blobs.map((b) => b.text()));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the journal’s Markdown export', () => {
  it('lists every session of the course, fetching the course only when asked', async () => {
    const requests = fakeBackground();
    const files = downloads();
    const session = threeSessions().sessions[1]!;
    render(<JournalPanel session={session} backup={null} lang="en" />);
    expect(requests.map((r) => r.type)).not.toContain('pack:current');
    fireEvent.click(screen.getByRole('radio', { name: 'The whole course' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export journal (Markdown)' }));
    await waitFor(async () => expect(await files()).toHaveLength(1));
    const [markdown] = await files();
    for (const title of threeSessions().sessions.map((s) => s.title))
      expect(markdown).toContain(title);
    expect(requests.map((r) => r.type)).toContain('pack:current');
  });

  it('exports one session as before', async () => {
    fakeBackground();
    const files = downloads();
    const session = threeSessions().sessions[1]!;
    render(<JournalPanel session={session} backup={null} lang="en" />);
    fireEvent.click(screen.getByRole('button', { name: 'Export journal (Markdown)' }));
    await waitFor(async () => expect(await files()).toHaveLength(1));
    const [markdown] = await files();
    expect(markdown).toContain('Title of session 7');
    expect(markdown).not.toContain('Title of session 8');
  });
});

describe('the journal’s Web Annotations export', () => {
  it('hands out the file the background built, as JSON-LD, for the scope chosen', async () => {
    const requests = fakeBackground();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const session = threeSessions().sessions[1]!;
    render(<JournalPanel session={session} backup={null} lang="en" />);
    fireEvent.click(screen.getByRole('radio', { name: 'The whole course' }));
    fireEvent.click(screen.getByRole('button', { name: 'Web annotations (JSON-LD)' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(blobs[0]?.type).toBe('application/ld+json');
    expect(await blobs[0]?.text()).toBe('{"built":"background"}');
    expect(requests).toContainEqual({
      type: 'export:prepare',
      sessionId: null,
      format: 'annotations',
    });
    // Built in the background: the popup never fetches the pack for it.
    expect(requests.map((r) => r.type)).not.toContain('pack:current');
  });
});
