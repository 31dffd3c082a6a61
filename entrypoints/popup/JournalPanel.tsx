import { useRef, useState } from 'preact/hooks';
import type { Session } from '../../content/pack-schema';
import { formatDateTime, t, tn } from '../../utils/i18n';
import { LIMITS } from '../../utils/protocol/limits';
import { send } from '../../utils/send';
import { type BackupStatus, type ImportCounts } from '../../utils/protocol/messages';
import { download } from '../../components/download';
import { errorText, type Status } from '../../components/status-text';
import { SyncSlot } from './SyncSlot';

/** A file bigger than this is refused before it is read (as parseBackup would refuse it). */
const MAX_FILE_BYTES = LIMITS.backupBytes;

/** The import counts in words: "12 new reflections, 3 updates, 0 conflicts (both versions kept)". */
export function countsText(c: ImportCounts): string {
  return [
    tn('importNew', c.added),
    tn('importUpdates', c.updated),
    tn('importConflicts', c.conflicts),
    // The pages the learner linked as resources: named only when the backup brings some.
    ...(c.links > 0 ? [tn('importLinks', c.links)] : []),
  ].join(', ');
}

/** Props of {@link JournalPanel}. */
export interface JournalPanelProps {
  /** The session the popup shows (the Markdown export fetches the pack when asked). */
  session: Session;
  backup: BackupStatus | null;
  /** Live reflections of other courses (a pack of another course was imported). */
  otherCourses?: number;
  lang: string;
}

/**
 * The learner's journal: export it as Markdown (to read, print or post) or as a JSON backup
 * (to restore), for this session or the whole course; restore a backup after a preview; and
 * a gentle reminder when new work has gone a week without an export. Reflections of another
 * course (after a facilitator imported a pack of another course) are named, never hidden: the
 * learner can export everything or move them into this course, word for word.
 */
