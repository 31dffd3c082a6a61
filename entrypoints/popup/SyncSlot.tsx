import { useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { t } from '../../utils/i18n';

/**
 * The journal's "Sync between devices" button: the sync settings (`SyncPanel.tsx`) load on
 * the first click, so the popup opens without them (its script has a size budget).
 */
export function SyncSlot({ lang }: { lang: string }) {
  const [Panel, setPanel] = useState<ComponentType<{ lang: string }> | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    setOpen(!open);
    if (!Panel) void import('./SyncPanel').then((m) => setPanel(() => m.SyncPanel));
  };
  return (
    <div class="sync">
      <button type="button" aria-expanded={open} aria-controls="sync-panel" onClick={toggle}>
        {t('syncToggle')}
      </button>
      <div id="sync-panel" hidden={!open}>
        {open && Panel && <Panel lang={lang} />}
      </div>
    </div>
  );
}
