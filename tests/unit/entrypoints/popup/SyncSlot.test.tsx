import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SyncSlot } from '../../../../entrypoints/popup/SyncSlot';

describe('the journal’s sync button', () => {
  it('loads the sync settings on the first click, and says whether they are open', async () => {
    const asked: string[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      asked.push((message as { type: string }).type);
      return {
        ok: true,
        sync: {
          enabled: false,
          server: null,
          database: null,
          lastSyncedAt: null,
          waiting: 0,
          lastError: null,
          refused: 0,
        },
      };
    });
    render(<SyncSlot lang="en" />);
    const button = screen.getByRole('button', { name: 'Sync between devices' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(asked).toEqual([]);
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    await screen.findByLabelText('Server address');
    await waitFor(() => expect(asked).toEqual(['sync:state']));
  });
});
