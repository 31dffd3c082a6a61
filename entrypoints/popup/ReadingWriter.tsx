import { useMemo, useState } from 'preact/hooks';
import { localized } from '../../content/pack-schema';
import type { Reflection } from '../../utils/protocol/records';
import type { WriterState } from '../../utils/protocol/messages';
import { t } from '../../utils/i18n';
import { send } from '../../utils/send';
import { ReflectionWriting } from '../../components/ReflectionWriting';
import { errorText, type Status } from '../../components/status-text';
import { useBackground, type TakeFrom } from '../../components/use-background';
import type { WritingTransport } from '../../components/writing-transport';

/**
 * The editor's requests from the popup: the reading is the one tab `tabId`'s address is, as
 * the background reads it. The popup cannot read the page: no quote, no media time.
 */
const writerTransport = (tabId: number): WritingTransport => ({
  draftSave: (fields) => ({ type: 'writer:draft:save', tabId, ...fields }),
  draftClear: (owner) => ({ type: 'writer:draft:clear', tabId, owner }),
  save: (fields) => send({ type: 'writer:save', tabId, ...fields }),
  remove: (id, restore) => send({ type: 'writer:delete', tabId, id, restore }),
});

type InitReply = { ok: true; state: WriterState };

/** Take the fresh reflections into the kept state; this editor stays as it is. */
const takeReflections: TakeFrom<InitReply> = (kept, fresh) => ({
  ...kept,
  state: { ...kept.state, reflections: fresh.state.reflections },
});

/**
 * The popup's writer, for a tab whose address is a reading but where no overlay can be (a PDF
 * in the browser's viewer, a host not granted, a page that refuses scripts): the same editor
 * as the overlay's (outcome tags, a draft kept as the learner types and when the popup closes,
 * Ctrl+Enter saves) and the reading's reflections, saved to that reading.
 */
export function ReadingWriter({ tabId, lang }: { tabId: number; lang: string }) {
  const transport = useMemo(() => writerTransport(tabId), [tabId]);
  const [status, setStatus] = useState<Status | null>(null);
  const { reply, error, update } = useBackground<InitReply>(
    () => send({ type: 'writer:init', tabId }),
    (m, kept) =>
      m.type === 'pack:changed' ||
      (m.type === 'reflections:changed' &&
        m.resourceId === kept?.state.reading.resourceId &&
        takeReflections),
    [tabId],
  );
  const state = reply?.state;
  const resource = state?.session.resources.find((r) => r.id === state.reading.resourceId);
  if (!state || !resource)
    return error ? (
      <p class="error" role="alert">
        {errorText(t, error)}
      </p>
    ) : null;
  const setReflections = (reflections: Reflection[]) => {
    update((now) => ({ ...now, state: { ...now.state, reflections } }));
  };
  const title = localized(resource, 'title', lang);
  return (
    <section class="notice writer" aria-labelledby="writer-heading" data-testid="reading-writer">
      <h2 id="writer-heading">{t('writerHeading', title)}</h2>
      <p class="muted small">{t('writerNotice')}</p>
      <ReflectionWriting
        transport={transport}
        session={state.session}
        resource={resource}
        draft={state.draft}
        reflections={state.reflections}
        lang={lang}
        onReflections={setReflections}
        onStatus={setStatus}
        between={
          <>
            {/* Two fixed live regions: screen readers announce changes to regions that exist. */}
            <p class="live" role="status" data-testid="writer-status">
              {status?.kind === 'info' ? status.text : ''}
            </p>
            <p class="live error" role="alert" data-testid="writer-error">
              {status?.kind === 'error' ? status.text : ''}
            </p>
            <h3>{t('writerReflections')}</h3>
          </>
        }
      />
    </section>
  );
}
