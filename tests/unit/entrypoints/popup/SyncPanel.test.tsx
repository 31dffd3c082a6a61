import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { lastSyncedText, SyncPanel } from '../../../../entrypoints/popup/SyncPanel';
import type { SyncStatus } from '../../../../utils/protocol/sync';

const OFF: SyncStatus = {
  enabled: false,
  server: null,
  database: null,
  lastSyncedAt: null,
  waiting: 0,
  lastError: null,
  refused: 0,
};
const ON: SyncStatus = {
  ...OFF,
  enabled: true,
  server: 'https://couch.example.org',
  database: 'journal-amina',
  lastSyncedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
};

/** A background answering the sync requests, recording them; the browser grants `grant`. */
function fakeBackground(start: SyncStatus, grant = true) {
  const requests: Record<string, unknown>[] = [];
  const request = vi.fn(async (_p: { origins: string[] }) => grant);
  fakeBrowser.permissions.request = request;
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const m = message as Record<string, unknown> & { type: string };
    requests.push(m);
    if (m.type === 'sync:state') return { ok: true, sync: start };
    if (m.type === 'sync:configure')
      return { ok: true, sync: { ...ON, lastError: null }, error: null };
    if (m.type === 'sync:now') return { ok: true, sync: { ...ON, lastError: 'unauthorized' } };
    if (m.type === 'sync:disable') return { ok: true, sync: OFF };
    return { ok: false, error: { code: 'internal' } };
  });
  return { requests, request };
}

function fillForm(server: string) {
  fireEvent.input(screen.getByLabelText('Server address'), { target: { value: server } });
  fireEvent.input(screen.getByLabelText('Database'), { target: { value: 'journal-amina' } });
  fireEvent.input(screen.getByLabelText('User name'), { target: { value: 'amina' } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: 's3cret' } });
}

describe('the popup’s sync settings', () => {
  it('asks the browser for exactly the server, then turns sync on with the settings', async () => {
    const { requests, request } = fakeBackground(OFF);
    render(<SyncPanel lang="en" />);
    await screen.findByText('Sync is off. Your journal stays on this device.');
    fillForm('https://couch.example.org/');
    fireEvent.click(screen.getByRole('button', { name: 'Turn on sync' }));
    await screen.findByText('Syncing with https://couch.example.org (database journal-amina).');
    expect(request).toHaveBeenCalledWith({ origins: ['https://couch.example.org/*'] });
    expect(requests.find((r) => r.type === 'sync:configure')).toEqual({
      type: 'sync:configure',
      settings: {
        server: 'https://couch.example.org',
        database: 'journal-amina',
        auth: { kind: 'basic', username: 'amina', password: 's3cret' },
      },
    });
    expect(screen.getByTestId('sync-status').textContent).toBe('Synced.');
  });

  it('sends nothing when the browser refuses the server, and says why', async () => {
    const { requests } = fakeBackground(OFF, false);
    render(<SyncPanel lang="en" />);
    await screen.findByText('Sync is off. Your journal stays on this device.');
    fillForm('https://couch.example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Test the connection' }));
    await waitFor(() =>
      expect(screen.getByTestId('sync-alert').textContent).toMatch(/did not allow/),
    );
    expect(requests.map((r) => r.type)).toEqual(['sync:state']);
  });

  it('refuses an address that is not https, before asking anything', async () => {
    const { requests, request } = fakeBackground(OFF);
    render(<SyncPanel lang="en" />);
    await screen.findByText('Sync is off. Your journal stays on this device.');
    fillForm('http://couch.example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Turn on sync' }));
    expect(screen.getByTestId('sync-alert').textContent).toBe(
      'Enter an https address (or http on this computer).',
    );
    expect(request).not.toHaveBeenCalled();
    expect(requests.map((r) => r.type)).toEqual(['sync:state']);
  });

  it('shows when it last synced, and the last error in words; syncs now and turns off', async () => {
    const { requests } = fakeBackground(ON);
    render(<SyncPanel lang="en" />);
    await screen.findByText('Synced 2 minutes ago.');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await screen.findByText(
      'Last error: The sync server refused the user name, password or token.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Turn off sync' }));
    await screen.findByText('Sync is off. Your journal is still here.');
    expect(requests.map((r) => r.type)).toEqual(['sync:state', 'sync:now', 'sync:disable']);
    // The credentials are never shown back: the form is empty again.
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });
});

describe('a sync the background ran by itself', () => {
  it('shows at once in the open panel', async () => {
    let status: SyncStatus = OFF;
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) =>
      (message as { type: string }).type === 'sync:state' ? { ok: true, sync: status } : undefined,
    );
    render(<SyncPanel lang="en" />);
    await screen.findByText('Sync is off. Your journal stays on this device.');
    status = { ...ON, lastError: 'unreachable' };
    // As the background broadcasts: from this extension, from no tab.
    await fakeBrowser.runtime.onMessage
      .trigger({ type: 'sync:changed' }, { id: fakeBrowser.runtime.id })
      .then(() => undefined);
    await screen.findByText(/^Last error: The sync server could not be reached/);
  });
});

describe('lastSyncedText', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it.each([
    [null, 'Not synced yet.'],
    ['2026-11-28T11:58:00.000Z', 'Synced 2 minutes ago.'],
    ['2026-11-28T09:00:00.000Z', 'Synced 3 hours ago.'],
  ])('%s → %s', (iso, text) => expect(lastSyncedText(iso, 'en', now)).toBe(text));
});
