import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { localized, type Resource, type Session } from '../content/pack-schema';
import type { Draft, Reflection, Writing } from '../utils/protocol/records';
import { formatMediaTime, t, tn } from '../utils/i18n';
import { browser } from 'wxt/browser';
import {
  type DraftAck,
  type DraftPost,
  type DraftRequest as DraftMessage,
} from '../utils/protocol/messages';
import { errorText, type Status } from './status-text';
import type { WritingTransport } from './writing-transport';
import './reflection-editor.css';

/** What the editor holds: the learner's writing and which reflection it edits. */
type Editing = Writing & Pick<Draft, 'editingId' | 'baseUpdatedAt'>;

const EMPTY: Editing = {
  text: '',
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  editingId: null,
  baseUpdatedAt: null,
};

/** Words in a text, as the learner's language splits them. */
export function countWords(text: string, lang: string): number {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

/** Props of {@link ReflectionEditor}. */
export interface ReflectionEditorProps {
  /** Where what is written goes: the overlay's tab, or the tab the popup writes for. */
  transport: WritingTransport;
  session: Session;
  resource: Resource;
  /** The draft left from an earlier visit, restored into the editor. */
  draft: Draft | null;
  /** A reflection the learner chose to edit (from the list), or null. */
  editing: Reflection | null;
  lang: string;
  onSaved: (reflections: Reflection[]) => void;
  onEditDone: () => void;
  onStatus: (status: Status) => void;
}

/**
 * The reflection editor, in the overlay and in the popup: a text box that grows with its text
 * and keeps a draft as the learner types (and when the tab or popup closes), outcome tags and,
 * where the page can be read (the overlay), a quote of its selection and, on videos and
 * podcasts, the current media time.
 */
export function ReflectionEditor(props: ReflectionEditorProps) {
  const { transport, session, resource, draft, editing, lang, onStatus } = props;
  const owner = useMemo(() => crypto.randomUUID(), []);
  const [w, setW] = useState<Editing>(() =>
    draft
      ? {
          text: draft.text,
          quote: draft.quote,
          mediaTime: draft.mediaTime,
          outcomeIds: draft.outcomeIds,
          editingId: draft.editingId,
          baseUpdatedAt: draft.baseUpdatedAt,
        }
      : EMPTY,
  );
  const box = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(w);

  // Drafts stream to the background over a port: it writes them when typing pauses and, if
  // the tab closes, at once, so the words typed just before closing are kept. A worker that
  // stops before it writes loses what it held, so the latest post stays here until the
  // background answers it, and is sent again as soon as the port drops.
  const port = useRef<ReturnType<typeof browser.runtime.connect> | null>(null);
  const seq = useRef(0);
  const unanswered = useRef<DraftPost | null>(null);
  const connect = () => {
    const p = browser.runtime.connect({ name: 'draft' });
    p.onMessage.addListener((raw: unknown) => {
      const ack = raw as DraftAck;
      const left = unanswered.current;
      if (left && ack.seq >= left.seq) unanswered.current = null;
      if (ack.error)
        onStatus({ text: `${errorText(t, ack.error)} ${t('textKept')}`, kind: 'error' });
    });
    p.onDisconnect.addListener(() => {
      if (port.current === p) port.current = null;
      // The worker stopped or restarted: what it had not written yet is sent again, now.
      const left = unanswered.current;
      if (left) post(left.request);
    });
    return p;
  };
  const post = (request: DraftMessage) => {
    const message: DraftPost = { seq: ++seq.current, request };
    unanswered.current = message;
    try {
      port.current ??= connect();
      port.current.postMessage(message);
    } catch {
      port.current = null;
      onStatus({ text: `${t('error_internal')} ${t('textKept')}`, kind: 'error' });
    }
  };
  const clearDraft = () => {
    post(transport.draftClear(owner));
  };
  const saveDraft = (d: Editing) => {
    post(transport.draftSave({ owner, ...d }));
  };

  const change = (next: Partial<Editing>) => {
    const d = { ...latest.current, ...next };
    latest.current = d;
    setW(d);
    const empty = d.text.trim() === '' && d.quote === null && d.editingId === null;
    if (empty) clearDraft();
    else saveDraft(d);
  };

  useEffect(
    () => () => {
      port.current?.disconnect();
    },
    [],
  );

  // The list asked to edit a reflection: load it.
  useEffect(() => {
    if (!editing) return;
    change({
      text: editing.text,
      quote: editing.quote,
      mediaTime: editing.mediaTime,
      outcomeIds: editing.outcomeIds,
      editingId: editing.id,
      baseUpdatedAt: editing.updatedAt,
    });
    box.current?.focus();
  }, [editing]);

  // Grow with the text.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [w.text]);

  const save = async () => {
    const d = latest.current;
    if (d.text.trim() === '') {
      onStatus({ text: t('emptyReflection'), kind: 'error' });
      box.current?.focus();
      return;
    }
    // Clear the draft first, over the same port as the drafts, so no pending draft write can
    // bring it back after the reflection is saved. If the save fails, the draft is sent again.
    clearDraft();
    const reply = await transport.save({
      draftOwner: owner,
      text: d.text,
      quote: d.quote,
      mediaTime: d.mediaTime,
      outcomeIds: d.outcomeIds,
      ...(d.editingId !== null && { id: d.editingId }),
      ...(d.baseUpdatedAt !== null && { baseUpdatedAt: d.baseUpdatedAt }),
    });
    if (!reply.ok) {
      saveDraft(d);
      onStatus({ text: `${errorText(t, reply.error)} ${t('textKept')}`, kind: 'error' });
      return;
    }
    latest.current = EMPTY;
    setW(EMPTY);
    props.onSaved(reply.reflections);
    props.onEditDone();
    onStatus({ text: reply.conflict ? t('savedConflict') : t('saved'), kind: 'info' });
    box.current?.focus();
  };

  const cancelEdit = () => {
    change(EMPTY);
    props.onEditDone();
    box.current?.focus();
  };

  const { capture } = transport;
  const quote = async (read: NonNullable<typeof capture>) => {
    const reply = await read('selection');
    if (!reply.ok) onStatus({ text: errorText(t, reply.error), kind: 'error' });
    else if (!reply.quote) onStatus({ text: t('quoteNone'), kind: 'error' });
    else change({ quote: reply.quote });
  };

  const insertTime = async (read: NonNullable<typeof capture>) => {
    const reply = await read('media');
    if (!reply.ok) {
      onStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    if (reply.mediaTime === null) {
      onStatus({ text: t('insertTimeNone'), kind: 'error' });
      return;
    }
    const el = box.current;
    const text = latest.current.text;
    const at = el ? el.selectionStart : text.length;
    const space = at > 0 && !/\s/.test(text.charAt(at - 1)) ? ' ' : '';
    const stamp = `${space}${t('atTime', formatMediaTime(reply.mediaTime))} `;
    change({ text: text.slice(0, at) + stamp + text.slice(at), mediaTime: reply.mediaTime });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + stamp.length, at + stamp.length);
    });
  };

  const media = resource.kind === 'watch' || resource.kind === 'listen';
  const words = countWords(w.text, lang);

  return (
    <form
      class="editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label for="reflection-text">
        {w.editingId ? t('editorEditingLabel') : t('editorLabel')}
      </label>
      <textarea
        id="reflection-text"
        ref={box}
        rows={3}
        value={w.text}
        aria-describedby="reflection-hint reflection-words"
        onInput={(e) => {
          change({ text: e.currentTarget.value });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <p class="editor-meta muted">
        <span id="reflection-hint">{t('editorHint')}</span>{' '}
        <span id="reflection-words" data-testid="word-count">
          {tn('words', words)}
        </span>
      </p>

      {w.quote && (
        <figure class="quote">
          <figcaption>{t('quoteLabel')}</figcaption>
          <blockquote data-testid="editor-quote">{w.quote.exact}</blockquote>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              change({ quote: null });
            }}
          >
            {t('quoteRemove')}
          </button>
        </figure>
      )}

      {capture && (
        <div class="capture">
          <button type="button" onClick={() => void quote(capture)}>
            {t('quoteSelection')}
          </button>
          {media && (
            <button type="button" onClick={() => void insertTime(capture)}>
              {t('insertTime')}
            </button>
          )}
        </div>
      )}

      {session.outcomes.length > 0 && (
        <fieldset class="tags">
          <legend>{t('tagLegend')}</legend>
          {session.outcomes.map((o, i) => (
            <label key={o.id} class="tag">
              <input
                type="checkbox"
                checked={w.outcomeIds.includes(o.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  const ids = latest.current.outcomeIds.filter((id) => id !== o.id);
                  change({ outcomeIds: on ? [...ids, o.id] : ids });
                }}
              />
              <span>
                <strong>{t('outcomeNumber', i + 1)}</strong> {localized(o, 'text', lang)}
              </span>
            </label>
          ))}
        </fieldset>
      )}

      <div class="actions">
        <button type="submit" class="primary">
          {w.editingId ? t('saveEdit') : t('save')}
        </button>
        {w.editingId && (
          <button type="button" onClick={cancelEdit}>
            {t('cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}
