import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CompanionConsent } from '../../../components/CompanionConsent';

const MISSING = ['https://cles.org.uk/*', 'https://example.org/*', 'https://www.example.org/*'];

/** A background that says `missing` is not covered until `hosts:enable`, recording requests. */
function fakeBackground(missing = MISSING) {
  const requests: Record<string, unknown>[] = [];
  let enabled: string[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as { type: string; origins?: string[] };
    requests.push(m);
    if (m.type === 'hosts:enable') enabled = m.origins ?? [];
    const left = missing.filter((p) => !enabled.includes(p));
    return {
      ok: true,
      enabled,
      missing: left,
      missingHosts: [...new Set(left.map((p) => p.slice(8, -2).replace(/^www\./, '')))],
    };
  });
  return requests;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CompanionConsent', () => {
  it('asks the browser for exactly the missing hosts at the click, then tells the background', async () => {
    const requests = fakeBackground();
    const request = vi.fn(async () => true);
    fakeBrowser.permissions.request = request;
    render(<CompanionConsent sessionId="session-6" />);
    await screen.findByText(/cles\.org\.uk, example\.org\./);
    fireEvent.click(screen.getByRole('button', { name: 'Show the companion on these sites' }));
    expect(request).toHaveBeenCalledWith({ origins: MISSING });
    await waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe(
        'The companion will now show on cles.org.uk, example.org.',
      );
    });
    expect(requests).toContainEqual({ type: 'hosts:state', sessionId: 'session-6' });
    expect(requests).toContainEqual({ type: 'hosts:enable', origins: MISSING });
    await waitFor(() => {
      expect(screen.queryByRole('button')).toBeNull();
    });
    expect(screen.getByRole('status').textContent).toMatch(/will now show on/);
  });

  it('says so when the browser refuses, and tells the background nothing', async () => {
    const requests = fakeBackground();
    fakeBrowser.permissions.request = vi.fn(async () => false);
    render(<CompanionConsent />);
    fireEvent.click(await screen.findByRole('button', { name: /Show the companion/ }));
    await waitFor(() => {
      expect(screen.getByRole('alert').textContent).toMatch(/did not allow it/);
    });
    expect(requests.map((r) => r.type)).not.toContain('hosts:enable');
    expect(requests).toContainEqual({ type: 'hosts:state' });
  });

  it('shows nothing when every host is covered', async () => {
    const requests = fakeBackground([]);
    const { container } = render(<CompanionConsent sessionId="session-6" />);
    await waitFor(() => {
      expect(requests).toHaveLength(1);
    });
    expect(container.textContent).toBe('');
  });
});