export function JournalPanel({ session, backup, otherCourses = 0, lang }: JournalPanelProps) {
  const [scope, setScope] = useState<'session' | 'course'>('session');
  const [status, setStatus] = useState<Status | null>(null);
  const [pending, setPending] = useState<{ text: string; counts: ImportCounts } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const exportAs = async (
    format: 'markdown' | 'json' | 'annotations',
    of: 'session' | 'course' = scope,
  ) => {
    // User Timing for the benchmark (npm run bench): click → file handed to the browser.
    const started = performance.now();
    const reply = await send({
      type: 'export:prepare',
      sessionId: of === 'session' ? session.id : null,
      format,
    });
    if (!reply.ok) {
      setStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    if (format !== 'markdown')
      download(
        reply.fileName,
        reply.json,
        format === 'json' ? 'application/json' : 'application/ld+json',
      );
    else {
      // The popup holds one session; the journal needs the course's (its order, what a newer
      // pack no longer lists), so it asks for the pack now, when the learner wants the file.
      // The Markdown writer is loaded then too: the popup opens without it.
      const [current, { exportMarkdown }] = await Promise.all([
        send({ type: 'pack:current' }),
        import('../../utils/journal/markdown'),
      ]);
      if (!current.ok) {
        setStatus({ text: errorText(t, current.error), kind: 'error' });
        return;
      }
      const { pack } = current;
      const markdown = exportMarkdown({
        pack,
        sessionIds: of === 'session' ? [session.id] : pack.sessions.map((s) => s.id),
        reflections: reply.reflections,
        progress: reply.progress,
        t,
        lang,
        exportedAt: new Date(),
      });
      download(reply.fileName, markdown, 'text/markdown');
    }
    performance.measure(`companion:export-${format}`, { start: started, end: performance.now() });
    setStatus({ text: t('exported', reply.fileName), kind: 'info' });
  };

  const chooseFile = async (chosen: File | undefined) => {
    setPending(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setStatus({
        text: errorText(t, { code: 'backup_refused', reason: 'too_large' }),
        kind: 'error',
      });
      return;
    }
    setStatus({ text: t('importReading'), kind: 'info' });
    const text = await chosen.text();
    const reply = await send({ type: 'import:preview', text });
    if (!reply.ok) {
      setStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    setStatus(null);
    setPending({ text, counts: reply.counts });
    requestAnimationFrame(() => confirmButton.current?.focus());
  };

  const confirm = async () => {
    if (!pending) return;
    const started = performance.now();
    const reply = await send({ type: 'import:apply', text: pending.text });
    performance.measure('companion:import-apply', { start: started, end: performance.now() });
    setPending(null);
    if (file.current) file.current.value = '';
    setStatus(
      reply.ok
        ? { text: t('imported', countsText(reply.counts)), kind: 'info' }
        : { text: errorText(t, reply.error), kind: 'error' },
    );
  };

  const adopt = async () => {
    const reply = await send({ type: 'reflections:adopt' });
    setStatus(
      reply.ok
        ? { text: tn('otherCourseMoved', reply.moved), kind: 'info' }
        : { text: errorText(t, reply.error), kind: 'error' },
    );
  };

  const nothingToDo =
    pending !== null &&
    pending.counts.added +
      pending.counts.updated +
      pending.counts.conflicts +
      pending.counts.links ===
      0;

  return (
    <section aria-labelledby="journal-heading" class="journal">
      <h2 id="journal-heading">{t('journalSection')}</h2>
      {backup && (
        <p class="muted small" data-testid="last-export">
          {backup.lastExportAt
            ? t('lastExport', formatDateTime(backup.lastExportAt))
            : t('neverExported')}
        </p>
      )}
      {backup?.reminder && (
        <p class="reminder" data-testid="backup-reminder">
          {tn('backupReminder', backup.changedSinceExport)}
        </p>
      )}
      {otherCourses > 0 && (
        <div
          class="reminder"
          role="group"
          aria-labelledby="other-courses-text"
          data-testid="other-courses"
        >
          <p id="other-courses-text">{tn('otherCourseReflections', otherCourses)}</p>
          <p class="buttons">
            <button type="button" onClick={() => void exportAs('json', 'course')}>
              {t('otherCourseExport')}
            </button>
            <button type="button" onClick={() => void adopt()}>
              {t('otherCourseMove')}
            </button>
          </p>
        </div>
      )}
      <fieldset class="scope">
        <legend>{t('exportScope')}</legend>
        {(['session', 'course'] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="export-scope"
              value={value}
              checked={scope === value}
              onChange={() => {
                setScope(value);
              }}
            />{' '}
            {value === 'session' ? t('scopeSession') : t('scopeCourse')}
          </label>
        ))}
      </fieldset>
      <p class="buttons">
        <button type="button" onClick={() => void exportAs('markdown')}>
          {t('exportMarkdown')}
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          {t('exportJson')}
        </button>
        <button type="button" onClick={() => void exportAs('annotations')}>
          {t('exportAnnotations')}
        </button>
      </p>
      <p>
        <label for="import-file">{t('importLabel')}</label>
        <input
          id="import-file"
          ref={file}
          type="file"
          accept=".json,application/json"
          onChange={(e) => void chooseFile(e.currentTarget.files?.[0])}
        />
      </p>
      {pending && (
        <div
          class="confirm"
          role="group"
          aria-labelledby="import-question"
          data-testid="import-preview"
        >
          <p id="import-question">
            <strong>{t('importQuestion')}</strong>{' '}
            {nothingToDo ? t('importNothing') : countsText(pending.counts)}
          </p>
          <p class="buttons">
            <button
              type="button"
              class="primary"
              ref={confirmButton}
              onClick={() => void confirm()}
            >
              {t('importConfirm')}
            </button>
            <button
              type="button"
              onClick={() => {
                setPending(null);
                if (file.current) file.current.value = '';
              }}
            >
              {t('importCancel')}
            </button>
          </p>
        </div>
      )}
      <SyncSlot lang={lang} />
      <p class="live" role="status" data-testid="journal-status">
        {status?.kind === 'info' ? status.text : ''}
      </p>
      <p class="live error" role="alert" data-testid="journal-error">
        {status?.kind === 'error' ? status.text : ''}
      </p>
    </section>
  );
}
