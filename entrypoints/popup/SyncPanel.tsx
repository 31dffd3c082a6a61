import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatDateTime, t, tn } from '../../utils/i18n';
import { send } from '../../utils/send';
import {
  syncPermissions,
  serverAddress,
  syncErrorKey,
  type SyncConfig,
  type SyncErrorCode,
  type SyncStatus,
} from '../../utils/protocol/sync';
import { errorText, type Status } from '../../components/status-text';
import { onBroadcast } from '../../components/broadcasts';

type AuthKind = SyncConfig['auth']['kind'];

/** When the journal last synced, in words: "Synced 2 minutes ago." */
export function lastSyncedText(iso: string | null, lang: string, now = Date.now()): string {
  if (iso === null) return t('syncNever');
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  if (Math.abs(minutes) >= 24 * 60) return t('syncLast', formatDateTime(iso));
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const when =
    Math.abs(minutes) < 60
      ? rtf.format(minutes, 'minute')
      : rtf.format(Math.round(minutes / 60), 'hour');
  return t('syncLast', when);
}

/**
 * Sync settings and status (opt-in): the server, database and credentials a course gives;
 * "Test the connection"; on, the last sync, what waits and the last error, "Sync now" and
 * "Turn off sync". The browser is asked for exactly the server's origin at the click, before
 * the background is sent anything. The credentials go to the background and never come back.
 */
export function SyncPanel({ lang }: { lang: string }) {
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState('');
  const [database, setDatabase] = useState('');
  const [kind, setKind] = useState<AuthKind>('basic');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');

  useEffect(() => {
    const load = () =>
      void send({ type: 'sync:state' }).then((reply) => {
        if (reply.ok) setSync(reply.sync);
        else setStatus({ text: errorText(t, reply.error), kind: 'error' });
      });
    load();
    // A sync the background ran by itself (after a change, on its alarm) changes the status.
    return onBroadcast((m) => {
      if (m.type === 'sync:changed') load();
    });
  }, []);

  const settings = (): SyncConfig => ({
    server: serverAddress(server.trim()) ?? '',
    database: database.trim(),
    auth:
      kind === 'basic'
        ? { kind, username: username.trim(), password: secret }
        : kind === 'token'
          ? { kind, token: secret.trim() }
          : { kind },
  });
  const syncError = (code: SyncErrorCode) =>
    setStatus({ text: t(syncErrorKey(code)), kind: 'error' });

  /** Ask the browser for the server (at the click, before anything is awaited), then `act`. */
  const withServer = (act: (s: SyncConfig) => Promise<void>) => {
    const s = settings();
    if (!s.server) {
      setStatus({ text: t('syncBadAddress'), kind: 'error' });
      return;
    }
    setBusy(true);
    void browser.permissions
      // In Firefox also the learner's consent to send their data (its built-in data consent).
      .request(
        syncPermissions(s.server, import.meta.env.FIREFOX) as Parameters<
          typeof browser.permissions.request
        >[0],
      )
      .then((granted) => (granted ? act(s) : syncError('cors')))
      .catch(() => syncError('cors'))
      .finally(() => setBusy(false));
  };

  const test = () =>
    withServer(async (s) => {
      const reply = await send({ type: 'sync:test', settings: s });
      if (!reply.ok) setStatus({ text: errorText(t, reply.error), kind: 'error' });
      else if (reply.error) syncError(reply.error);
      else setStatus({ text: t('syncTestOk'), kind: 'info' });
    });

  const enable = () =>
    withServer(async (s) => {
      const reply = await send({ type: 'sync:configure', settings: s });
      if (!reply.ok) {
        setStatus({ text: errorText(t, reply.error), kind: 'error' });
        return;
      }
      setSync(reply.sync);
      if (reply.error) syncError(reply.error);
      else setStatus(reply.sync.lastError ? null : { text: t('syncDone'), kind: 'info' });
      setSecret('');
    });

  const act = async (type: 'sync:now' | 'sync:disable') => {
    setBusy(true);
    const reply = await send({ type });
    setBusy(false);
    if (!reply.ok) {
      setStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    setSync(reply.sync);
    if (type === 'sync:disable') setStatus({ text: t('syncTurnedOff'), kind: 'info' });
    else setStatus(reply.sync.lastError ? null : { text: t('syncDone'), kind: 'info' });
  };

  return (
    <div class="sync-panel" aria-busy={busy}>
      <p class="muted small">{t('syncIntro')}</p>
      {sync?.enabled ? (
        <>
          <p data-testid="sync-on">{t('syncOn', [sync.server ?? '', sync.database ?? ''])}</p>
          <p data-testid="sync-last">{lastSyncedText(sync.lastSyncedAt, lang)}</p>
          {sync.waiting > 0 && <p>{tn('syncWaiting', sync.waiting)}</p>}
          {sync.lastError && (
            <p class="reminder" data-testid="sync-error">
              {t('syncLastError', t(syncErrorKey(sync.lastError)))}
            </p>
          )}
          <p class="buttons">
            <button type="button" disabled={busy} onClick={() => void act('sync:now')}>
              {t('syncNow')}
            </button>
            <button type="button" disabled={busy} onClick={() => void act('sync:disable')}>
              {t('syncDisable')}
            </button>
          </p>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            enable();
          }}
        >
          {sync && <p>{t('syncOff')}</p>}
          <p>
            <label for="sync-server">{t('syncServer')}</label>
            <input
              id="sync-server"
              type="url"
              required
              autoComplete="url"
              value={server}
              onInput={(e) => setServer(e.currentTarget.value)}
            />
          </p>
          <p>
            <label for="sync-database">{t('syncDatabase')}</label>
            <input
              id="sync-database"
              required
              autoCapitalize="none"
              spellcheck={false}
              value={database}
              onInput={(e) => setDatabase(e.currentTarget.value)}
            />
          </p>
          <fieldset class="scope">
            <legend>{t('syncAuth')}</legend>
            {(['basic', 'token', 'none'] as const).map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name="sync-auth"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />{' '}
                {t(
                  k === 'basic'
                    ? 'syncAuthBasic'
                    : k === 'token'
                      ? 'syncAuthToken'
                      : 'syncAuthNone',
                )}
              </label>
            ))}
          </fieldset>
          {kind === 'basic' && (
            <p>
              <label for="sync-username">{t('syncUsername')}</label>
              <input
                id="sync-username"
                autoComplete="username"
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            </p>
          )}
          {kind !== 'none' && (
            <p>
              <label for="sync-secret">{t(kind === 'basic' ? 'syncPassword' : 'syncToken')}</label>
              <input
                id="sync-secret"
                type="password"
                autoComplete={kind === 'basic' ? 'current-password' : 'off'}
                value={secret}
                onInput={(e) => setSecret(e.currentTarget.value)}
              />
            </p>
          )}
          <p class="buttons">
            <button type="button" disabled={busy} onClick={test}>
              {t('syncTest')}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {t('syncEnable')}
            </button>
          </p>
        </form>
      )}
      <p class="live" role="status" data-testid="sync-status">
        {status?.kind === 'info' ? status.text : ''}
      </p>
      <p class="live error" role="alert" data-testid="sync-alert">
        {status?.kind === 'error' ? status.text : ''}
      </p>
    </div>
  );
}
