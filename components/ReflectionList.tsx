import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Session } from '../content/pack-schema';
import type { Reflection } from '../utils/protocol/records';
import { formatDateTime, formatMediaTime, t } from '../utils/i18n';
import { outcomeTags } from './outcome-tags';
import { errorText, type Status } from './status-text';
import type { WritingTransport } from './writing-transport';

/** Props of {@link ReflectionList}. */
export interface ReflectionListProps {
  /** Where deletes go: the overlay's tab, or the tab the popup writes for. */
  transport: Pick<WritingTransport, 'remove'>;
  /** This reading's reflections, newest first. */
  reflections: Reflection[];
  session: Session;
  onChanged: (reflections: Reflection[]) => void;
  onEdit: (reflection: Reflection) => void;
  onStatus: (status: Status) => void;
  /** What goes under a reflection's quote (the overlay: found in the page or not). */
  quoteStatus?: (reflection: Reflection) => ComponentChildren;
}

/** A reading's reflections, newest first, each editable and deletable, with Undo after delete. */
export function ReflectionList({
  transport,
  reflections,
  session,
  onChanged,
  onEdit,
  onStatus,
  quoteStatus,
}: ReflectionListProps) {
  const [deleted, setDeleted] = useState<string | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);

  const remove = async (id: string, restore: boolean) => {
    const reply = await transport.remove(id, restore);
    if (!reply.ok) {
      onStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    onChanged(reply.reflections);
    setDeleted(restore ? null : id);
    onStatus({ text: restore ? t('restored') : t('deleted'), kind: 'info' });
    // After a delete, the Undo button is the natural next stop for the keyboard.
    if (!restore) requestAnimationFrame(() => undoButton.current?.focus());
  };

  return (
    <div class="reflection-list">
      {deleted && (
        <p class="undo" data-testid="undo-notice">
          {t('deleted')}{' '}
          <button type="button" ref={undoButton} onClick={() => void remove(deleted, true)}>
            {t('undo')}
          </button>
        </p>
      )}
      {reflections.length === 0 ? (
        <p class="muted">{t('noReflections')}</p>
      ) : (
        <ol class="reflection-items" data-testid="reflection-list">
          {reflections.map((r) => {
            const when = formatDateTime(r.createdAt);
            const tags = outcomeTags(session, r.outcomeIds);
            return (
              <li key={r.id} class="reflection" data-reflection-id={r.id}>
                <p class="reflection-meta muted">
                  <time dateTime={r.createdAt}>{when}</time>
                  {r.mediaTime !== null && <> · {t('atTime', formatMediaTime(r.mediaTime))}</>}
                </p>
                {r.quote && <blockquote class="reflection-quote">{r.quote.exact}</blockquote>}
                {quoteStatus?.(r)}
                <p class="reflection-text">{r.text}</p>
                {tags && (
                  <p class="reflection-tags muted" data-testid="reflection-tags">
                    {t('speaksTo', tags)}
                  </p>
                )}
                <div class="reflection-actions">
                  <button
                    type="button"
                    class="link-button"
                    aria-label={t('editNamed', when)}
                    onClick={() => {
                      onEdit(r);
                    }}
                  >
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={t('deleteNamed', when)}
                    onClick={() => void remove(r.id, false)}
                  >
                    {t('delete')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
